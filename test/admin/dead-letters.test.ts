/**
 * The admin API: off without a token, 401 on a wrong one; lists dead letters
 * (summaries only: no bodies, no headers) and replays them through the same
 * delivery path, once the origin is back.
 */
import { describe, expect, it, vi } from "vitest";
import { harness, text } from "../helpers/harness.ts";
import { listDeadLetters, writeDeadLetter } from "../../src/delivery/dead-letter.ts";
import type { DeliveryMessage } from "../../src/delivery/message.ts";
import { checkAdminToken } from "../../src/admin/auth.ts";
import { capturingQueue, drain, pendingFrom, SECRET, signedGithub } from "../delivery/queue-sim.ts";

const TOKEN = "admin-token-for-tests-0123456789";
const auth = (t = TOKEN) => ({ authorization: `Bearer ${t}` });

async function setUp(token: string | null = TOKEN) {
  const q = capturingQueue();
  const h = harness({ env: { DELIVERIES: q.queue, HOOKGATE_ADMIN_TOKEN: token ?? undefined } });
  const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue", retryDelaysSeconds: [1] } } as never);
  const admin = (p: string, init: RequestInit = {}) => h.send(`/__hookgate/admin${p}`, { method: "GET", ...init });
  return { h, q, path, admin };
}

/** Sends events while the origin is down and runs the queue until they are all dead-lettered. */
async function deadLetter(s: Awaited<ReturnType<typeof setUp>>, ids: string[]) {
  s.h.setOrigin(() => new Response("down", { status: 503 }));
  for (const id of ids) expect((await s.h.send(s.path, await signedGithub(`{"id":"${id}"}`, id))).status).toBe(202);
  await drain(s.h, pendingFrom(s.q.sent.splice(0), s.h.clock.nowMs));
  s.h.received.length = 0;
}

describe("admin auth", () => {
  it("does not exist (404) when HOOKGATE_ADMIN_TOKEN is not set, even with a token", async () => {
    const { admin } = await setUp(null);
    expect((await admin("/dead-letters")).status).toBe(404);
    expect((await admin("/dead-letters", { headers: auth() })).status).toBe(404);
    const { admin: admin2 } = await setUp("");
    expect((await admin2("/dead-letters", { headers: auth("") })).status).toBe(404);
  });

  it("401 without a token, with a wrong one, a prefix of the right one, or another scheme", async () => {
    const { admin } = await setUp();
    for (const headers of [{}, auth("wrong"), auth(TOKEN.slice(0, -1)), auth(`${TOKEN}x`), { authorization: `Basic ${TOKEN}` }, { authorization: TOKEN }, { authorization: `xBearer ${TOKEN}` }, { authorization: `Bearer ${TOKEN} extra` }]) {
      const res = await admin("/dead-letters", { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized", message: "A valid admin bearer token is required." });
    }
  });

  it("200 with the right token; unknown admin paths are 404", async () => {
    const { admin } = await setUp();
    expect((await admin("/dead-letters", { headers: auth() })).status).toBe(200);
    expect((await admin("/nope", { headers: auth() })).status).toBe(404);
  });

  it("compares in constant time over digests (unit)", async () => {
    expect(await checkAdminToken(undefined, `Bearer ${TOKEN}`)).toBe("disabled");
    expect(await checkAdminToken(TOKEN, null)).toBe("unauthorized");
    expect(await checkAdminToken(TOKEN, "Bearer ")).toBe("unauthorized");
    expect(await checkAdminToken(TOKEN, `bearer ${TOKEN}`)).toBe("ok");
    const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
    try {
      expect(await checkAdminToken(TOKEN, `Bearer ${TOKEN}`)).toBe("ok");
      expect(await checkAdminToken(TOKEN, null)).toBe("unauthorized");
      expect(compare).toHaveBeenCalledTimes(2); // always compared, even for an absent header
    } finally {
      compare.mockRestore();
    }
  });
});

describe("dead letters", () => {
  it("lists summaries for a route, paginated, without bodies or headers", async () => {
    const s = await setUp();
    await deadLetter(s, ["d1", "d2", "d3"]);
    const first = await s.admin(`/dead-letters?route=${encodeURIComponent(s.path)}&limit=2`, { headers: auth() });
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { items: Record<string, unknown>[]; cursor?: string };
    expect(page1.items).toHaveLength(2);
    expect(page1.cursor).toBeTruthy();
    const second = await s.admin(`/dead-letters?route=${encodeURIComponent(s.path)}&limit=2&cursor=${encodeURIComponent(page1.cursor!)}`, { headers: auth() });
    const page2 = (await second.json()) as { items: Record<string, unknown>[]; cursor?: string };
    expect(page2.items).toHaveLength(1);
    expect(page2.cursor).toBeUndefined();
    const all = [...page1.items, ...page2.items];
    expect(all.map((i) => i.eventId).sort()).toEqual(["d1", "d2", "d3"]);
    for (const item of all) {
      expect(item).toMatchObject({ route: s.path, attempts: 2, lastStatus: 503 });
      expect(Object.keys(item)).not.toContain("headers");
      expect(Object.keys(item)).not.toContain("body");
      expect(JSON.stringify(item)).not.toContain("sha256=");
    }
  });

  it("replays one dead letter once the origin is back: delivered once, record gone, second replay 404", async () => {
    const s = await setUp();
    await deadLetter(s, ["r1", "r2"]);
    const { items } = await listDeadLetters(s.h.env.STATE, { route: s.path });
    const target = items.find((i) => i.eventId === "r1")!;
    s.h.setOrigin(() => new Response("back"));

    const res = await s.admin("/dead-letters/replay", { method: "POST", headers: auth(), body: JSON.stringify({ route: s.path, id: target.deliveryId }) });
    expect(res.status).toBe(200);
    expect(s.h.received).toHaveLength(0); // queued, not forwarded inline
    expect(s.q.sent).toHaveLength(1);
    expect(s.q.sent[0]).toMatchObject({ eventId: "r1", replayOf: target.deliveryId });
    await drain(s.h, pendingFrom(s.q.sent.splice(0), s.h.clock.nowMs));
    expect(s.h.received).toHaveLength(1);
    expect(s.h.received[0]!.headers.get("hookgate-id")).toBe("r1");
    expect(text(s.h.received[0]!.body)).toBe('{"id":"r1"}');

    const again = await s.admin("/dead-letters/replay", { method: "POST", headers: auth(), body: JSON.stringify({ route: s.path, id: target.deliveryId }) });
    expect(again.status).toBe(404);
    expect(s.q.sent).toHaveLength(0);
    expect((await listDeadLetters(s.h.env.STATE, { route: s.path })).items.map((i) => i.eventId)).toEqual(["r2"]);
  });

  it("replays all dead letters of a route; each reaches the origin exactly once", async () => {
    const s = await setUp();
    await deadLetter(s, ["a1", "a2", "a3"]);
    s.h.setOrigin(() => new Response("back"));
    const res = await s.admin("/dead-letters/replay", { method: "POST", headers: auth(), body: JSON.stringify({ route: s.path, all: true }) });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { replayed: unknown[]; failed: unknown[] };
    expect(out.replayed).toHaveLength(3);
    expect(out.failed).toEqual([]);
    await drain(s.h, pendingFrom(s.q.sent.splice(0), s.h.clock.nowMs));
    expect(s.h.received.map((r) => r.headers.get("hookgate-id")).sort()).toEqual(["a1", "a2", "a3"]);
    expect((await listDeadLetters(s.h.env.STATE, { route: s.path })).items).toEqual([]);
  });

  it("a replay while the origin is still down dead-letters the event again (nothing lost)", async () => {
    const s = await setUp();
    await deadLetter(s, ["x1"]);
    await s.admin("/dead-letters/replay", { method: "POST", headers: auth(), body: JSON.stringify({ route: s.path, all: true }) });
    await drain(s.h, pendingFrom(s.q.sent.splice(0), s.h.clock.nowMs));
    const { items } = await listDeadLetters(s.h.env.STATE, { route: s.path });
    expect(items.map((i) => i.eventId)).toEqual(["x1"]);
  });

  it("a replay that cannot be queued keeps the dead letter (503)", async () => {
    const s = await setUp();
    await deadLetter(s, ["k1"]);
    const { items } = await listDeadLetters(s.h.env.STATE, { route: s.path });
    s.h.env.DELIVERIES = { send: async () => Promise.reject(new Error("queue unavailable")) } as unknown as Queue;
    const res = await s.admin("/dead-letters/replay", { method: "POST", headers: auth(), body: JSON.stringify({ route: s.path, id: items[0]!.deliveryId }) });
    expect(res.status).toBe(503);
    expect((await listDeadLetters(s.h.env.STATE, { route: s.path })).items.map((i) => i.eventId)).toEqual(["k1"]);
  });

  it("a dead letter whose body expired is never replayed (503, nothing queued, record kept)", async () => {
    const s = await setUp();
    const m = { v: 1, deliveryId: "lost-1", eventId: "e-lost", route: s.path, method: "POST", url: `https://hooks.example.com${s.path}`, headers: [], receivedAt: 0 } as unknown as DeliveryMessage;
    await writeDeadLetter(s.h.env.STATE, m, null, { attempts: 1, lastError: "stored body is gone (expired)", deadAt: 0 });
    const res = await s.admin("/dead-letters/replay", { method: "POST", headers: auth(), body: JSON.stringify({ route: s.path, id: "lost-1" }) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/expired/) });
    expect(s.q.sent).toHaveLength(0);
    expect((await listDeadLetters(s.h.env.STATE, { route: s.path })).items).toHaveLength(1);
  });

  it("a page holds at most 100 summaries, whatever limit is asked", async () => {
    const s = await setUp();
    for (let i = 0; i < 101; i++) {
      const m = { v: 1, deliveryId: `p-${i}`, eventId: `e-${i}`, route: s.path, method: "POST", url: "https://hooks.example.com/", headers: [], receivedAt: 0 } as unknown as DeliveryMessage;
      await writeDeadLetter(s.h.env.STATE, m, null, { attempts: 1, lastError: "x", deadAt: 0 });
    }
    const res = await s.admin(`/dead-letters?route=${encodeURIComponent(s.path)}&limit=500`, { headers: auth() });
    const page = (await res.json()) as { items: unknown[]; cursor?: string };
    expect(page.items).toHaveLength(100);
    expect(page.cursor).toBeTruthy();
  });

  it("rejects malformed replay requests with 400, and requires auth", async () => {
    const s = await setUp();
    const post = (body: string, headers: Record<string, string> = auth()) => s.admin("/dead-letters/replay", { method: "POST", headers, body });
    expect((await post("not json")).status).toBe(400);
    expect((await post(JSON.stringify({ id: "x" }))).status).toBe(400);
    expect((await post(JSON.stringify({ route: s.path }))).status).toBe(400);
    expect((await post(JSON.stringify({ route: s.path, id: "missing" }))).status).toBe(404);
    expect((await post(JSON.stringify({ route: s.path, all: true }), auth("wrong"))).status).toBe(401);
    expect(s.q.sent).toHaveLength(0);
  });
});
