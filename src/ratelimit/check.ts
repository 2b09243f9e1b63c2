/**
 * The pipeline's rate-limit stage: after verification (so forged traffic can
 * never use up a route's budget), before forwarding or queueing. Over the
 * limit → 429 with Retry-After; the provider retries later. Queued events are
 * never counted again by the consumer.
 */
import type { Env } from "../env.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import { fail, pass, type Check } from "../shared/verdict.ts";

export async function checkRateLimit(env: Env, compiled: CompiledRoute, nowMs: number): Promise<Check> {
  const limit = compiled.rateLimit?.requestsPerMinute;
  if (limit === undefined) return pass;
  const ns = env.RATE_LIMITER;
  if (!ns) return fail({ code: "config_invalid", detail: "route has a rateLimit but the RATE_LIMITER Durable Object binding is missing" });
  try {
    const stub = ns.get(ns.idFromName(compiled.route.path));
    const hit = await stub.hit(limit, nowMs);
    return hit.allowed ? pass : fail({ code: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds });
  } catch (e) {
    return fail({ code: "internal_error", detail: `rate limiter failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}
