/**
 * The Worker vars the DNS side of source-IP checks reads: DOH_URL and
 * DNS_MIN_TTL_SECONDS. Parsed here, once per use, and passed down as plain
 * values (the resolver and cache functions never read env themselves).
 *
 * A bad DNS_MIN_TTL_SECONDS (not a whole number from 1 to 3600) falls back to
 * the default 30 s and is reported in a `hookgate.config` warn line: the knob
 * only tunes how often the resolver is asked, so a typo must not turn away
 * genuine deliveries (failing closed would), and the default is what an
 * unconfigured Worker does anyway, so nothing is allowed that otherwise would not be.
 */
import type { Env } from "../env.ts";
import { DEFAULT_DOH_URL, DEFAULT_MIN_TTL_S, MAX_TTL_S } from "./doh.ts";
import { shownSetting } from "../log.ts";

export const MIN_TTL_VAR = "DNS_MIN_TTL_SECONDS";

export interface DnsSettings {
  /** DoH JSON endpoint. */
  url: string;
  /** Minimum seconds an answer is cached (and between retries of a failing resolver). */
  minTtlS: number;
  /** Why a configured value was not used (the default was), for a warn line. */
  problem?: string;
}

/** DNS_MIN_TTL_SECONDS: absent or empty → default; else a whole number of seconds from 1 to MAX_TTL_S. */
export function parseMinTtl(raw: unknown): { seconds: number; problem?: string } {
  if (raw === undefined || raw === null || raw === "") return { seconds: DEFAULT_MIN_TTL_S };
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_TTL_S) return { seconds: n };
  return {
    seconds: DEFAULT_MIN_TTL_S,
    problem: `${MIN_TTL_VAR}=${shownSetting(raw)} is not a whole number of seconds from 1 to ${MAX_TTL_S}; using the default ${DEFAULT_MIN_TTL_S}`,
  };
}

export function dnsSettings(env: Pick<Env, "DOH_URL" | "DNS_MIN_TTL_SECONDS">): DnsSettings {
  const minTtl = parseMinTtl(env.DNS_MIN_TTL_SECONDS);
  return { url: env.DOH_URL || DEFAULT_DOH_URL, minTtlS: minTtl.seconds, ...(minTtl.problem ? { problem: minTtl.problem } : {}) };
}
