/**
 * What a queued delivery carries. Messages are sent as JSON (content type
 * "json"), with the raw body base64-encoded: a Uint8Array does not survive
 * the local queue (miniflare hands it back as a plain object; measured in
 * test/delivery/real-queue.test.ts), and JSON behaves the same locally and
 * deployed. A body that would push the message over the queue's limit
 * (128 KB per message) is stored aside in STATE under `body:<deliveryId>`
 * with a TTL and referenced instead.
 */
import { STATE_PREFIXES } from "../state/kv-keys.ts";
import { decodeBase64, encodeBase64 } from "../verify/encoding.ts";

export interface InlineBody {
  base64: string;
}

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
  body: InlineBody | BodyRef;
  /** When hookgate accepted the event (ms since the epoch). */
  receivedAt: number;
  /** Set on an admin replay: the delivery id of the dead letter it came from. */
  replayOf?: string;
  /** Retries are timed from here (ms since the epoch); absent: receivedAt. A replay starts a new schedule. */
  scheduleFrom?: number;
  /** Delivery attempts made before the queue's first (auto mode's direct attempt: 1). */
  attemptsBefore?: number;
}

/** Queue message limit is 128 KB; keep a wide margin for the envelope and the clone format. */
export const MAX_INLINE_MESSAGE_BYTES = 100 * 1024;

export const bodyKey = (deliveryId: string) => `${STATE_PREFIXES.body}${deliveryId}`;

/** Size of everything but the body, as the JSON message will carry it (UTF-8 bytes). */
export function envelopeBytes(m: Omit<DeliveryMessage, "body">): number {
  return new TextEncoder().encode(JSON.stringify(m)).byteLength + 64;
}

export function isBodyRef(body: unknown): body is BodyRef {
  return typeof body === "object" && body !== null && typeof (body as BodyRef).ref === "string" && typeof (body as BodyRef).bytes === "number";
}

export function isInlineBody(body: unknown): body is InlineBody {
  return typeof body === "object" && body !== null && typeof (body as InlineBody).base64 === "string";
}

export const inlineBody = (bytes: Uint8Array): InlineBody => ({ base64: encodeBase64(bytes) });

/** Bytes a body takes inline in a message. */
export const inlineBytes = (byteLength: number) => Math.ceil(byteLength / 3) * 4 + 16;

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
    (isInlineBody(m.body) || isBodyRef(m.body))
  );
}

/** The message body bytes: inline, or read back from STATE. null when the stored copy is gone (or corrupt). */
export async function loadBody(state: KVNamespace, body: DeliveryMessage["body"]): Promise<Uint8Array | null> {
  if (isInlineBody(body)) return decodeBase64(body.base64);
  const buf = await state.get(body.ref, "arrayBuffer");
  return buf ? new Uint8Array(buf) : null;
}
