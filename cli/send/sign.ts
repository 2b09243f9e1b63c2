/**
 * Signs an outgoing request exactly as a provider would, from the provider's
 * DATA (a preset or a custom provider). Written with node:crypto, deliberately
 * independent of the Worker's WebCrypto verifier, so `hookgate send` against a
 * deployment is a real cross-check of both.
 *
 * One signer per signature `type`; a type without a signer is a clear error.
 */
import { createHash, createHmac, createPrivateKey, sign as asymmetricSign, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { setJsonPath } from "./sample.ts";
import type { EcdsaSignature, Ed25519Signature, HmacSignature, JwsSignature, Provider, RsaSignature, SignatureFormat, Source } from "../../src/rules/schema.ts";
import { signAdyen, signJws, signRsa } from "./sign-keyed.ts";
import { TEMPLATE_PLACEHOLDER } from "../../src/rules/schema.ts";

export class SendError extends Error {}

/** The request being built. Signers read it and add their header(s). */
export interface Outgoing {
  method: string;
  url: URL;
  headers: Headers;
  body: Buffer;
  /** The body as JSON, when hookgate send built it (a signature that lives in the body is written into it). */
  json?: Record<string, unknown>;
  /** Values already placed where the provider puts them (header / JSON / query / signature field). */
  timestamp?: string;
  id?: string;
}

export interface SignContext {
  provider: Provider;
  secret: string;
  /** The JWT's key when it is not `secret` (psk-jwt: the pre-shared key is `secret`). */
  jwtSecret?: string;
  /** Signature-header fields the user gives (Hygraph's env: --field env=master). */
  fields?: Record<string, string>;
  /** The route's values a payload signs as {value:name} (TikTok Shop's appKey: --value, or the --rules route). */
  values?: Record<string, string>;
  req: Outgoing;
}

type Signer = (ctx: SignContext) => void;

/** Signature types `hookgate send` can produce. Add one function per new type. */
const SIGNERS: Record<string, Signer> = {
  hmac: (ctx) => signHmac(ctx.provider.signature as HmacSignature, ctx),
  ed25519: (ctx) => signAsymmetric(ctx.provider.signature as Ed25519Signature, ctx),
  "ecdsa-p256-sha256": (ctx) => signAsymmetric(ctx.provider.signature as EcdsaSignature, ctx),
  rsa: (ctx) => signRsa(ctx.provider.signature as RsaSignature, ctx),
  jws: (ctx) => signJws(ctx.provider.signature as JwsSignature, ctx),
  adyen: (ctx) => signAdyen(ctx),
  "keyed-digest": (ctx) => signHmac(ctx.provider.signature as HmacSignature, ctx),
};

export function canSign(type: string): boolean {
  return Object.hasOwn(SIGNERS, type);
}

/** Signs with the provider's signature, then adds its pre-shared token and/or JWT, as the provider sends them. */
export function sign(ctx: SignContext): void {
  const signature = ctx.provider.signature as { type: string } | undefined;
  if (signature) {
    const signer = SIGNERS[signature.type];
    if (!signer)
      throw new SendError(
        `hookgate send cannot sign ${signature.type} yet; it signs ${Object.keys(SIGNERS).join(", ")} (cli/send/sign.ts has one function per signature type)`,
      );
    signer(ctx);
  }
  const { token, jwt } = ctx.provider;
  // A key in the body (Meraki's sharedSecret) is part of the event the user sends; only header keys are added here.
  if (token && "header" in token) ctx.req.headers.set(token.header, `${token.prefix}${ctx.secret}`);
  if (jwt) ctx.req.headers.set(jwt.header, `${jwt.prefix}${hs256Jwt(ctx.jwtSecret ?? ctx.secret, ctx.req, jwt.maxLifetime)}`);
}

/** An HS256 JWT as such senders issue it: short-lived, iat = the delivery's timestamp, jti = its id. */
export function hs256Jwt(secret: string, req: Outgoing, lifetimeSeconds: number): string {
  const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const iat = req.timestamp !== undefined && /^\d+$/.test(req.timestamp) ? Number(req.timestamp) : Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ iat, exp: iat + lifetimeSeconds, ...(req.id ? { jti: req.id } : {}) })}`;
  return `${input}.${createHmac("sha256", Buffer.from(secret, "utf8")).update(input).digest("base64url")}`;
}

/** Secret → key bytes, as the Worker's src/verify/keys.ts reads them (strict base64). */
export function secretKey(secret: string, encoding: HmacSignature["secretEncoding"]): Buffer {
  if (encoding === "utf8") return Buffer.from(secret, "utf8");
  const b64 = encoding === "whsec" && secret.startsWith("whsec_") ? secret.slice(6) : secret;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64) || b64 === "")
    throw new SendError(`the secret is not valid ${encoding} (this provider's secrets are ${encoding === "whsec" ? "whsec_<base64>" : "base64"})`);
  return Buffer.from(b64, "base64");
}

/** Renders a signed-payload template into the exact bytes the provider signs. */
/** What some placeholders need from the provider's signature: `{form:pairs}`'s exclusions, `{headers}`' list header. */
export interface RenderSpec {
  formExclude?: readonly string[];
  signedHeaders?: { header: string; required: readonly string[] };
}

export function renderPayload(template: string, req: Outgoing, fields: [string, string][] = [], values: Record<string, string> = {}, spec: RenderSpec = {}): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    const [whole, name, arg] = m;
    parts.push(Buffer.from(template.slice(last, m.index), "utf8"));
    last = m.index + whole.length;
    const text = (s: string | undefined | null) => parts.push(Buffer.from(s ?? "", "utf8"));
    switch (name) {
      case "body":
        if (arg === "sha256hex") text(createHash("sha256").update(req.body).digest("hex"));
        else if (arg === "json") text(JSON.stringify(req.body.toString("utf8")));
        else parts.push(req.body);
        break;
      case "field": {
        const field = fields.find(([k]) => k === arg);
        if (!field) throw new SendError(`the provider signs the ${arg} field of its signature header: give it with --field ${arg}=<value>`);
        text(field[1]);
        break;
      }
      case "value": {
        if (!Object.hasOwn(values, arg!))
          throw new SendError(`the provider signs the route's value ${arg}: give it with --value ${arg}=<value> (or --rules FILE with the route's values)`);
        text(values[arg!]);
        break;
      }
      case "timestamp":
        text(req.timestamp);
        break;
      case "id":
        text(req.id);
        break;
      case "header": {
        // The Worker fails a request whose signed header is absent: never sign it as "".
        const value = req.headers.get(arg!);
        if (value === null) throw new SendError(`the provider signs the ${arg} header: give it with --header "${arg}: <value>"`);
        text(value);
        break;
      }
      case "method":
        text(req.method);
        break;
      case "url":
        text(req.url.href);
        break;
      case "path": {
        if (arg === undefined) {
          text(req.url.pathname + req.url.search);
          break;
        }
        // Contentful's canonical path (node-apps-toolkit getNormalizedEncodedURI): the query escaped, then the whole encodeURI'd.
        const q = req.url.search.slice(1);
        text(encodeURI(q ? `${req.url.pathname}?${encodeURIComponent(q)}` : req.url.pathname));
        break;
      }
      case "formfield": {
        // The Worker signs the one decoded value of the parameter, and fails a form that repeats it.
        const values = new URLSearchParams(req.body.toString("utf8")).getAll(arg!);
        if (values.length !== 1) throw new SendError(`the provider signs the form parameter ${arg}: the body must be a form carrying it exactly once`);
        text(values[0]);
        break;
      }
      case "form":
        if (arg === "sorted") text(sortedForm(req));
        else if (arg === "pairs") text(pairedForm(req, spec.formExclude ?? []));
        else {
          // Plivo V3: "?" and the sorted parameters, when there are any.
          if (req.url.search) throw new SendError(`the provider signs ${whole}, which the Worker refuses with a query in the URL: send to a URL without one`);
          const sorted = sortedForm(req);
          text(sorted ? `?${sorted}` : "");
        }
        break;
      case "headers":
        if (!spec.signedHeaders) throw new SendError(`${whole} needs the provider's signature.signedHeaders`);
        text(listedHeaders(req, spec.signedHeaders.header));
        break;
      case "member": {
        // The raw bytes of the JSON body's member, as JSON.stringify wrote them (send's sample: Exact Online's Content).
        const json = req.json ?? parseObject(req.body);
        if (!json || !Object.hasOwn(json, arg!)) throw new SendError(`the provider signs the JSON body's "${arg}" member, which the body does not have`);
        text(JSON.stringify(json[arg!]));
        break;
      }
      default:
        throw new SendError(`hookgate send cannot render the payload placeholder ${whole} yet (cli/send/sign.ts renderPayload)`);
    }
  }
  parts.push(Buffer.from(template.slice(last), "utf8"));
  return Buffer.concat(parts);
}

const isFormBody = (req: Outgoing) => (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** `{form:sorted}`: a form body's parameters sorted by name (then value), each name then value, identical pairs once; "" for other bodies. */
export function sortedForm(req: Outgoing): string {
  if (!isFormBody(req)) return "";
  const pairs = [...new URLSearchParams(req.body.toString("utf8"))];
  pairs.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  return pairs.filter(([k, v], i) => i === 0 || pairs[i - 1]![0] !== k || pairs[i - 1]![1] !== v).map(([k, v]) => k + v).join("");
}

/** `{form:pairs}` (Alipay): the form's parameters but `exclude`, sorted by name, `name=value` (decoded) joined by `&`. */
export function pairedForm(req: Outgoing, exclude: readonly string[]): string {
  if (!isFormBody(req)) throw new SendError("the provider signs form parameters ({form:pairs}): the body must be application/x-www-form-urlencoded");
  const pairs = [...new URLSearchParams(req.body.toString("utf8"))].filter(([k]) => !exclude.includes(k));
  pairs.sort((a, b) => cmp(a[0], b[0]));
  if (pairs.some(([k], i) => k === pairs[i - 1]?.[0])) throw new SendError("the provider signs form parameters by name ({form:pairs}): a name may appear only once");
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** `{headers}` (Contentful): the headers named in `list` (comma-separated), sorted, `name:value` joined by `;`; the list itself as its sorted names. */
function listedHeaders(req: Outgoing, list: string): string {
  const names = (req.headers.get(list) ?? "").split(",").map((n) => n.trim().toLowerCase()).sort();
  return names
    .map((n) => {
      const v = n === list.toLowerCase() ? names.join(",") : req.headers.get(n);
      if (v === null) throw new SendError(`the provider signs the ${n} header (listed in ${list}): give it with --header "${n}: <value>"`);
      return `${n}:${v}`;
    })
    .join(";");
}

/** Sets the signed-headers list (Contentful's x-contentful-signed-headers): the required names and any already listed, sorted. */
export function listSignedHeaders(req: Outgoing, spec: { header: string; required: readonly string[] }): void {
  const given = (req.headers.get(spec.header) ?? "").split(",").map((n) => n.trim().toLowerCase()).filter(Boolean);
  req.headers.set(spec.header, [...new Set([...spec.required.map((r) => r.toLowerCase()), ...given])].sort().join(","));
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body.toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The signature header's value for one signature, in the provider's format. */
export function formatSignatureHeader(format: SignatureFormat, signature: string, fields: [string, string][]): string {
  switch (format.type) {
    case "plain":
      return `${format.prefix}${signature}`;
    case "list":
      // `first`: the named field leads (Recurly: <ms timestamp>,<sig>).
      return [...fields.filter(([k]) => k === format.first).map(([, v]) => v), `${format.prefix}${signature}`].join(format.separator);
    case "pairs":
      return [...fields, [format.key, signature]].map(([k, v]) => `${k}${format.assign}${v}`).join(format.separator);
  }
}

/** Signature-header fields: the timestamp / id ones the provider reads (Stripe's `t=`), then the user's own (--field). */
export function signatureFields(provider: Provider, req: Outgoing, given: Record<string, string> = {}): [string, string][] {
  const fields: [string, string][] = [];
  const add = (src: Source | undefined, value: string | undefined) => {
    if (src && "signatureField" in src && value !== undefined) fields.push([src.signatureField, value]);
  };
  add(provider.timestamp?.from, req.timestamp);
  add(provider.id, req.id);
  for (const [k, v] of Object.entries(given)) if (!fields.some(([name]) => name === k)) fields.push([k, v]);
  return fields;
}

function signHmac(spec: HmacSignature, ctx: SignContext): void {
  const key = secretKey(ctx.secret, spec.secretEncoding);
  const fields = signatureFields(ctx.provider, ctx.req, ctx.fields);
  if (spec.signedHeaders) listSignedHeaders(ctx.req, spec.signedHeaders);
  const payload = renderPayload(spec.payload, ctx.req, fields, ctx.values, spec);
  const mac = spec.type === "keyed-digest" ? createHash(spec.algorithm).update(Buffer.concat([key, payload])).digest() : createHmac(spec.algorithm, key).update(payload).digest();
  // base64-hex: base64 of the hex text (Solidgate).
  const signature = spec.encoding === "base64-hex" ? Buffer.from(mac.toString("hex")).toString("base64") : mac.toString(spec.encoding);
  const value = formatSignatureHeader(spec.format, signature, fields);
  const req = ctx.req;
  if (spec.from && "query" in spec.from) req.url.searchParams.set(spec.from.query, value);
  else if (spec.from && "form" in spec.from) {
    // The signature is a parameter of the form (Quoter's hash); the signed parameters keep their decoded values.
    const form = new URLSearchParams(req.body.toString("utf8"));
    form.set(spec.from.form, value);
    req.body = Buffer.from(form.toString(), "utf8");
  }
  else if (spec.from && "json" in spec.from) {
    // The signature lives in the JSON body (Mailgun), which such a scheme does not sign.
    if (!req.json) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.body.toString("utf8"));
      } catch {
        parsed = null;
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new SendError(`the provider puts its signature in the JSON body at ${spec.from.json}, but the body is not a JSON object`);
      req.json = parsed as Record<string, unknown>;
    }
    setJsonPath(req.json, spec.from.json, value);
    req.body = Buffer.from(JSON.stringify(req.json), "utf8");
  } else {
    // Providers with several signature headers (one per key) send the first with the primary key.
    const header = Array.isArray(spec.header) ? spec.header[0]! : spec.header!;
    req.headers.set(header, value);
  }
}

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * The PRIVATE key for asymmetric providers (the route holds the public key):
 * PEM text, a file holding PEM, base64 PKCS#8 DER, or (Ed25519) the 32-byte seed in hex or base64.
 */
export function privateKey(secret: string, type: "ed25519" | "ecdsa-p256-sha256"): KeyObject {
  try {
    let text = secret.trim();
    if (!text.startsWith("-----BEGIN") && existsSync(text)) text = readFileSync(text, "utf8").trim();
    if (text.startsWith("-----BEGIN")) return createPrivateKey(text);
    const raw = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
    if (type === "ed25519" && raw.length === 32)
      return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, raw]), format: "der", type: "pkcs8" });
    return createPrivateKey({ key: raw, format: "der", type: "pkcs8" });
  } catch {
    throw new SendError(
      `--secret must be the ${type} PRIVATE key (the route holds the public key): PEM, a PEM file, base64 PKCS#8${type === "ed25519" ? ", or the 32-byte seed in hex/base64" : ""}`,
    );
  }
}

function signAsymmetric(spec: Ed25519Signature | EcdsaSignature, ctx: SignContext): void {
  const key = privateKey(ctx.secret, spec.type);
  const fields = signatureFields(ctx.provider, ctx.req, ctx.fields);
  const payload = renderPayload(spec.payload, ctx.req, fields, ctx.values);
  const signature =
    spec.type === "ed25519"
      ? asymmetricSign(null, payload, key)
      : asymmetricSign("sha256", payload, { key, dsaEncoding: spec.der ? "der" : "ieee-p1363" });
  ctx.req.headers.set(spec.header, formatSignatureHeader(spec.format, signature.toString(spec.encoding), fields));
}
