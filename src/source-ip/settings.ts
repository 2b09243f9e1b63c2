/**
 * The Worker vars the DNS side of source-IP checks reads: DOH_URL,
 * DNS_MIN_TTL_SECONDS and DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS. Parsed here, once per use, and passed down as plain
 * values (the resolver and cache functions never read env themselves).
 *
 * A bad DNS_MIN_TTL_SECONDS (not a whole number from 1 to 3600) falls back to
 * the default 30 s and is reported in a `hookgate.config` warn line: the knob
 * only tunes how often the resolver is asked, so a typo must not turn away
 * genuine deliveries (failing closed would), and the default is what an
 * unconfigured Worker does anyway, so nothing is allowed that otherwise would not be.
 *
 * DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS (default 24 h, 60 s to 30 days): how old
 * last-known-good addresses may be and still be used while the resolver fails;
 * older, the hostname fails closed. A bad value falls back to the default the
 * same way.
 */
import type { Env } from "../env.ts";
import { DEFAULT_DOH_URL, DEFAULT_MIN_TTL_S, MAX_TTL_S } from "./doh.ts";
import { shownSetting } from "../log.ts";

export const MIN_TTL_VAR = "DNS_MIN_TTL_SECONDS";
export const LKG_MAX_AGE_VAR = "DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS";
export const DEFAULT_LKG_MAX_AGE_S = 86_400;
const LKG_MAX_AGE_RANGE = [60, 30 * 86_400] as const;

export interface DnsSettings {
  /** DoH JSON endpoint. */
  url: string;
  /** Minimum seconds an answer is cached (and between retries of a failing resolver). */
  minTtlS: number;
  /** Maximum age of last-known-good addresses (DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS). */
  lkgMaxAgeS: number;
  /** Why a configured value was not used (the default was), for a warn line; several are joined by "; ". */
  problem?: string;
}

/** A whole number of seconds within [min, max] from a Worker var; absent or empty → the default. */
function parseSeconds(name: string, raw: unknown, [min, max]: readonly [number, number], fallback: number): { seconds: number; problem?: string } {
  if (raw === undefined || raw === null || raw === "") return { seconds: fallback };
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return { seconds: n };
  return {
    seconds: fallback,
    problem: `${name}=${shownSetting(raw)} is not a whole number of seconds from ${min} to ${max}; using the default ${fallback}`,
  };
}

/** DNS_MIN_TTL_SECONDS: absent or empty → default; else a whole number of seconds from 1 to MAX_TTL_S. */
export const parseMinTtl = (raw: unknown) => parseSeconds(MIN_TTL_VAR, raw, [1, MAX_TTL_S], DEFAULT_MIN_TTL_S);

/** DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS: absent or empty → 24 h; else a whole number of seconds from 60 to 30 days. */
export const parseLkgMaxAge = (raw: unknown) => parseSeconds(LKG_MAX_AGE_VAR, raw, LKG_MAX_AGE_RANGE, DEFAULT_LKG_MAX_AGE_S);

export function dnsSettings(env: Pick<Env, "DOH_URL" | "DNS_MIN_TTL_SECONDS" | "DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS">): DnsSettings {
  const minTtl = parseMinTtl(env.DNS_MIN_TTL_SECONDS);
  const maxAge = parseLkgMaxAge(env.DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS);
  const problem = [minTtl.problem, maxAge.problem].filter(Boolean).join("; ");
  return { url: env.DOH_URL || DEFAULT_DOH_URL, minTtlS: minTtl.seconds, lkgMaxAgeS: maxAge.seconds, ...(problem ? { problem } : {}) };
}
