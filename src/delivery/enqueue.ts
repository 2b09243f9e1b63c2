/**
 * Puts a verified event on the delivery queue. Used by the pipeline (queue
 * mode) and by the admin replay, so both go through the same path.
 */
import type { Env } from "../env.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { DEFAULT_RETRY_AT_SECONDS } from "./schema.ts";
import { bodyKey, envelopeBytes, inlineBody, inlineBytes, MAX_INLINE_MESSAGE_BYTES, type DeliveryMessage } from "./message.ts";

export interface EnqueueInput {
  eventId: string;
  route: string;
  method: string;
  url: string;
  headers: [string, string][];
  clientIp?: string | undefined;
  body: Uint8Array;
  receivedAt: number;
  replayOf?: string;
  /** The route's retry times (seconds after the first attempt), for the stored body's lifetime. */
  retryAt?: readonly number[];
  scheduleFrom?: number;
  attemptsBefore?: number;
  /** Seconds before the queue hands the message to the consumer (auto mode: the first retry's time). */
  delaySeconds?: number;
}

/** Stored bodies outlive the whole retry schedule by two days (then the dead letter keeps its own copy). */
export function bodyTtlSeconds(retryAt: readonly number[] = DEFAULT_RETRY_AT_SECONDS): number {
  return (retryAt.at(-1) ?? 0) + 2 * 86_400;
}

/** The queue binding, or a clear config failure when wrangler.toml lacks it. */
export function deliveryQueue(env: Env): Result<Queue<DeliveryMessage>> {
  const q = env.DELIVERIES as Queue<DeliveryMessage> | undefined;
  if (!q || typeof q.send !== "function")
    return fail({ code: "config_invalid", detail: "delivery.mode is queue or auto but the DELIVERIES queue binding is missing" });
  return { ok: true, value: q };
}

export async function enqueueDelivery(env: Env, input: EnqueueInput): Promise<Result<{ deliveryId: string; stored: boolean }>> {
  const queue = deliveryQueue(env);
  if (!queue.ok) return queue;
  const deliveryId = crypto.randomUUID();
  const { body, retryAt, clientIp, replayOf, scheduleFrom, attemptsBefore, delaySeconds, ...rest } = input;
  const envelope: Omit<DeliveryMessage, "body"> = {
    v: 1,
    deliveryId,
    ...rest,
    ...(clientIp ? { clientIp } : {}),
    ...(replayOf ? { replayOf } : {}),
    ...(scheduleFrom !== undefined ? { scheduleFrom } : {}),
    ...(attemptsBefore ? { attemptsBefore } : {}),
  };
  const stored = envelopeBytes(envelope) + inlineBytes(body.byteLength) > MAX_INLINE_MESSAGE_BYTES;
  try {
    let messageBody: DeliveryMessage["body"];
    if (!stored) messageBody = inlineBody(body);
    else {
      const ref = bodyKey(deliveryId);
      await env.STATE.put(ref, body, { expirationTtl: bodyTtlSeconds(retryAt) });
      messageBody = { ref, bytes: body.byteLength };
    }
    await queue.value.send({ ...envelope, body: messageBody }, { contentType: "json", ...(delaySeconds ? { delaySeconds } : {}) });
  } catch (e) {
    return fail({ code: "internal_error", detail: `enqueue failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  return { ok: true, value: { deliveryId, stored } };
}
