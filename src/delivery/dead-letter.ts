/**
 * Dead letters: deliveries that failed every attempt of their schedule. One
 * STATE record per delivery under `dlq:<route>:<deliveryId>`; the raw body is
 * kept under `body:<deliveryId>` (never in the record, never listed). Both
 * expire after DEAD_LETTER_TTL_SECONDS. The KV metadata carries the summary,
 * so a listing never reads a record or a body.
 */
import { STATE_PREFIXES } from "../state/kv-keys.ts";
import { bodyKey, type DeliveryMessage } from "./message.ts";

export const DEAD_LETTER_TTL_SECONDS = 14 * 86_400;

export type { DeadLetterSummary } from "./dead-letter-summary.ts";
import type { DeadLetterSummary } from "./dead-letter-summary.ts";

export interface DeadLetter extends DeadLetterSummary {
  method: string;
  url: string;
  headers: [string, string][];
  clientIp?: string;
  bodyRef: string;
}

export const deadLetterPrefix = (route?: string) => `${STATE_PREFIXES.dlq}${route === undefined ? "" : `${route}:`}`;
export const deadLetterKey = (route: string, deliveryId: string) => `${deadLetterPrefix(route)}${deliveryId}`;

/** Stores the body (with the dead letter's TTL) and the record. Throws on a KV failure (the caller retries). */
export async function writeDeadLetter(
  state: KVNamespace,
  m: DeliveryMessage,
  body: Uint8Array | null,
  outcome: { attempts: number; lastStatus?: number; lastError: string; deadAt: number },
): Promise<DeadLetter> {
  const summary: DeadLetterSummary = {
    deliveryId: m.deliveryId,
    eventId: m.eventId,
    route: m.route,
    attempts: outcome.attempts,
    ...(outcome.lastStatus !== undefined ? { lastStatus: outcome.lastStatus } : {}),
    lastError: outcome.lastError.slice(0, 300),
    receivedAt: m.receivedAt,
    deadAt: outcome.deadAt,
    bodyBytes: body ? body.byteLength : 0,
    ...(body ? {} : { bodyLost: true as const }),
  };
  const record: DeadLetter = {
    ...summary,
    method: m.method,
    url: m.url,
    headers: m.headers,
    ...(m.clientIp ? { clientIp: m.clientIp } : {}),
    bodyRef: bodyKey(m.deliveryId),
  };
  const ttl = { expirationTtl: DEAD_LETTER_TTL_SECONDS };
  if (body) await state.put(record.bodyRef, body, ttl);
  await state.put(deadLetterKey(m.route, m.deliveryId), JSON.stringify(record), { ...ttl, metadata: summary });
  return record;
}

export async function readDeadLetter(state: KVNamespace, route: string, deliveryId: string): Promise<DeadLetter | null> {
  const text = await state.get(deadLetterKey(route, deliveryId), "text");
  if (text === null) return null;
  try {
    return JSON.parse(text) as DeadLetter;
  } catch {
    return null;
  }
}

export async function deleteDeadLetter(state: KVNamespace, d: DeadLetter): Promise<void> {
  await state.delete(deadLetterKey(d.route, d.deliveryId));
  await state.delete(d.bodyRef);
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  cursor?: string;
}

/** One page of summaries (from KV metadata only), for one route or all of them. */
export async function listDeadLetters(state: KVNamespace, opts: { route?: string; cursor?: string; limit?: number }): Promise<DeadLetterPage> {
  const page = await state.list<DeadLetterSummary>({
    prefix: deadLetterPrefix(opts.route),
    limit: opts.limit ?? 100,
    ...(opts.cursor ? { cursor: opts.cursor } : {}),
  });
  const items = page.keys
    .map((k) => k.metadata)
    // A route that is a prefix of another (`/a` and `/a:b`) shares a key prefix: keep exact matches.
    .filter((s): s is DeadLetterSummary => !!s && (opts.route === undefined || s.route === opts.route));
  return page.list_complete ? { items } : { items, cursor: page.cursor };
}
