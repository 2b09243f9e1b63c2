/**
 * DNS-over-HTTPS, JSON API (`GET {url}?name=X&type=A`, `accept:
 * application/dns-json`), as served by Cloudflare, Google and most DoH
 * servers. A hostname's addresses are its A and AAAA records, following the
 * CNAME chain inside the Answer section; only records whose owner name is on
 * that chain count, so an answer can never add addresses it did not return
 * for the name asked.
 */
import { parseAddress, singleRange, type Range } from "./address.ts";

export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";
export const DOH_TIMEOUT_MS = 2_000;
/**
 * TTL clamps (seconds): not re-asking within the minimum (DNS_MIN_TTL_SECONDS,
 * default 30 s; see settings.ts), not trusting an answer over 1 h.
 */
export const DEFAULT_MIN_TTL_S = 30;
export const MAX_TTL_S = 3_600;
const MAX_CNAME_HOPS = 8;
const MAX_RESPONSE_CHARS = 64 * 1024;

const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_AAAA = 28;

export interface Resolved {
  /** Every address the hostname resolved to (possibly none: NXDOMAIN or no records). */
  readonly addresses: readonly string[];
  /** Seconds the answer may be used, clamped to [minimum TTL, MAX_TTL_S]. */
  readonly ttl: number;
}

export type Resolution = { ok: true; value: Resolved } | { ok: false; detail: string };

export interface DohOptions {
  fetch: typeof fetch;
  /** DoH JSON endpoint (DOH_URL). */
  url: string;
  timeoutMs?: number;
  /** Minimum TTL in seconds (DNS_MIN_TTL_SECONDS); default DEFAULT_MIN_TTL_S. */
  minTtlS?: number;
}

const norm = (name: unknown) => (typeof name === "string" ? name.toLowerCase().replace(/\.$/, "") : "");

/**
 * Reads one JSON answer for `qtype` (A or AAAA) about `hostname`. Never throws:
 * anything that is not a well-formed NOERROR/NXDOMAIN answer is a failure.
 */
export function parseAnswer(
  json: unknown,
  hostname: string,
  qtype: typeof TYPE_A | typeof TYPE_AAAA,
  minTtlS: number = DEFAULT_MIN_TTL_S,
): Resolution {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { ok: false, detail: "answer is not a JSON object" };
  const msg = json as Record<string, unknown>;
  const status = msg.Status;
  if (typeof status !== "number") return { ok: false, detail: "answer has no numeric Status" };
  if (status === 3) return { ok: true, value: { addresses: [], ttl: minTtlS } }; // NXDOMAIN: the name has no addresses
  if (status !== 0) return { ok: false, detail: `resolver answered rcode ${status}${status === 2 ? " (SERVFAIL)" : ""}` };
  if (msg.TC === true) return { ok: false, detail: "answer truncated (TC)" };
  const answer = msg.Answer ?? [];
  if (!Array.isArray(answer)) return { ok: false, detail: "Answer is not an array" };

  const records: { name: string; type: number; ttl: number; data: string }[] = [];
  for (const r of answer) {
    if (r === null || typeof r !== "object") return { ok: false, detail: "Answer holds a non-object record" };
    const { name, type, TTL, data } = r as Record<string, unknown>;
    if (typeof name !== "string" || typeof type !== "number" || typeof data !== "string")
      return { ok: false, detail: "Answer holds a record without name, type or data" };
    const ttl = typeof TTL === "number" && Number.isFinite(TTL) && TTL >= 0 ? TTL : minTtlS;
    records.push({ name: norm(name), type, ttl, data });
  }

  // Follow the chain from the name asked: hostname → CNAME target → ...
  const chain = [norm(hostname)];
  let ttl = MAX_TTL_S;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const cname = records.find((r) => r.type === TYPE_CNAME && r.name === chain.at(-1));
    if (!cname) break;
    if (hop === MAX_CNAME_HOPS) return { ok: false, detail: `CNAME chain longer than ${MAX_CNAME_HOPS}` };
    const target = norm(cname.data);
    if (!target || chain.includes(target)) return { ok: false, detail: "CNAME loop in answer" };
    chain.push(target);
    ttl = Math.min(ttl, cname.ttl);
  }

  const addresses: string[] = [];
  for (const r of records) {
    if (r.type !== qtype || !chain.includes(r.name)) continue;
    const addr = parseAddress(r.data);
    if (!addr || addr.kind() !== (qtype === TYPE_A ? "ipv4" : "ipv6"))
      return { ok: false, detail: `${qtype === TYPE_A ? "A" : "AAAA"} record data is not an address` };
    const text = addr.toString();
    if (!addresses.includes(text)) addresses.push(text);
    ttl = Math.min(ttl, r.ttl);
  }
  return { ok: true, value: { addresses, ttl: clampTtl(addresses.length ? ttl : minTtlS, minTtlS) } };
}

export function clampTtl(ttl: number, minTtlS: number = DEFAULT_MIN_TTL_S): number {
  return Math.min(MAX_TTL_S, Math.max(minTtlS, Math.floor(ttl)));
}

async function query(hostname: string, type: "A" | "AAAA", opts: DohOptions): Promise<Resolution> {
  let url: URL;
  try {
    url = new URL(opts.url);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error();
  } catch {
    return { ok: false, detail: "DOH_URL is not an http(s) URL" };
  }
  url.searchParams.set("name", hostname);
  url.searchParams.set("type", type);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeoutMs = opts.timeoutMs ?? DOH_TIMEOUT_MS;
  const timedOut = new Promise<Resolution>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, detail: `resolver timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const asked = (async (): Promise<Resolution> => {
    try {
      const res = await opts.fetch(url.href, { headers: { accept: "application/dns-json" }, signal: controller.signal });
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        return { ok: false, detail: `resolver answered HTTP ${res.status}` };
      }
      const text = await res.text();
      if (text.length > MAX_RESPONSE_CHARS) return { ok: false, detail: "resolver answer too large" };
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { ok: false, detail: "resolver answer is not JSON" };
      }
      return parseAnswer(json, hostname, type === "A" ? TYPE_A : TYPE_AAAA, opts.minTtlS);
    } catch (e) {
      return { ok: false, detail: `resolver unreachable: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200) };
    }
  })();
  try {
    return await Promise.race([asked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** A and AAAA together; either failing fails the whole resolution (no partial sets). */
export async function resolveHostname(hostname: string, opts: DohOptions): Promise<Resolution> {
  const [a, aaaa] = await Promise.all([query(hostname, "A", opts), query(hostname, "AAAA", opts)]);
  if (!a.ok) return { ok: false, detail: `A: ${a.detail}` };
  if (!aaaa.ok) return { ok: false, detail: `AAAA: ${aaaa.detail}` };
  // A type with no records (common: no AAAA) does not shorten the TTL of the other's addresses.
  const ttls = [a.value, aaaa.value].filter((r) => r.addresses.length > 0).map((r) => r.ttl);
  return {
    ok: true,
    value: { addresses: [...a.value.addresses, ...aaaa.value.addresses], ttl: ttls.length ? Math.min(...ttls) : (opts.minTtlS ?? DEFAULT_MIN_TTL_S) },
  };
}

/** Addresses as ranges for matching; entries that do not parse are dropped (never widen). */
export function addressRanges(addresses: readonly unknown[]): Range[] {
  const out: Range[] = [];
  for (const a of addresses) {
    const addr = parseAddress(a);
    if (addr) out.push(singleRange(addr));
  }
  return out;
}
