/**
 * Test helpers for queue mode: a capturing DELIVERIES producer, GitHub-signed
 * requests, and a simulated queue that runs the real consumer over
 * `createMessageBatch` batches and follows its ack/retry answers
 * (`getQueueResult`), advancing the injected clock by each retry delay.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { consumeBatch } from "../../src/delivery/consumer.ts";
import type { DeliveryMessage } from "../../src/delivery/message.ts";
import { encodeHex } from "../../src/verify/encoding.ts";
import type { harness } from "../helpers/harness.ts";

export const SECRET = "queue-test-secret";

export function capturingQueue() {
  const sent: DeliveryMessage[] = [];
  /** The send options of each message (delaySeconds: when the queue's first attempt is due). */
  const options: (QueueSendOptions | undefined)[] = [];
  const queue = {
    async send(body: DeliveryMessage, opts?: QueueSendOptions) {
      if (opts?.contentType !== "json") throw new Error("hookgate sends delivery messages as JSON");
      // What the real queue does to a JSON message, including its size limit.
      const json = JSON.stringify(body);
      if (new TextEncoder().encode(json).byteLength > 128 * 1024) throw new Error("message over 128 KB");
      sent.push(JSON.parse(json));
      options.push(opts);
      return { metadata: {} };
    },
  } as unknown as Queue<DeliveryMessage>;
  return { queue, sent, options };
}

export async function signedGithub(body: string | Uint8Array, id: string): Promise<RequestInit> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  return {
    body: bytes,
    headers: { "content-type": "application/json", "X-Hub-Signature-256": `sha256=${encodeHex(mac)}`, "X-GitHub-Delivery": id },
  };
}

export interface Pending {
  id: string;
  attempts: number;
  body: DeliveryMessage;
  /** Clock time (ms) when the queue would deliver it again. */
  dueMs: number;
}

type H = ReturnType<typeof harness>;

let seq = 0;
export function pendingFrom(messages: DeliveryMessage[], nowMs: number): Pending[] {
  return messages.map((body) => ({ id: `msg-${++seq}`, attempts: 1, body, dueMs: nowMs }));
}

/** Runs one batch through the real consumer; returns what it acked and what it retried (with delays). */
export async function runBatch(h: H, items: Pending[]) {
  const batch = createMessageBatch<DeliveryMessage>(
    "hookgate-deliveries",
    items.map((p) => ({ id: p.id, timestamp: new Date(h.clock.nowMs), attempts: p.attempts, body: p.body })),
  );
  // getQueueResult (vitest-plugin 1.5) records that a message was retried but not
  // its delaySeconds: spy on retry() to keep the delay, still calling the real one.
  const delays = new Map<string, number | undefined>();
  const spied = batch.messages.map((m) => ({
    id: m.id,
    timestamp: m.timestamp,
    body: m.body,
    attempts: m.attempts,
    ack: () => m.ack(),
    retry: (o?: QueueRetryOptions) => {
      delays.set(m.id, o?.delaySeconds);
      m.retry(o);
    },
  }));
  const view = { queue: batch.queue, metadata: batch.metadata, messages: spied, ackAll: () => batch.ackAll(), retryAll: (o?: QueueRetryOptions) => batch.retryAll(o) };
  const ctx = createExecutionContext();
  await consumeBatch(view as unknown as MessageBatch<unknown>, h.env, h.deps, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays.get(r.msgId) })) };
}

/**
 * Delivers everything like the queue would: due messages in batches of up to
 * 10, retried ones come back after their delay with attempts + 1. Stops when
 * nothing is pending (or after maxRounds). Returns the delays the consumer asked for.
 */
export async function drain(h: H, pending: Pending[], opts: { maxRounds?: number; beforeRound?: (round: number) => void } = {}) {
  const delays: number[] = [];
  let round = 0;
  while (pending.length && round < (opts.maxRounds ?? 50)) {
    round += 1;
    opts.beforeRound?.(round);
    const next = Math.min(...pending.map((p) => p.dueMs));
    if (next > h.clock.nowMs) h.clock.nowMs = next;
    const due = pending.filter((p) => p.dueMs <= h.clock.nowMs).slice(0, 10);
    const result = await runBatch(h, due);
    for (const p of due) {
      pending.splice(pending.indexOf(p), 1);
      const retried = result.retryMessages.find((r) => r.msgId === p.id);
      if (retried) {
        delays.push(retried.delaySeconds ?? 0);
        pending.push({ ...p, attempts: p.attempts + 1, dueMs: h.clock.nowMs + (retried.delaySeconds ?? 0) * 1000 });
      } else if (!result.explicitAcks.includes(p.id)) {
        throw new Error(`message ${p.id} was neither acked nor retried`);
      }
    }
  }
  return { delays, rounds: round };
}
