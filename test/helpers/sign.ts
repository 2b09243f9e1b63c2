/**
 * Signs a genuine request for any HMAC provider definition (a preset or a
 * tenant's), straight from the provider *data*: where the signature goes, its
 * format, the signed-payload template, the timestamp and id sources. Written
 * independently of src/verify (only WebCrypto and string building), so a
 * request it signs verifying is evidence, not a tautology. Runs in workerd and
 * in Node (both have globalThis.crypto).
 */
import type { HmacSignature, Provider, Source } from "../../src/rules/schema.ts";

export interface Signed {
  /** Path plus query (query sources add a parameter). */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The secret exactly as a route configures it (e.g. `whsec_…` for whsec providers). */
  secret: string;
  /** Values that were signed or sent, for mutation tests. */
  timestamp?: string;
  id?: string;
  signatureValue: string;
}

export interface SignOptions {
  nowMs: number;
  path: string;
  method?: string;
  host?: string;
  /** Random-ish payload fields merged into the JSON body. */
  payload?: Record<string, unknown>;
  /** A raw (non-JSON) body; then JSON sources are unavailable. */
  rawBody?: Uint8Array;
  id?: string;
  /** Seed for the secret (different seeds, different secrets). */
  secretSeed?: string;
}

const enc = new TextEncoder();
const HASH = { md5: "MD5", sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" } as const;

function b64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export function encodeSig(encoding: "hex" | "base64" | "base64url" | "base64-hex", bytes: Uint8Array): string {
  if (encoding === "hex") return hex(bytes);
  if (encoding === "base64-hex") return btoa(hex(bytes));
  const s = b64(bytes);
  return encoding === "base64" ? s : s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A secret in the provider's encoding, and the key bytes it stands for. */
export function secretFor(provider: Provider, seed = "hookgate-test"): { secret: string; key: Uint8Array } {
  const raw = enc.encode(`${seed}-0123456789abcdef-secret`).slice(0, 32);
  const sig = provider.signature;
  switch (sig && sig.type === "hmac" ? sig.secretEncoding : "utf8") {
    case "utf8":
      return { secret: new TextDecoder().decode(raw), key: raw };
    case "base64":
      return { secret: b64(raw), key: raw };
    case "whsec":
      return { secret: `whsec_${b64(raw)}`, key: raw };
  }
}

function timestampValue(format: string, nowMs: number): string {
  switch (format) {
    case "unix-ms":
      return String(nowMs);
    case "iso8601":
      return new Date(nowMs).toISOString();
    default:
      return String(Math.floor(nowMs / 1000));
  }
}

function setJson(obj: Record<string, unknown>, path: string, value: string) {
  const parts = path.split(".");
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== "object" || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

/**
 * Whether signRequest can sign for this provider: an HMAC signature in one
 * header over a template of the body, timestamp, id, method and headers. (URL-
 * and form-bound schemes, body digests, tokens, JWTs and required values are
 * covered by the per-preset vectors and test/node/signers.ts instead.)
 */
export function signable(p: Provider): boolean {
  const s = p.signature;
  return (
    !!s &&
    s.type === "hmac" &&
    typeof s.header === "string" &&
    !s.from &&
    // Route values and other signature-header fields (Hygraph's env) are the route's / provider's own: formats.test.ts.
    !/\{(form|url|path|value|field)/.test(s.payload) &&
    p.bodySigned !== false &&
    !p.bodyDigest &&
    !p.token &&
    !p.jwt &&
    !p.require &&
    !p.expiresAt
  );
}

export async function signRequest(provider: Provider, opts: SignOptions): Promise<Signed> {
  if (!signable(provider)) throw new Error("signRequest: this provider's scheme is not a single-header HMAC (see signable)");
  const spec = provider.signature as HmacSignature;
  const sigHeaderName = spec.header as string;
  const method = opts.method ?? "POST";
  const headers: Record<string, string> = {};
  const query = new URLSearchParams();
  const fields: [string, string][] = [];
  const json: Record<string, unknown> = { ...(opts.payload ?? { type: "test.event", data: { n: 1, s: "é ☃" } }) };

  const place = (source: Source, value: string) => {
    if ("header" in source) headers[source.header.toLowerCase()] = value;
    else if ("query" in source) query.set(source.query, value);
    else if ("json" in source) setJson(json, source.json, value);
    else if ("form" in source) throw new Error("form sources: sign the form yourself");
    else fields.push([source.signatureField, value]);
  };
  const timestamp = provider.timestamp ? timestampValue(provider.timestamp.format, opts.nowMs) : undefined;
  if (provider.timestamp) place(provider.timestamp.from, timestamp!);
  const id = provider.id ? (opts.id ?? `evt_${opts.nowMs.toString(36)}`) : undefined;
  if (provider.id) place(provider.id, id!);

  const body = opts.rawBody ?? enc.encode(JSON.stringify(json));
  const qs = query.toString();
  const path = qs ? `${opts.path}?${qs}` : opts.path;
  const url = `https://${opts.host ?? "hooks.example.com"}${path}`;

  // Headers the template signs ({header:X}) get a value of their own.
  for (const m of spec.payload.matchAll(/\{header:([^}]+)\}/g)) headers[m[1]!.toLowerCase()] ??= `signed-${m[1]}`;

  // The signed payload, placeholder by placeholder (the body as raw bytes).
  const pieces: Uint8Array[] = [];
  let last = 0;
  for (const m of spec.payload.matchAll(/\{([a-z]+)(?::([^}]+))?\}/g)) {
    pieces.push(enc.encode(spec.payload.slice(last, m.index)));
    last = m.index + m[0].length;
    const u = new URL(url);
    const text: Record<string, string | undefined> = {
      timestamp,
      id,
      method,
      url: u.href,
      path: u.pathname + u.search,
      header: m[2] ? headers[m[2].toLowerCase()] : undefined,
      field: fields.find(([k2]) => k2 === m[2])?.[1],
    };
    if (m[1] === "body" && m[2] === "sha256hex") pieces.push(enc.encode(hex(new Uint8Array(await crypto.subtle.digest("SHA-256", body)))));
    else if (m[1] === "body" && m[2] === "json") pieces.push(enc.encode(JSON.stringify(new TextDecoder().decode(body))));
    else pieces.push(m[1] === "body" ? body : enc.encode(text[m[1]!] ?? ""));
  }
  pieces.push(enc.encode(spec.payload.slice(last)));
  const data = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of pieces) {
    data.set(p, off);
    off += p.length;
  }

  const { secret, key } = secretFor(provider, opts.secretSeed);
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: HASH[spec.algorithm] }, false, ["sign"]);
  const sig = encodeSig(spec.encoding, new Uint8Array(await crypto.subtle.sign("HMAC", k, data)));

  const f = spec.format;
  let value: string;
  if (f.type === "pairs") value = [...fields.map(([k2, v]) => `${k2}${f.assign}${v}`), `${f.key}${f.assign}${sig}`].join(f.separator);
  else if (f.type === "list" && f.first) value = [...fields.filter(([k2]) => k2 === f.first).map(([, v]) => v), `${f.prefix}${sig}`].join(f.separator);
  else value = `${f.prefix}${sig}`;
  headers[sigHeaderName.toLowerCase()] = value;
  return { path, method, headers, body, secret, timestamp, id, signatureValue: sig };
}

/** Signs test payloads with WebCrypto directly (not hookgate's code), for handshake bodies made up in tests. */
export async function hmacSign(secret: string, data: string, encoding: "hex" | "base64" = "hex"): Promise<string> {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(data)));
  if (encoding === "base64") return btoa(String.fromCharCode(...mac));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}
