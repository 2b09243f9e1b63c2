/**
 * Resolved hostnames, cached two ways:
 *  - in isolate memory, for the answer's TTL (clamped, see doh.ts);
 *  - as a last-known-good copy in the STATE KV under `dns:<hostname>`,
 *    written by requests that resolved and by the Cron refresh.
 * When the resolver is down, times out, or answers garbage, the last-known-good
 * addresses are used (memory first, then KV) until they are older than
 * DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS (default 24 h); with none known, or only
 * older ones (then with a `hookgate.dns_stale` warn line), the lookup fails and
 * the caller fails closed. Only addresses a resolver actually returned are
 * ever stored, so no path widens the list.
 */
import { STATE_PREFIXES } from "../state/kv-keys.ts";
import type { Range } from "./address.ts";
import { addressRanges, resolveHostname } from "./doh.ts";
import { DEFAULT_LKG_MAX_AGE_S, LKG_MAX_AGE_VAR } from "./settings.ts";

export interface DnsDeps {
  /** The fetch used for DoH only (Deps.resolverFetch), never the origin's. */
  fetch: typeof fetch;
  /** DoH JSON endpoint (DOH_URL). */
  url: string;
  state: KVNamespace;
  nowMs: number;
  /** Minimum seconds an answer is cached, and between retries of a failing resolver (DNS_MIN_TTL_SECONDS). */
  minTtlS: number;
  /** Maximum age in seconds of last-known-good addresses (DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS; default 24 h). */
  lkgMaxAgeS?: number;
  timeoutMs?: number;
}

export type Lookup =
  | {
      ok: true;
      ranges: readonly Range[];
      /** fresh: just resolved; cached: in-memory within TTL; last-known-good: the resolver failed. */
      source: "fresh" | "cached" | "last-known-good";
      resolvedAtMs: number;
      /** Why the resolver was not used (last-known-good only). */
      detail?: string;
    }
  | { ok: false; detail: string };

interface Entry {
  addresses: readonly string[];
  ranges: readonly Range[];
  expiresMs: number;
  resolvedAtMs: number;
  /** doh: a resolver answer; lkg: a last-known-good copy used while the resolver fails. */
  kind: "doh" | "lkg";
}

/** Stored last-known-good is rewritten when the set changes, or hourly to show it is current. */
const LKG_REWRITE_MS = 3_600_000;
const MAX_ENTRIES = 1_000;

const memory = new Map<string, Entry>();
const inflight = new Map<string, Promise<Lookup>>();
/** Hostnames whose stale copy was reported (one warn line each until they resolve again). */
const staleReported = new Set<string>();

export const dnsKey = (hostname: string) => `${STATE_PREFIXES.dns}${hostname}`;

/** This isolate's current answer for a hostname (the admin console's allow-list view). */
export function cachedHostname(hostname: string): Readonly<Entry> | undefined {
  return memory.get(hostname);
}

/** For tests: forget every in-memory answer. */
export function clearDnsMemory(): void {
  memory.clear();
  inflight.clear();
  staleReported.clear();
}

/** The hostname's addresses: memory within TTL, else DoH, else last-known-good. */
export function lookupHostname(hostname: string, deps: DnsDeps): Promise<Lookup> {
  const hit = memory.get(hostname);
  if (hit && hit.expiresMs > deps.nowMs) {
    return Promise.resolve(
      hit.kind === "doh"
        ? { ok: true, ranges: hit.ranges, source: "cached", resolvedAtMs: hit.resolvedAtMs }
        : { ok: true, ranges: hit.ranges, source: "last-known-good", resolvedAtMs: hit.resolvedAtMs, detail: "resolver failed recently" },
    );
  }
  return refreshHostname(hostname, deps);
}

/** Asks the resolver now (the Cron refresh, or an expired entry); one query per hostname at a time. */
export function refreshHostname(hostname: string, deps: DnsDeps): Promise<Lookup> {
  const running = inflight.get(hostname);
  if (running) return running;
  const p = resolveAndStore(hostname, deps).finally(() => inflight.delete(hostname));
  inflight.set(hostname, p);
  return p;
}

async function resolveAndStore(hostname: string, deps: DnsDeps): Promise<Lookup> {
  const prev = memory.get(hostname);
  const resolved = await resolveHostname(hostname, { fetch: deps.fetch, url: deps.url, timeoutMs: deps.timeoutMs, minTtlS: deps.minTtlS });
  if (resolved.ok) {
    const { addresses, ttl } = resolved.value;
    remember(hostname, { addresses, ranges: addressRanges(addresses), expiresMs: deps.nowMs + ttl * 1000, resolvedAtMs: deps.nowMs, kind: "doh" });
    staleReported.delete(hostname);
    // An empty answer is used (it allows nobody) but never replaces a last-known-good set.
    const unchanged = prev?.kind === "doh" && sameSet(prev.addresses, addresses);
    if (addresses.length > 0 && !unchanged) await saveLastKnownGood(deps.state, hostname, addresses, deps.nowMs);
    return { ok: true, ranges: memory.get(hostname)!.ranges, source: "fresh", resolvedAtMs: deps.nowMs };
  }

  // The resolver failed: last-known-good from memory, else from KV.
  let lkg: { addresses: readonly string[]; resolvedAtMs: number } | undefined =
    prev && prev.addresses.length > 0 ? prev : undefined;
  if (!lkg) lkg = await readLastKnownGood(deps.state, hostname);
  const ranges = lkg ? addressRanges(lkg.addresses) : [];
  if (!lkg || ranges.length === 0) return { ok: false, detail: `${resolved.detail}; no last-known-good addresses` };
  const maxAgeMs = (deps.lkgMaxAgeS ?? DEFAULT_LKG_MAX_AGE_S) * 1000;
  const staleAtMs = lkg.resolvedAtMs + maxAgeMs;
  if (deps.nowMs >= staleAtMs) {
    const detail = `last-known-good addresses are ${Math.round((deps.nowMs - lkg.resolvedAtMs) / 1000)} s old, over the maximum ${maxAgeMs / 1000} s (${LKG_MAX_AGE_VAR})`;
    if (!staleReported.has(hostname)) {
      if (staleReported.size >= MAX_ENTRIES) staleReported.clear();
      staleReported.add(hostname);
      console.warn(JSON.stringify({ level: "warn", msg: "hookgate.dns_stale", hostname, detail: `${detail}; the resolver fails (${resolved.detail}): denying its addresses` }));
    }
    return { ok: false, detail: `${resolved.detail}; ${detail}` };
  }
  // Retry the resolver after the minimum TTL rather than on every request (and no later than the copy goes stale).
  const expiresMs = Math.min(deps.nowMs + deps.minTtlS * 1000, staleAtMs);
  remember(hostname, { addresses: lkg.addresses, ranges, expiresMs, resolvedAtMs: lkg.resolvedAtMs, kind: "lkg" });
  return { ok: true, ranges, source: "last-known-good", resolvedAtMs: lkg.resolvedAtMs, detail: resolved.detail };
}

function remember(hostname: string, entry: Entry): void {
  if (memory.size >= MAX_ENTRIES && !memory.has(hostname)) memory.clear();
  memory.set(hostname, entry);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

interface Stored {
  addresses: string[];
  resolvedAtMs: number;
}

/** The stored copy, or undefined when absent, unreadable or not the expected shape. */
export async function readLastKnownGood(state: KVNamespace, hostname: string): Promise<Stored | undefined> {
  try {
    const raw = await state.get(dnsKey(hostname), "json");
    if (raw === null || typeof raw !== "object") return undefined;
    const { addresses, resolvedAtMs } = raw as Record<string, unknown>;
    if (!Array.isArray(addresses) || typeof resolvedAtMs !== "number") return undefined;
    const valid = addresses.filter((a): a is string => typeof a === "string" && addressRanges([a]).length === 1);
    return valid.length ? { addresses: valid, resolvedAtMs } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `dns:<hostname>` when the set changed or the copy is over an hour old (KV writes are rationed). */
export async function saveLastKnownGood(state: KVNamespace, hostname: string, addresses: readonly string[], nowMs: number): Promise<boolean> {
  try {
    const stored = await readLastKnownGood(state, hostname);
    if (stored && sameSet(stored.addresses, addresses) && nowMs - stored.resolvedAtMs < LKG_REWRITE_MS) return false;
    const value: Stored = { addresses: [...addresses], resolvedAtMs: nowMs };
    await state.put(dnsKey(hostname), JSON.stringify(value));
    return true;
  } catch {
    return false; // KV trouble never fails a request that resolved
  }
}
