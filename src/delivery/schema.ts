/**
 * Per-route delivery and rate-limit settings (imported by src/rules/schema.ts).
 *
 *   delivery:  { mode: "direct" | "queue" | "auto",
 *                retryAtSecondsAfterFirstAttempt: [60, 120, 300, 600, 3600, 10800],
 *                deadlineMs?, successStatus?, safetyMarginMs }
 *   rateLimit: { requestsPerMinute: 600 } | false
 */
import * as z from "zod/mini";
import "../rules/zod-locale.ts";

/** 1, 2, 5, 10, 60 and 180 minutes after the first attempt: Lean's own schedule, as Lean words it. */
export const DEFAULT_RETRY_AT_SECONDS = [60, 120, 300, 600, 3600, 10800];
/** Cloudflare Queues accepts a retry delay of at most 12 hours: no two attempts may be further apart. */
export const MAX_RETRY_DELAY_SECONDS = 43_200;
/** Must stay below the consumer's `max_retries` in wrangler.toml (25), so hookgate, not the queue, decides. */
export const MAX_RETRIES = 20;
/** A provider that publishes no deadline is assumed to wait this long (ms); a route can set its own. */
export const DEFAULT_DEADLINE_MS = 10_000;
/** Time kept under the provider's deadline for hookgate's own answer (queueing, the network back). */
export const DEFAULT_SAFETY_MARGIN_MS = 1_500;
/** What a queued event is answered with when the provider names no success status. */
export const DEFAULT_SUCCESS_STATUS = 202;

const seconds = z.number().check(z.int("each retry time is a whole number of seconds"), z.gte(0, "a retry time cannot be negative"));
const schedule = z.array(seconds).check(z.maxLength(MAX_RETRIES, `at most ${MAX_RETRIES} retries`));

/** The first gap between two attempts over the queue's 12-hour limit, or -1. */
function tooFarApart(offsets: readonly number[]): number {
  return offsets.findIndex((t, i) => t - (i ? offsets[i - 1]! : 0) > MAX_RETRY_DELAY_SECONDS);
}

const TWO_XX = "successStatus must be a 2xx status";
export const successStatus = z.number().check(z.int(TWO_XX), z.gte(200, TWO_XX), z.lte(299, TWO_XX));
export const deadlineMs = z.number().check(z.int(), z.gte(500, "deadlineMs must be at least 500"), z.lte(120_000));

export const deliveryMode = z.enum(["direct", "queue", "auto"], { message: 'delivery.mode must be "direct", "queue" or "auto"' });
/** The mode of a route that names none and whose provider suggests none. */
export const DEFAULT_MODE = "auto";

export const DeliverySchema = z
  .strictObject({
    /**
     * direct: forward inline; the origin's answer goes back to the provider.
     * queue: answer success once the verified event is durably queued; hookgate delivers and retries.
     * auto: forward inline; if the origin fails (5xx, unreachable) or has not answered by the provider's
     *   deadline minus safetyMarginMs, queue the event and answer success at once (src/delivery/auto.ts).
     * Default: the provider's suggestion (direct where the answer's content matters: Twilio, Discord, Slack), else auto.
     */
    mode: z.optional(deliveryMode),
    /**
     * Queued deliveries: when each retry happens, in seconds after the FIRST attempt (offsets, not gaps).
     * Default [60, 120, 300, 600, 3600, 10800]. Dead-lettered after the last one.
     */
    retryAtSecondsAfterFirstAttempt: z.optional(
      schedule.check(
        z.refine((a) => a.every((t, i) => t > (a[i - 1] ?? -1)), "must increase: times after the first attempt, not gaps"),
        z.refine((a) => tooFarApart(a) < 0, `attempts at most ${MAX_RETRY_DELAY_SECONDS} s apart`),
      ),
    ),
    /** Legacy: gaps between attempts (each ≤ 12 h). Prefer retryAtSecondsAfterFirstAttempt. */
    retryDelaysSeconds: z.optional(
      schedule.check(z.refine((a) => a.every((t) => t <= MAX_RETRY_DELAY_SECONDS), `a retry delay is at most ${MAX_RETRY_DELAY_SECONDS} s`)),
    ),
    /** Overrides the provider's response deadline (ms): how long the provider waits for an answer. */
    deadlineMs: z.optional(deadlineMs),
    /** Overrides the provider's success status: what a queued event is answered with (queue and auto modes). */
    successStatus: z.optional(successStatus),
    /** Auto mode: how long before the deadline hookgate stops waiting for the origin and queues instead. */
    safetyMarginMs: z._default(z.number().check(z.int(), z.gte(100), z.lte(60_000)), DEFAULT_SAFETY_MARGIN_MS),
  })
  .check(
    z.refine((d) => !(d.retryAtSecondsAfterFirstAttempt && d.retryDelaysSeconds), "retryAtSecondsAfterFirstAttempt or retryDelaysSeconds, not both"),
  );
export type Delivery = z.infer<typeof DeliverySchema>;

/** The effective schedule: times after the first attempt (a legacy list of gaps is summed up). */
export function retryOffsets(d: Pick<Delivery, "retryAtSecondsAfterFirstAttempt" | "retryDelaysSeconds">): readonly number[] {
  if (d.retryAtSecondsAfterFirstAttempt) return d.retryAtSecondsAfterFirstAttempt;
  if (!d.retryDelaysSeconds) return DEFAULT_RETRY_AT_SECONDS;
  let t = 0;
  return d.retryDelaysSeconds.map((gap) => (t += gap));
}

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
