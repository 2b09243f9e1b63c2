/**
 * Turns a validated allow list into what the check runs: ranges parsed once
 * when the route is compiled (not per request), hostnames normalised.
 */
import type { Allow } from "./schema.ts";
import { parseRange, type Range } from "./address.ts";
import { normalizeHostname } from "./schema.ts";

export interface CompiledAllow {
  /** Whose list this is: the route's own `allow`, or the provider's default `sourceIps`. */
  readonly from: "route" | "provider";
  readonly ranges: readonly Range[];
  readonly hostnames: readonly string[];
}

export type CompiledAllowResult = { ok: true; value: CompiledAllow | undefined } | { ok: false; detail: string };

export function compileAllow(routeAllow: Allow | undefined, providerDefault: Allow | undefined): CompiledAllowResult {
  const allow = routeAllow ?? providerDefault;
  if (!allow) return { ok: true, value: undefined };
  const field = routeAllow ? "allow" : "provider sourceIps";
  const ranges: Range[] = [];
  for (const [i, entry] of (allow.ips ?? []).entries()) {
    const parsed = parseRange(entry);
    if (!parsed.ok) return { ok: false, detail: `${field}.ips[${i}]: ${parsed.problem}` };
    ranges.push(parsed.range);
  }
  const hostnames = [...new Set((allow.hostnames ?? []).map(normalizeHostname))];
  return { ok: true, value: { from: routeAllow ? "route" : "provider", ranges, hostnames } };
}
