/**
 * delivery.mode "auto" (deadline-aware): forward directly, but never let the
 * provider's clock run out on hookgate.
 *
 *   origin answers 2xx, 3xx or 4xx in time → that answer goes back (a 4xx is the origin's verdict: not queued)
 *   origin 5xx, unreachable, or no answer by deadline − safetyMarginMs
 *       → the verified event goes on the delivery queue (same message as queue mode, same hookgate-id),
 *         and the provider gets its success status at once; the queue's first attempt is the
 *         schedule's first retry (the direct attempt was the first attempt)
 *   queueing fails too → the origin's failure goes back, so the provider retries
 *
 * A direct fetch cut off at the deadline may still have reached the origin: the origin can then see
 * the event twice (the cut-off attempt and a queued one), always under the same hookgate-id.
 */
import type { Env } from "../env.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Result } from "../shared/verdict.ts";
import { forward, type ForwardDeps } from "../forward/forward.ts";
import { queueVerified } from "./stage.ts";

export interface AutoInput {
  compiled: CompiledRoute;
  req: Inbound;
  id: string;
  clientIp: string | undefined;
  headers: Record<string, string>;
  /** When hookgate received the request (ms): the provider's deadline counts from here. */
  receivedAt: number;
}

export interface AutoDelivered {
  /** queued: hookgate took the event over; forwarded: the origin's answer went back. */
  verdict: "queued" | "forwarded";
  response: Response;
  /** Done for dedup: queued, or the origin answered 2xx (anything else releases the claim for the provider's retry). */
  accepted: boolean;
  /** The origin's status, when it answered. */
  originStatus?: number;
  /** Why the event was queued, or why queueing was not possible (for the log line). */
  detail?: string;
}

const forwardedAs = (response: Response, detail?: string): AutoDelivered => ({
  verdict: "forwarded",
  response,
  accepted: response.status >= 200 && response.status < 300,
  originStatus: response.status,
  ...(detail ? { detail } : {}),
});

/** Time left for the direct attempt: the inline origin timeout, cut to the provider's deadline minus the margin. */
export function directBudgetMs(compiled: CompiledRoute, elapsedMs: number): number {
  const untilDeadline = compiled.deadlineMs - compiled.route.delivery.safetyMarginMs - elapsedMs;
  return Math.min(compiled.originTimeoutMs, untilDeadline);
}

export async function deliverAuto(env: Env, input: AutoInput, deps: ForwardDeps & { now: () => number }): Promise<Result<AutoDelivered>> {
  const { compiled } = input;
  const budget = directBudgetMs(compiled, deps.now() - input.receivedAt);
  const forwarded =
    budget >= 1
      ? await forward({ ...input, timeoutMs: budget }, deps)
      : ({ ok: false, reason: { code: "origin_timeout", detail: "no time left" } } as const);
  if (forwarded.ok && forwarded.value.status < 500) return { ok: true, value: forwardedAs(forwarded.value) };

  const why = forwarded.ok ? `origin answered ${forwarded.value.status}` : "detail" in forwarded.reason ? forwarded.reason.detail : forwarded.reason.code;
  // No retries configured: nothing to hand over to, the provider's own retry is the better bet.
  const firstRetry = compiled.retryAt[0];
  const queued =
    firstRetry === undefined
      ? null
      : await queueVerified(env, {
          compiled,
          req: input.req,
          id: input.id,
          clientIp: input.clientIp,
          receivedAt: input.receivedAt,
          attemptsBefore: 1,
          delaySeconds: Math.max(0, Math.ceil((input.receivedAt + firstRetry * 1000 - deps.now()) / 1000)),
        });
  if (queued?.ok) {
    if (forwarded.ok) await forwarded.value.body?.cancel().catch(() => {});
    const status = forwarded.ok ? { originStatus: forwarded.value.status } : {};
    return { ok: true, value: { verdict: "queued", response: queued.value.response, accepted: true, ...status, detail: `${why}; queued` } };
  }
  const notQueued = queued ? `; not queued: ${"detail" in queued.reason ? queued.reason.detail : queued.reason.code}` : "; no retries configured";
  if (forwarded.ok) return { ok: true, value: forwardedAs(forwarded.value, `${why}${notQueued}`) };
  return { ok: false, reason: "detail" in forwarded.reason ? { ...forwarded.reason, detail: `${why}${notQueued}` } : forwarded.reason };
}
