/**
 * The pipeline's queue-mode stage: a verified request is put on the delivery
 * queue (same headers as direct forwarding would send) and the provider gets
 * its success status (the route's successStatus, else the provider's, else 202)
 * at once. hookgate then owns delivery (src/delivery/consumer.ts).
 */
import type { Env } from "../env.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Result } from "../shared/verdict.ts";
import { forwardableRequestHeaders } from "../forward/headers.ts";
import { enqueueDelivery } from "./enqueue.ts";

export interface QueueStageInput {
  compiled: CompiledRoute;
  req: Inbound;
  /** The event id the origin will see as hookgate-id. */
  id: string;
  clientIp: string | undefined;
  receivedAt: number;
  /** Auto mode: the direct attempt already made (1), and when the queue's first attempt is due. */
  attemptsBefore?: number;
  delaySeconds?: number;
}

export async function queueVerified(env: Env, input: QueueStageInput): Promise<Result<{ deliveryId: string; response: Response }>> {
  const { compiled, req } = input;
  const queued = await enqueueDelivery(env, {
    eventId: input.id,
    route: compiled.route.path,
    method: req.method,
    url: req.url.href,
    headers: [...forwardableRequestHeaders(req.headers)],
    clientIp: input.clientIp,
    body: req.body,
    receivedAt: input.receivedAt,
    retryAt: compiled.retryAt,
    ...(input.attemptsBefore ? { attemptsBefore: input.attemptsBefore } : {}),
    ...(input.delaySeconds ? { delaySeconds: input.delaySeconds } : {}),
  });
  if (!queued.ok) return queued;
  const response = Response.json(
    { status: "queued", id: input.id },
    { status: compiled.successStatus, headers: { "cache-control": "no-store" } },
  );
  return { ok: true, value: { deliveryId: queued.value.deliveryId, response } };
}
