/**
 * Builds the request `hookgate send` posts: the provider's definition (a
 * preset, or a custom provider from a rules file), a sample or given body, the
 * timestamp and event id placed where the provider puts them, then signed.
 */
import { didYouMean } from "../../src/rules/nearest.ts";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ProviderSchema, type Provider, type Source, type TimestampSpec } from "../../src/rules/schema.ts";
import { isPreset, presets } from "../../src/rules/presets/index.ts";
import { readRulesFile } from "../rules.ts";
import { getJsonPath, sampleBody, sampleForm, setJsonPath } from "./sample.ts";

/** The signed-payload template of a header signature ("" for the embedded schemes). */
const payloadOf = (p: Provider): string => (p.signature && "payload" in p.signature ? p.signature.payload : "");
import { SendError, sign, type Outgoing } from "./sign.ts";

export interface SendOptions {
  provider: string;
  to: string;
  secret: string;
  /** A file whose bytes are sent as they are (never re-serialised). */
  bodyFile?: string;
  /** Extra `Name: value` headers. */
  headers?: string[];
  /** Unix seconds (default: now). */
  timestamp?: number;
  /** The timestamp exactly as sent (e.g. ISO 8601), instead of `timestamp` formatted the provider's way. */
  timestampText?: string;
  id?: string;
  /** A rules file defining custom providers. */
  rulesFile?: string;
  method?: string;
  nowMs?: number;
  /** Send the provider's Nth other format (1-based; Scalekit's 1: Standard Webhooks headers). */
  alternative?: number;
  /** The JWT's key when it differs from --secret (a route with jwtSecrets: psk-jwt). */
  jwtSecret?: string;
  /** Signature-header fields the payload signs as {field:name} (Hygraph's env). */
  fields?: Record<string, string>;
  /** The route's values the payload signs as {value:name} (TikTok Shop's appKey); default: the --rules route's. */
  values?: Record<string, string>;
}

export async function resolveProvider(name: string, rulesFile?: string): Promise<Provider> {
  let custom: string[] = [];
  if (rulesFile) {
    const v = await readRulesFile(rulesFile);
    if (!v.ok) throw new SendError(`${rulesFile} is not a valid rules file:\n  ${v.errors.join("\n  ")}`);
    const found = v.rules!.providers[name];
    if (found) return found;
    custom = Object.keys(v.rules!.providers);
  }
  if (isPreset(name)) return ProviderSchema.parse(presets[name]);
  throw new SendError(
    `"${name}" is neither a preset${rulesFile ? ` nor a provider in ${rulesFile}` : " (custom providers: --rules FILE)"}${didYouMean(name, [...Object.keys(presets), ...custom])}; presets: ${Object.keys(presets).join(", ")}`,
  );
}

/** A timestamp in the provider's format: the string it signs, and the value it puts in a JSON body. */
export function formatTimestamp(seconds: number, format: TimestampSpec["format"]): { text: string; json: string | number } {
  switch (format) {
    case "unix":
    case "auto":
      return { text: String(seconds), json: seconds };
    case "unix-ms":
      return { text: String(seconds * 1000), json: seconds * 1000 };
    case "iso8601": {
      const iso = new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
      return { text: iso, json: iso };
    }
  }
}

function parseHeader(h: string): [string, string] {
  const at = h.indexOf(":");
  if (at <= 0) throw new SendError(`--header "${h}" is not Name:value`);
  return [h.slice(0, at).trim(), h.slice(at + 1).trim()];
}

export function readSecret(secret: string): string {
  const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(secret);
  if (!m) return secret;
  const value = process.env[m[1]!];
  if (!value) throw new SendError(`--secret ${secret}: the environment variable ${m[1]} is not set`);
  return value;
}

/** The `values` of the --rules route at this path for this provider (what the Worker signs {value:name} with), if any. */
async function routeValues(rulesFile: string | undefined, path: string, provider: string): Promise<Record<string, string>> {
  if (!rulesFile) return {};
  const v = await readRulesFile(rulesFile);
  const route = v.ok ? v.rules!.routes.find((r) => r.path === path && r.provider === provider) : undefined;
  return route?.values ?? {};
}

/** A signed header named like a timestamp (Pinwheel's x-timestamp), which send fills with the send time when not given. */
const TIMESTAMP_HEADER = /(?:^|[-_])timestamp$/i;
/** A signed nonce header (Plivo's X-Plivo-Signature-V3-Nonce), which send fills with a random value when not given. */
const NONCE_HEADER = /(?:^|[-_])nonce$/i;
/** Whether the provider signs form parameters ({form:sorted|pairs|plivo}): send's sample is then a form. */
const signsForm = (p: Provider) => payloadOf(p).includes("{form:");

/** The provider, or one of its other formats. */
function pickFormat(provider: Provider, name: string, n: number | undefined): Provider {
  if (n === undefined) return provider;
  const alt = provider.alternatives?.[n - 1];
  if (!alt) throw new SendError(`${name} has ${provider.alternatives?.length ?? 0} other format(s); --alternative ${n} does not exist`);
  return alt as Provider;
}

export async function prepareSend(opts: SendOptions): Promise<{ provider: Provider; req: Outgoing }> {
  const provider = pickFormat(await resolveProvider(opts.provider, opts.rulesFile), opts.provider, opts.alternative);
  let url: URL;
  try {
    url = new URL(opts.to);
  } catch {
    throw new SendError(`--to "${opts.to}" is not a URL (e.g. http://127.0.0.1:8787/hooks/github)`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new SendError(`--to must be an http(s) URL`);
  const secret = readSecret(opts.secret);
  // A key that travels in the JSON body (Meraki's sharedSecret): send writes it into its sample, never into a given body.
  const bodyKey = provider.token && "json" in provider.token ? provider.token.json : undefined;

  const seconds = opts.timestamp ?? Math.floor((opts.nowMs ?? Date.now()) / 1000);
  const stamp = !provider.timestamp
    ? undefined
    : opts.timestampText !== undefined
      ? { text: opts.timestampText, json: opts.timestampText }
      : formatTimestamp(seconds, provider.timestamp.format);
  let id = opts.id ?? `evt_${randomBytes(12).toString("hex")}`;
  let timestamp = stamp?.text;
  const jsonSources: [Source | undefined, string | number | undefined, string][] = [
    [provider.timestamp?.from, stamp?.json, "timestamp"],
    [provider.id, id, "event id"],
  ];

  const headers = new Headers({ "user-agent": "hookgate-send/1" });
  let body: Buffer;
  let json: Record<string, unknown> | undefined;
  if (opts.bodyFile) {
    body = await readFile(opts.bodyFile).catch((e: NodeJS.ErrnoException) => {
      throw new SendError(`--body ${opts.bodyFile}: cannot read: ${e.code ?? e.message}`);
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
      headers.set("content-type", "application/json");
    } catch {
      const form = signsForm(provider) || payloadOf(provider).includes("{formfield:");
      headers.set("content-type", form ? "application/x-www-form-urlencoded" : "application/octet-stream");
    }
    // The provider reads these from the body itself: take them from the given body.
    for (const [src, , what] of jsonSources) {
      if (!src || !("json" in src)) continue;
      const found = getJsonPath(parsed, src.json);
      const needed = what === "timestamp" || payloadOf(provider).includes("{id}");
      if (found === undefined && needed) throw new SendError(`--body ${opts.bodyFile} has no "${src.json}", where ${opts.provider} puts its ${what}`);
      if (what === "timestamp") timestamp = found;
      else id = found ?? "";
    }
    // An id in a form parameter (Alipay's notify_id): from the given form.
    if (provider.id && "form" in provider.id && parsed === undefined) id = new URLSearchParams(body.toString("utf8")).get(provider.id.form) ?? "";
    if (bodyKey !== undefined && getJsonPath(parsed, bodyKey) === undefined)
      throw new SendError(
        `--body ${opts.bodyFile} has no "${bodyKey}": ${opts.provider} sends its key in the body, and send never rewrites a given body; add "${bodyKey}": "<key>" to the file`,
      );
  } else if (signsForm(provider)) {
    // The provider signs form parameters (Twilio, Mandrill, Plivo, Alipay): send a form, with the id where the provider reads it.
    const form = sampleForm(opts.provider, id, seconds);
    if (provider.id && "form" in provider.id) form.set(provider.id.form, id);
    body = Buffer.from(form.toString(), "utf8");
    headers.set("content-type", "application/x-www-form-urlencoded");
  } else if (payloadOf(provider).includes("{formfield:")) {
    // The provider signs named form parameters (Quoter: timestamp, data): a form of exactly those (the signature joins it).
    const stampParam = provider.timestamp && "form" in provider.timestamp.from ? provider.timestamp.from.form : undefined;
    const form = new URLSearchParams();
    for (const [, name] of payloadOf(provider).matchAll(/\{formfield:([^}]+)\}/g))
      form.set(name!, name === stampParam ? (timestamp ?? String(seconds)) : JSON.stringify(sampleBody(opts.provider, id, seconds)));
    body = Buffer.from(form.toString(), "utf8");
    headers.set("content-type", "application/x-www-form-urlencoded");
  } else {
    json = sampleBody(opts.provider, id, seconds);
    // The provider signs one member of an envelope (Exact Online's {"Content": …, "HashCode": …}): the sample goes inside it.
    const member = /\{member:([^}]+)\}/.exec(payloadOf(provider))?.[1];
    if (member) json = { [member]: json };
    for (const [src, value] of jsonSources) if (src && "json" in src) setJsonPath(json, src.json, value);
    if (bodyKey !== undefined) setJsonPath(json, bodyKey, secret);
    body = Buffer.from(JSON.stringify(json), "utf8");
    headers.set("content-type", "application/json");
  }
  for (const h of opts.headers ?? []) headers.set(...parseHeader(h));
  // A signed timestamp header the provider does not declare as its timestamp (Pinwheel's x-timestamp): the send time,
  // unix seconds (or --timestamp as written), unless --header gave it. Any other signed header is the user's to give.
  for (const [, name] of payloadOf(provider).matchAll(/\{header:([^}]+)\}/g))
    if (headers.has(name!)) continue;
    else if (TIMESTAMP_HEADER.test(name!)) headers.set(name!, opts.timestampText ?? String(seconds));
    else if (NONCE_HEADER.test(name!)) headers.set(name!, randomBytes(16).toString("hex"));

  const place = (src: Source | undefined, value: string | undefined) => {
    if (!src || value === undefined) return;
    if ("header" in src) headers.set(src.header, value);
    else if ("query" in src) url.searchParams.set(src.query, value);
  };
  place(provider.timestamp?.from, timestamp);
  place(provider.id, id);
  // A ValidUntil-style expiry (psk-jwt): as far ahead as the provider allows, counted from the send time.
  const exp = provider.expiresAt;
  if (exp) {
    const ahead = Math.min(exp.maxSeconds, exp.maxAfterTimestamp ?? exp.maxSeconds);
    place(exp.from, formatTimestamp(seconds + ahead, exp.format).text);
  }

  // A digest of the body in a signed place (Twilio's bodySHA256 query parameter), unless a form body is signed itself.
  const digest = provider.bodyDigest;
  if (digest && !(digest.unlessForm && headers.get("content-type") === "application/x-www-form-urlencoded")) {
    const value = createHash(digest.algorithm).update(body).digest(digest.encoding);
    if ("query" in digest.from) url.searchParams.set(digest.from.query, value);
    else headers.set(digest.from.header, value);
  }

  const req: Outgoing = { method: (opts.method ?? "POST").toUpperCase(), url, headers, body, json, timestamp, id: provider.id && id ? id : undefined };
  const values = { ...(await routeValues(opts.rulesFile, url.pathname, opts.provider)), ...opts.values };
  sign({ provider, secret, ...(opts.jwtSecret ? { jwtSecret: readSecret(opts.jwtSecret) } : {}), fields: opts.fields ?? {}, values, req });
  return { provider, req };
}

export interface Delivered {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}

export async function deliver(req: Outgoing, timeoutMs = 30_000): Promise<Delivered> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new SendError(`could not reach ${req.url.origin}: ${why}${why === "ECONNREFUSED" ? " (is hookgate running there? locally: npm start)" : ""}`);
  }
  return { status: res.status, statusText: res.statusText, headers: res.headers, body: await res.text() };
}
