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

export async function prepareSend(opts: SendOptions): Promise<{ provider: Provider; req: Outgoing }> {
  const provider = await resolveProvider(opts.provider, opts.rulesFile);
  let url: URL;
  try {
    url = new URL(opts.to);
  } catch {
    throw new SendError(`--to "${opts.to}" is not a URL (e.g. http://127.0.0.1:8787/hooks/github)`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new SendError(`--to must be an http(s) URL`);

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
      const form = provider.signature?.payload.includes("{form:sorted}");
      headers.set("content-type", form ? "application/x-www-form-urlencoded" : "application/octet-stream");
    }
    // The provider reads these from the body itself: take them from the given body.
    for (const [src, , what] of jsonSources) {
      if (!src || !("json" in src)) continue;
      const found = getJsonPath(parsed, src.json);
      const needed = what === "timestamp" || provider.signature?.payload.includes("{id}");
      if (found === undefined && needed) throw new SendError(`--body ${opts.bodyFile} has no "${src.json}", where ${opts.provider} puts its ${what}`);
      if (what === "timestamp") timestamp = found;
      else id = found ?? "";
    }
  } else if (provider.signature?.payload.includes("{form:sorted}")) {
    // The provider signs form parameters (Twilio, Mandrill): send a form.
    body = Buffer.from(sampleForm(opts.provider, id, seconds).toString(), "utf8");
    headers.set("content-type", "application/x-www-form-urlencoded");
  } else {
    json = sampleBody(opts.provider, id, seconds);
    for (const [src, value] of jsonSources) if (src && "json" in src) setJsonPath(json, src.json, value);
    body = Buffer.from(JSON.stringify(json), "utf8");
    headers.set("content-type", "application/json");
  }
  for (const h of opts.headers ?? []) headers.set(...parseHeader(h));

  const place = (src: Source | undefined, value: string | undefined) => {
    if (!src || value === undefined) return;
    if ("header" in src) headers.set(src.header, value);
    else if ("query" in src) url.searchParams.set(src.query, value);
  };
  place(provider.timestamp?.from, timestamp);
  place(provider.id, id);

  // A digest of the body in a signed place (Twilio's bodySHA256 query parameter), unless a form body is signed itself.
  const digest = provider.bodyDigest;
  if (digest && !(digest.unlessForm && headers.get("content-type") === "application/x-www-form-urlencoded")) {
    const value = createHash(digest.algorithm).update(body).digest(digest.encoding);
    if ("query" in digest.from) url.searchParams.set(digest.from.query, value);
    else headers.set(digest.from.header, value);
  }

  const req: Outgoing = { method: (opts.method ?? "POST").toUpperCase(), url, headers, body, json, timestamp, id: provider.id && id ? id : undefined };
  sign({ provider, secret: readSecret(opts.secret), req });
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
