/**
 * Per-route delivery and rate-limit settings (imported by src/rules/schema.ts).
 *
 *   delivery:  { mode: "direct" | "queue", retryDelaysSeconds: [60, 120, 300, 600, 3600, 10800] }
 *   rateLimit: { requestsPerMinute: 600 }
 */
import * as z from "zod/mini";
import "../rules/zod-locale.ts";

/** 1, 2, 5, 10, 60 and 180 minutes: one of our source providers' own schedule. */
export const DEFAULT_RETRY_DELAYS_SECONDS = [60, 120, 300, 600, 3600, 10800];
/** Cloudflare Queues accepts a retry delay of at most 12 hours. */
export const MAX_RETRY_DELAY_SECONDS = 43_200;
/** Must stay below the consumer's `max_retries` in wrangler.toml (25), so hookgate, not the queue, decides. */
export const MAX_RETRIES = 20;

export const DeliverySchema = z.strictObject({
  /**
   * direct: forward inline; the origin's answer goes back to the provider.
   * queue: answer 202 once the verified event is durably queued; hookgate delivers and retries.
   */
  mode: z._default(z.enum(["direct", "queue"], { message: "delivery.mode must be \"direct\" or \"queue\"" }), "direct"),
  /** Queue mode: seconds to wait before each retry; the event is dead-lettered after the last one. */
  retryDelaysSeconds: z._default(
    z
      .array(
        z
          .number({ message: "each retry delay is a number of seconds" })
          .check(
            z.int("each retry delay is a whole number of seconds"),
            z.gte(0, "a retry delay cannot be negative"),
            z.lte(MAX_RETRY_DELAY_SECONDS, `a retry delay is at most ${MAX_RETRY_DELAY_SECONDS} s (12 hours, the queue's limit)`),
          ),
      )
      .check(z.maxLength(MAX_RETRIES, `at most ${MAX_RETRIES} retries`)),
    DEFAULT_RETRY_DELAYS_SECONDS,
  ),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const RateLimitSchema = z.strictObject({
  /** Verified requests accepted per fixed one-minute window; more are answered 429 with Retry-After. */
  requestsPerMinute: z
    .number({ message: "rateLimit.requestsPerMinute must be a number" })
    .check(
      z.int("rateLimit.requestsPerMinute must be a whole number"),
      z.gte(1, "rateLimit.requestsPerMinute must be at least 1"),
      z.lte(1_000_000, "rateLimit.requestsPerMinute is at most 1000000"),
    ),
});
export type RateLimit = z.infer<typeof RateLimitSchema>;
