/**
 * The source-IP stage: runs right after the method check, before the body is
 * read. The client address comes only from CF-Connecting-IP (set by Cloudflare's
 * edge, which overwrites any client-sent copy); X-Forwarded-For, True-Client-IP
 * and X-Real-IP are never consulted. A missing or unparseable address is
 * rejected. Static ranges are tried first, so a listed address never waits on DNS.
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { clientForms, inAnyRange, parseAddress } from "./address.ts";
import { lookupHostname, type DnsDeps, type Lookup } from "./dns-cache.ts";

/** Which list let the request in (for the log line); "none" when the route has no allow list. */
export type Allowed = { list: string };

export async function checkSourceIp(compiled: CompiledRoute, headers: Headers, deps: DnsDeps): Promise<Result<Allowed>> {
  const allow = compiled.allow;
  if (!allow) return { ok: true, value: { list: "none" } };
  const whose = allow.from === "route" ? "route allow" : `provider ${compiled.providerName} sourceIps`;

  const raw = headers.get("cf-connecting-ip");
  if (raw === null) return fail({ code: "source_ip_unknown", detail: `${whose}: no CF-Connecting-IP header` });
  const addr = parseAddress(raw.trim());
  if (!addr) return fail({ code: "source_ip_unknown", detail: `${whose}: CF-Connecting-IP is not an IP address` });
  const client = clientForms(addr);
  const ip = addr.toString();

  if (inAnyRange(client, allow.ranges)) return { ok: true, value: { list: "static" } };

  const consulted = allow.ranges.length ? [`static (${allow.ranges.length} entries)`] : [];
  if (allow.hostnames.length === 0)
    return fail({ code: "source_ip_denied", detail: `${ip} not in ${whose}: ${consulted.join(", ")}` });

  const lookups = await Promise.all(allow.hostnames.map(async (h) => [h, await lookupHostname(h, deps)] as const));
  for (const [h, l] of lookups) {
    if (l.ok && inAnyRange(client, l.ranges)) return { ok: true, value: { list: `hostname ${h} (${describe(l, deps.nowMs)})` } };
  }
  for (const [h, l] of lookups) consulted.push(`hostname ${h} (${l.ok ? describe(l, deps.nowMs) : `unresolved: ${l.detail}`})`);

  const unresolved = lookups.filter(([, l]) => !l.ok);
  // Fail closed: with a hostname we could not resolve, the true list is unknown.
  if (unresolved.length > 0)
    return fail({ code: "source_ip_unresolved", detail: `${ip} not allowed by ${whose}; consulted ${consulted.join(", ")}` });
  return fail({ code: "source_ip_denied", detail: `${ip} not in ${whose}; consulted ${consulted.join(", ")}` });
}

function describe(l: Extract<Lookup, { ok: true }>, nowMs: number): string {
  if (l.source !== "last-known-good") return `${l.source}, ${l.ranges.length} addresses`;
  const ageS = Math.max(0, Math.round((nowMs - l.resolvedAtMs) / 1000));
  return `last-known-good from ${ageS} s ago, ${l.ranges.length} addresses; resolver: ${l.detail ?? "failed"}`;
}
