/**
 * Claim, then commit: the interface the pipeline and the queue consumer share.
 *
 *   claim(id)   before forwarding: a short-lived "pending" mark (the strict store writes it at once;
 *               the KV store only reads, and marks a delivery still in flight after 250 ms).
 *               → claimed | duplicate (already delivered) | in_flight (another delivery of it is running)
 *   commit(id)  after the origin answered 2xx, or the event was durably queued: "done" for the TTL.
 *   release(id) forwarding failed: forget the claim so the provider's retry goes through.
 */
export type ClaimOutcome =
  | { kind: "claimed" }
  | { kind: "duplicate" }
  | { kind: "in_flight"; retryAfterSeconds: number };

export interface DedupStore {
  /** "kv" (eventually consistent, no compare-and-set) or "strict" (Durable Object, atomic). */
  readonly kind: "kv" | "strict";
  claim(id: string): Promise<ClaimOutcome>;
  commit(id: string): Promise<void>;
  release(id: string): Promise<void>;
}

/** What both stores keep per id. `until` is on the injected clock (ms since the epoch). */
export interface DedupRecord {
  s: "pending" | "done";
  until: number;
}

export interface DedupTimes {
  /** Injected clock. */
  now(): number;
  /** How long "done" is remembered. */
  ttlSeconds: number;
  /** How long a "pending" claim blocks other deliveries (longer than the origin timeout). */
  pendingSeconds: number;
}

/** The outcome of a claim against what is stored now. */
export function judge(record: DedupRecord | null | undefined, nowMs: number): ClaimOutcome | null {
  if (!record || record.until <= nowMs) return null;
  if (record.s === "done") return { kind: "duplicate" };
  return { kind: "in_flight", retryAfterSeconds: Math.max(1, Math.ceil((record.until - nowMs) / 1000)) };
}

/** KV's minimum expirationTtl. */
export const MIN_KV_TTL_SECONDS = 60;

/** A pending claim outlives the origin timeout, so it never expires under a delivery still in progress. */
export function pendingSecondsFor(originTimeoutMs: number): number {
  return Math.max(MIN_KV_TTL_SECONDS, Math.ceil(originTimeoutMs / 1000) + 20);
}
