/**
 * The pipeline's rate-limit stage: after verification and after the dedup
 * claim, before forwarding or queueing, so only requests that will actually be
 * delivered count: a forgery (401) or a replay answered "duplicate" never uses
 * the budget. Over the limit → 429 with Retry-After (the pipeline releases the
 * claim); the provider retries later. Queued events are never counted again by
 * the consumer.
 *
 * On a report-only route an unverified request (forwarded marked
 * `hookgate-verified: false`) is counted in a separate budget of the same size
 * (`unverified:<path>`), so forged traffic can neither block a genuine delivery
 * nor reach the origin faster than the limit.
 */
import type { Env } from "../env.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import { fail, pass, type Check } from "../shared/verdict.ts";

export async function checkRateLimit(env: Env, compiled: CompiledRoute, nowMs: number, verified: boolean): Promise<Check> {
  const limit = compiled.route.rateLimit?.requestsPerMinute;
  if (limit === undefined) return pass;
  const ns = env.RATE_LIMITER;
  if (!ns) return fail({ code: "config_invalid", detail: "route has a rateLimit but the RATE_LIMITER Durable Object binding is missing" });
  try {
    const path = compiled.route.path;
    // A route path starts with "/": the unverified budget's name can never be a route's.
    const stub = ns.get(ns.idFromName(verified ? path : `unverified:${path}`));
    const hit = await stub.hit(limit, nowMs);
    return hit.allowed ? pass : fail({ code: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds });
  } catch (e) {
    return fail({ code: "internal_error", detail: `rate limiter failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}
