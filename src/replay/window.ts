/**
 * Time windows, whether or not the time is covered by a signature: the
 * provider's `timestamp` (header, JSON body field such as `created`, or a
 * signature field; unix s / ms / ISO 8601), checked both ways against the
 * route's tolerance; and a `ValidUntil`-style expiry.
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, pass, type Check } from "../shared/verdict.ts";
import { describeSource, readSource } from "../verify/sources.ts";
import { checkWindow, parseTimestamp } from "../verify/timestamp.ts";

export function checkTimestamp(compiled: CompiledRoute, req: Inbound, nowMs: number, fields?: Map<string, string>): Check {
  const spec = compiled.provider.timestamp;
  if (!spec) return pass;
  const raw = readSource(spec.from, req, fields);
  if (raw === undefined) return fail({ code: "timestamp_missing", detail: `no timestamp in ${describeSource(spec.from)}` });
  const window = checkWindow(raw, spec.format, compiled.tolerance ?? spec.tolerance, nowMs);
  if (!window.ok && window.reason.code === "timestamp_malformed")
    return fail({ code: "timestamp_malformed", detail: `${describeSource(spec.from)} is not ${spec.format}` });
  return window;
}

export function checkExpiry(compiled: CompiledRoute, req: Inbound, nowMs: number, fields?: Map<string, string>): Check {
  const spec = compiled.expiresAt;
  if (!spec) return pass;
  const raw = readSource(spec.from, req, fields);
  if (raw === undefined) return fail({ code: "expiry_missing", detail: `no expiry in ${describeSource(spec.from)}` });
  const expiry = parseTimestamp(raw, spec.format);
  if (expiry === null) return fail({ code: "expiry_malformed", detail: `${describeSource(spec.from)} is not ${spec.format}` });
  const now = nowMs / 1000;
  if (now > expiry + spec.leeway)
    return fail({ code: "expired", detail: `expired ${Math.round(now - expiry)}s ago; leeway ${spec.leeway}s` });
  if (expiry - now > spec.maxSeconds)
    return fail({ code: "expiry_too_far", detail: `expiry is ${Math.round(expiry - now)}s away; at most ${spec.maxSeconds}s allowed` });
  const ts = compiled.provider.timestamp;
  if (spec.maxAfterTimestamp !== undefined && ts) {
    // checkTimestamp ran first: the send time is there and well formed.
    const sent = parseTimestamp(readSource(ts.from, req, fields) ?? "", ts.format);
    if (sent === null || expiry - sent > spec.maxAfterTimestamp)
      return fail({ code: "expiry_too_far", detail: `expiry is ${sent === null ? "?" : Math.round(expiry - sent)}s after the send time; at most ${spec.maxAfterTimestamp}s allowed` });
  }
  return pass;
}
