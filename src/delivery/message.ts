/**
 * What a queued delivery carries. Queue messages are structured-cloned (the
 * default "v8" content type), so the raw body travels as a Uint8Array, byte
 * for byte. A body that would push the message over the queue's limit
 * (128 KB per message) is stored aside in STATE under `body:<deliveryId>`
 * with a TTL and referenced instead.
 */
import { STATE_PREFIXES } from "../state/kv-keys.ts";

export interface BodyRef {
  /** STATE key holding the raw bytes. */
  ref: string;
  bytes: number;
}

export interface DeliveryMessage {
  v: 1;
  /** Unique per queued delivery (a replay gets a new one). */
  deliveryId: string;
  /** The event id sent to the origin as hookgate-id: stable across retries and replays. */
  eventId: string;
  /** The route path (its rules are loaded again at delivery time). */
  route: string;
  method: string;
  /** The URL the provider posted to (path and query). */
  url: string;
  /** The forwardable request headers (hop-by-hop and hookgate-* already removed). */
  headers: [string, string][];
  clientIp?: string;
  body: Uint8Array | BodyRef;
  /** When hookgate accepted the event (ms since the epoch). */
  receivedAt: number;
  /** Set on an admin replay: the delivery id of the dead letter it came from. */
  replayOf?: string;
}

/** Queue message limit is 128 KB; keep a wide margin for the envelope and the clone format. */
export const MAX_INLINE_MESSAGE_BYTES = 100 * 1024;

export const bodyKey = (deliveryId: string) => `${STATE_PREFIXES.body}${deliveryId}`;

/** Rough size of everything but the body, in bytes (UTF-16 worst case not needed: headers are ASCII). */
export function envelopeBytes(m: Omit<DeliveryMessage, "body">): number {
  let n = 256 + m.deliveryId.length + m.eventId.length + m.route.length + m.method.length + m.url.length + (m.clientIp?.length ?? 0);
  for (const [k, v] of m.headers) n += k.length + v.length + 16;
  return n;
}

export function isBodyRef(body: DeliveryMessage["body"]): body is BodyRef {
  return !(body instanceof Uint8Array) && typeof body === "object" && body !== null && typeof (body as BodyRef).ref === "string";
}

/** Shape check of a message read back from the queue (never trust it blindly). */
export function isDeliveryMessage(x: unknown): x is DeliveryMessage {
  if (typeof x !== "object" || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    m.v === 1 &&
    typeof m.deliveryId === "string" &&
    typeof m.eventId === "string" &&
    typeof m.route === "string" &&
    typeof m.method === "string" &&
    typeof m.url === "string" &&
    Array.isArray(m.headers) &&
    typeof m.receivedAt === "number" &&
    (m.body instanceof Uint8Array || isBodyRef(m.body as DeliveryMessage["body"]))
  );
}

/** The message body bytes: inline, or read back from STATE. null when the stored copy is gone. */
export async function loadBody(state: KVNamespace, body: DeliveryMessage["body"]): Promise<Uint8Array | null> {
  if (body instanceof Uint8Array) return body;
  const buf = await state.get(body.ref, "arrayBuffer");
  return buf ? new Uint8Array(buf) : null;
}
