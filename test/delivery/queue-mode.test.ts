/**
 * Queue mode end to end inside workerd: the pipeline answers 202 once the
 * verified event is queued; the real consumer delivers it with the direct-mode
 * forwarding code, retries on the route's schedule, and dead-letters it after
 * the last attempt.
 */
import { describe, expect, it } from "vitest";
import { harness, text } from "../helpers/harness.ts";
import { DEFAULT_RETRY_AT_SECONDS } from "../../src/delivery/schema.ts";
import { deadLetterKey, listDeadLetters, readDeadLetter } from "../../src/delivery/dead-letter.ts";
import { isBodyRef, isInlineBody, loadBody } from "../../src/delivery/message.ts";
import { capturingQueue, drain, pendingFrom, runBatch, SECRET, signedGithub } from "./queue-sim.ts";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { consumeDeadLetterQueue } from "../../src/delivery/consumer.ts";
import type { DeliveryMessage } from "../../src/delivery/message.ts";

/** A KV binding's methods, bound, so a test can replace one of them. */
function bindAll(kv: KVNamespace): Record<string, unknown> {
  return { get: kv.get.bind(kv), put: kv.put.bind(kv), delete: kv.delete.bind(kv), list: kv.list.bind(kv), getWithMetadata: kv.getWithMetadata.bind(kv) };
}

async function setUp(delivery: Record<string, unknown> = { mode: "queue" }) {
  const q = capturingQueue();
  const h = harness({ env: { DELIVERIES: q.queue } });
  const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery } as never);
  return { h, q, path };
}

/** An origin that remembers which hookgate-ids it accepted, and fails if one arrives twice after a 2xx. */
function idCheckingOrigin(h: ReturnType<typeof harness>, up: () => boolean) {
  const accepted = new Map<string, number>();
  const duplicates: string[] = [];
  h.setOrigin((req) => {
    if (!up()) return new Response("down", { status: 503 });
    const id = req.headers.get("hookgate-id")!;
    if (accepted.has(id)) duplicates.push(id);
    accepted.set(id, (accepted.get(id) ?? 0) + 1);
    return new Response("ok", { status: 200 });
  });
  return { accepted, duplicates };
}

describe("delivery.mode queue", () => {
  it("answers 202 at once and queues the raw body, headers and event id (origin untouched)", async () => {
    const { h, q, path } = await setUp();
    const res = await h.send(`${path}?x=1`, await signedGithub('{"n":1}', "evt-1"));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "queued", id: "evt-1" });
    expect(h.received).toHaveLength(0);
    expect(q.sent).toHaveLength(1);
    const m = q.sent[0]!;
    expect(m).toMatchObject({ eventId: "evt-1", route: path, method: "POST", url: `https://hooks.example.com${path}?x=1` });
    expect(isInlineBody(m.body)).toBe(true);
    expect(text((await loadBody(h.env.STATE, m.body))!)).toBe('{"n":1}');
    expect(Object.fromEntries(m.headers)["x-github-delivery"]).toBe("evt-1");
    expect(h.lastLog()).toMatchObject({ verdict: "queued", eventId: "evt-1" });
  });

  it("never queues a forgery", async () => {
    const { h, q, path } = await setUp();
    const init = await signedGithub('{"n":1}', "evt-1");
    const res = await h.send(path, { ...init, body: '{"n":2}' });
    expect(res.status).toBe(401);
    expect(q.sent).toHaveLength(0);
    expect(h.received).toHaveLength(0);
  });

  it("answers 503 (and queues nothing) when the DELIVERIES binding is missing", async () => {
    const h = harness({ env: { DELIVERIES: undefined } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue" } } as never);
    const res = await h.send(path, await signedGithub("{}", "evt-x"));
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
    // The failed enqueue released the id: once the binding is back, the provider's retry is queued.
    const q = capturingQueue();
    h.env.DELIVERIES = q.queue;
    const retry = await h.send(path, await signedGithub("{}", "evt-x"));
    expect(retry.status).toBe(202);
    expect(q.sent).toHaveLength(1);
  });

  it("delivers byte for byte with a fresh proxy signature made at delivery time", async () => {
    const { h, q, path } = await setUp();
    await h.send(path, await signedGithub('{"hello":"wörld"}', "evt-2"));
    h.clock.nowMs += 42_000;
    const result = await runBatch(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(result.explicitAcks).toHaveLength(1);
    expect(h.received).toHaveLength(1);
    const r = h.received[0]!;
    expect(r.url).toBe(`https://origin.example.com${path}`);
    expect(text(r.body)).toBe('{"hello":"wörld"}');
    expect(r.headers.get("hookgate-id")).toBe("evt-2");
    expect(r.headers.get("hookgate-timestamp")).toBe(String(Math.floor(h.clock.nowMs / 1000)));
    expect(r.headers.get("hookgate-route")).toBe(path);
    expect(r.headers.get("X-Hub-Signature-256")).toMatch(/^sha256=/);
    expect(r.headers.get("hookgate-verified")).toBe("true");
  });

  it("origin down for a while, then back: every event delivered, none twice, on the default schedule", async () => {
    const { h, q, path } = await setUp();
    const ids = Array.from({ length: 12 }, (_, i) => `evt-${i}`);
    for (const id of ids) expect((await h.send(path, await signedGithub(`{"id":"${id}"}`, id))).status).toBe(202);
    const start = h.clock.nowMs;
    // Down for the first 9 minutes (attempts at +0, +1, +2, +5 min fail; the one at +10 min succeeds).
    const origin = idCheckingOrigin(h, () => h.clock.nowMs - start > 9 * 60_000);
    const { delays } = await drain(h, pendingFrom(q.sent, h.clock.nowMs));
    expect([...origin.accepted.keys()].sort()).toEqual([...ids].sort());
    expect(origin.duplicates).toEqual([]);
    expect([...origin.accepted.values()].every((n) => n === 1)).toBe(true);
    // Each event retried 4 times, 1, 2, 5 and 10 minutes after its first attempt: gaps of 1, 1, 3 and 5 minutes.
    expect(delays.filter((d) => d === 60)).toHaveLength(24);
    expect(delays.filter((d) => d === 180)).toHaveLength(12);
    expect(delays.filter((d) => d === 300)).toHaveLength(12);
    expect(delays).toHaveLength(48);
    expect(await listDeadLetters(h.env.STATE, { route: path })).toEqual({ items: [] });
  });

  it("a permanently failing origin: retried on the route's own schedule, then a dead-letter record", async () => {
    const { h, q, path } = await setUp({ mode: "queue", retryDelaysSeconds: [5, 10] });
    await h.send(path, await signedGithub('{"n":"dead"}', "evt-dead"));
    h.setOrigin(() => new Response("broken", { status: 500 }));
    const { delays } = await drain(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(delays).toEqual([5, 10]);
    expect(h.received).toHaveLength(3);
    const page = await listDeadLetters(h.env.STATE, { route: path });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ eventId: "evt-dead", route: path, attempts: 3, lastStatus: 500, lastError: "origin answered 500" });
    const record = await readDeadLetter(h.env.STATE, path, page.items[0]!.deliveryId);
    expect(record).not.toBeNull();
    expect(text(new Uint8Array((await h.env.STATE.get(record!.bodyRef, "arrayBuffer"))!))).toBe('{"n":"dead"}');
    expect(h.logs.filter((l) => l.verdict === "dead_letter")).toHaveLength(1);
  });

  it("an unreachable origin (network error) is retried like a 5xx", async () => {
    const { h, q, path } = await setUp({ mode: "queue", retryDelaysSeconds: [1] });
    await h.send(path, await signedGithub("{}", "evt-net"));
    let calls = 0;
    h.setOrigin(() => {
      calls += 1;
      if (calls === 1) throw new TypeError("connection refused");
      return new Response(null, { status: 204 });
    });
    const { delays } = await drain(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(delays).toEqual([1]);
    expect(calls).toBe(2);
  });

  it("one failing message does not block the others in its batch", async () => {
    const { h, q, path } = await setUp();
    for (const id of ["a", "b", "bad", "c"]) await h.send(path, await signedGithub(`{"id":"${id}"}`, id));
    h.setOrigin(async (req) => {
      if (req.headers.get("hookgate-id") === "bad") return new Response("no", { status: 500 });
      return new Response("ok");
    });
    const pending = pendingFrom(q.sent, h.clock.nowMs);
    const result = await runBatch(h, pending);
    const byEvent = (id: string) => pending.find((p) => p.body.eventId === id)!.id;
    expect(result.explicitAcks.sort()).toEqual([byEvent("a"), byEvent("b"), byEvent("c")].sort());
    expect(result.retryMessages).toEqual([{ msgId: byEvent("bad"), delaySeconds: 60 }]);
    expect(result.retryBatch.retry).toBe(false);
  });

  it("a hanging origin for one message does not delay the others (concurrent, per-message timeout)", async () => {
    const { h, q, path } = await setUp();
    await h.putRoute({ path, provider: "github", secrets: [SECRET], origin: "https://origin.example.com", originTimeoutMs: 300, delivery: { mode: "queue" } } as never);
    for (const id of ["slow", "f1", "f2", "f3"]) await h.send(path, await signedGithub(`{"id":"${id}"}`, id));
    let seenWhenSlowTimedOut = -1;
    h.setOrigin((req) => {
      if (req.headers.get("hookgate-id") !== "slow") return new Response("ok");
      return new Promise<Response>((_, reject) =>
        req.signal.addEventListener("abort", () => {
          seenWhenSlowTimedOut = h.received.length;
          reject(req.signal.reason);
        }),
      );
    });
    const pending = pendingFrom(q.sent, h.clock.nowMs);
    expect(pending[0]!.body.eventId).toBe("slow"); // first in the batch
    const result = await runBatch(h, pending);
    // When the slow one timed out, the three others had already reached the origin.
    expect(seenWhenSlowTimedOut).toBe(4);
    expect(result.explicitAcks).toHaveLength(3);
    expect(result.retryMessages).toEqual([{ msgId: pending[0]!.id, delaySeconds: 60 }]);
    expect(h.logs.find((l) => l.verdict === "retry")?.detail).toMatch(/within 300 ms/);
  });

  it("a body too large for a queue message is stored aside and delivered byte for byte", async () => {
    const { h, q, path } = await setUp();
    const big = new Uint8Array(300 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + 13) & 0xff;
    const res = await h.send(path, await signedGithub(big, "evt-big"));
    expect(res.status).toBe(202);
    const m = q.sent[0]!;
    expect(isBodyRef(m.body)).toBe(true);
    if (!isBodyRef(m.body)) return;
    expect(m.body.bytes).toBe(big.length);
    expect(m.body.ref).toBe(`body:${m.deliveryId}`);
    // The message itself stays well under the 128 KB queue limit.
    expect(JSON.stringify(m).length).toBeLessThan(8 * 1024);
    await runBatch(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.body).toEqual(big);
    // Delivered: the stored copy is cleaned up.
    expect(await h.env.STATE.get(m.body.ref)).toBeNull();
  });

  it("keeps a body inline up to the limit (base64 in a JSON message under 128 KB), stores one byte-range past it", async () => {
    const { h, q, path } = await setUp();
    const mid = new Uint8Array(72 * 1024).fill(65);
    await h.send(path, await signedGithub(mid, "evt-mid"));
    expect(isInlineBody(q.sent[0]!.body)).toBe(true);
    await h.send(path, await signedGithub(new Uint8Array(80 * 1024).fill(66), "evt-80k"));
    expect(isBodyRef(q.sent[1]!.body)).toBe(true);
    await runBatch(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(h.received.map((r) => r.body.byteLength).sort()).toEqual([72 * 1024, 80 * 1024]);
  });

  it("a stored body that expired before delivery: dead-lettered at once as bodyLost, never delivered empty", async () => {
    const { h, q, path } = await setUp();
    await h.send(path, await signedGithub(new Uint8Array(200 * 1024).fill(7), "evt-lost"));
    const m = q.sent[0]!;
    if (!isBodyRef(m.body)) throw new Error("expected a stored body");
    await h.env.STATE.delete(m.body.ref);
    const result = await runBatch(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(result.explicitAcks).toHaveLength(1);
    expect(h.received).toHaveLength(0);
    const { items } = await listDeadLetters(h.env.STATE, { route: path });
    expect(items[0]).toMatchObject({ eventId: "evt-lost", bodyLost: true, bodyBytes: 0, lastError: "stored body is gone (expired)" });
  });

  it("direct mode is still the default (no queue involved)", async () => {
    const q = capturingQueue();
    const h = harness({ env: { DELIVERIES: q.queue } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com" });
    const res = await h.send(path, await signedGithub("{}", "evt-direct"));
    expect(res.status).toBe(200);
    expect(q.sent).toHaveLength(0);
    expect(h.received).toHaveLength(1);
  });

  it("an origin 4xx is retried like a 5xx: only a 2xx acks", async () => {
    const { h, q, path } = await setUp({ mode: "queue", retryDelaysSeconds: [1] });
    await h.send(path, await signedGithub("{}", "evt-4xx"));
    h.setOrigin(() => new Response("unprocessable", { status: 422 }));
    const result = await runBatch(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((r) => r.delaySeconds)).toEqual([1]);
  });

  it("keeps a message (retry) when its dead-letter record cannot be written, instead of losing it", async () => {
    const { h, q, path } = await setUp({ mode: "queue", retryDelaysSeconds: [1] });
    await h.send(path, await signedGithub("{}", "evt-nodlq"));
    h.setOrigin(() => new Response("broken", { status: 500 }));
    const state = h.env.STATE;
    h.env.STATE = { ...bindAll(state), put: async () => Promise.reject(new Error("KV PUT failed")) } as unknown as KVNamespace;
    const [pending] = pendingFrom(q.sent, h.clock.nowMs);
    const result = await runBatch(h, [{ ...pending!, attempts: 2 }]); // the last attempt
    h.env.STATE = state;
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
    expect(h.lastLog()).toMatchObject({ verdict: "retry", detail: expect.stringMatching(/dead-letter write failed/) });
  });

  it("retries a message whose delivery crashed (a stored body that cannot be read right now)", async () => {
    const { h, q, path } = await setUp();
    await h.send(path, await signedGithub(new Uint8Array(200 * 1024).fill(9), "evt-crash"));
    expect(isBodyRef(q.sent[0]!.body)).toBe(true);
    const state = h.env.STATE;
    h.env.STATE = { ...bindAll(state), get: async () => Promise.reject(new Error("KV GET failed")) } as unknown as KVNamespace;
    const result = await runBatch(h, pendingFrom(q.sent, h.clock.nowMs));
    h.env.STATE = state;
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
    expect(h.received).toHaveLength(0);
  });

  it("the dead-letter queue's consumer records each message in STATE and acks it", async () => {
    const { h, q, path } = await setUp();
    await h.send(path, await signedGithub('{"n":"dlq"}', "evt-dlq"));
    const batch = createMessageBatch<DeliveryMessage>("hookgate-deliveries-dlq", [{ id: "dlq-1", timestamp: new Date(h.clock.nowMs), attempts: 4, body: q.sent[0]! }]);
    const ctx = createExecutionContext();
    await consumeDeadLetterQueue(batch as unknown as MessageBatch<unknown>, h.env, h.deps);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["dlq-1"]);
    const { items } = await listDeadLetters(h.env.STATE, { route: path });
    expect(items[0]).toMatchObject({ eventId: "evt-dlq", lastError: "the delivery consumer failed on every attempt" });
  });

  it("drops (acks) a malformed message instead of retrying it forever", async () => {
    const { h } = await setUp();
    const result = await runBatch(h, [{ id: "junk", attempts: 1, body: { nope: true } as never, dueMs: 0 }]);
    expect(result.explicitAcks).toEqual(["junk"]);
    expect(deadLetterKey("/x", "y")).toBe("dlq:/x:y");
  });

  it("uses the default schedule of 1, 2, 5, 10, 60 and 180 minutes after the first attempt", () => {
    expect(DEFAULT_RETRY_AT_SECONDS).toEqual([60, 120, 300, 600, 3600, 10800]);
  });
});

describe("delivery.mode queue on a report-only route (enforce: false)", () => {
  async function reportOnly() {
    const q = capturingQueue();
    const h = harness({ env: { DELIVERIES: q.queue } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue" }, enforce: false } as never);
    return { h, q, path };
  }

  it("an unverified request is forwarded directly, marked, and never queued", async () => {
    const { h, q, path } = await reportOnly();
    const signed = await signedGithub("{}", "evt-unverified");
    const res = await h.send(path, { ...signed, body: '{"changed":true}' });
    expect(res.status).toBe(200);
    expect(q.sent).toHaveLength(0);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("false");
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBe("signature_mismatch");
  });

  it("a verified request is queued as usual", async () => {
    const { h, q, path } = await reportOnly();
    const res = await h.send(path, await signedGithub("{}", "evt-verified"));
    expect(res.status).toBe(202);
    expect(q.sent).toHaveLength(1);
    expect(h.received).toHaveLength(0);
  });
});
