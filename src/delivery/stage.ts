/**
 * The pipeline's queue-mode stage: a verified request is put on the delivery
 * queue (same headers as direct forwarding would send) and the provider gets
 * 202 at once. hookgate then owns delivery (src/delivery/consumer.ts).
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
    retryDelaysSeconds: compiled.route.delivery.retryDelaysSeconds,
  });
  if (!queued.ok) return queued;
  const response = Response.json(
    { status: "queued", id: input.id },
    { status: 202, headers: { "cache-control": "no-store" } },
  );
  return { ok: true, value: { deliveryId: queued.value.deliveryId, response } };
}
