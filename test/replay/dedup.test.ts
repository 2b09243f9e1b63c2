/**
 * Event-id dedup through the whole pipeline, for both stores: claim before
 * forwarding, commit on 2xx, release on any failure so the provider's retry
 * goes through. Injected clock; the fake origin records what it received.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { dedupKey, IN_FLIGHT_MARK_MS } from "../../src/replay/kv-store.ts";
import { judge, pendingSecondsFor } from "../../src/replay/store.ts";

/** Polls STATE (real clock) until the KV store's pending mark for the id is there. */
async function pendingMarked(h: ReturnType<typeof harness>, path: string, id: string): Promise<void> {
  const key = await dedupKey(path, id);
  const deadline = Date.now() + IN_FLIGHT_MARK_MS + 3000;
  while (Date.now() < deadline) {
    if ((await h.env.STATE.get<{ s: string }>(key, "json"))?.s === "pending") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no pending mark for ${id} after ${IN_FLIGHT_MARK_MS + 3000} ms`);
}

const KEY = "psk-dedup-tests";
const provider = { token: { header: "X-Key" }, id: { header: "X-Event-Id" } };
const body = '{"type":"invoice.paid"}';

async function setUp(store: "kv" | "strict" | undefined, route: object = {}) {
  const h = harness();
  const path = await h.putRoute({
    provider: provider as never,
    secrets: [KEY],
    origin: "https://origin.example.com",
    originTimeoutMs: 200,
    // These tests are about direct forwarding: auto mode would queue the failures (test/delivery/auto-mode.test.ts).
    delivery: { mode: "direct" },
    ...(store ? { dedup: { store } } : {}),
    ...route,
  });
  const send = (id: string | null, key = KEY) =>
    h.send(path, { body, headers: { "X-Key": key, ...(id === null ? {} : { "X-Event-Id": id }) } });
  return { h, path, send };
}

describe.each([undefined, "kv", "strict"] as const)("dedup store %s (undefined = default)", (store) => {
  it("forwards an id once; the replay gets 200 {status: duplicate} and is not forwarded", async () => {
    const { h, send } = await setUp(store);
    expect((await send("evt_1")).status).toBe(200);
    const again = await send("evt_1");
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect(h.received).toHaveLength(1);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", reason: "replay_duplicate", eventId: "evt_1" });
    expect((await send("evt_2")).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("origin 5xx releases the claim: the provider's retry is forwarded once", async () => {
    const { h, send } = await setUp(store);
    let status = 500;
    h.setOrigin(() => new Response("down", { status }));
    expect((await send("evt_5xx")).status).toBe(500);
    status = 200;
    expect((await send("evt_5xx")).status).toBe(200);
    expect(await (await send("evt_5xx")).json()).toEqual({ status: "duplicate" });
    expect(h.received).toHaveLength(2);
  });

  it("origin 4xx releases the claim too (the event was not accepted)", async () => {
    const { h, send } = await setUp(store);
    let status = 422;
    h.setOrigin(() => new Response("nope", { status }));
    expect((await send("evt_4xx")).status).toBe(422);
    status = 202;
    expect((await send("evt_4xx")).status).toBe(202);
    expect(h.received).toHaveLength(2);
  });

  it("origin 3xx releases the claim (a redirect is not an acceptance)", async () => {
    const { h, send } = await setUp(store);
    let status = 302;
    h.setOrigin(() => new Response(null, { status, headers: { location: "https://elsewhere.example/" } }));
    expect((await send("evt_3xx")).status).toBe(302);
    status = 200;
    expect((await send("evt_3xx")).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("origin timeout releases the claim", async () => {
    const { h, send } = await setUp(store);
    let timeout = true;
    h.setOrigin(() => {
      if (timeout) throw new DOMException("The operation timed out.", "TimeoutError");
      return new Response("ok");
    });
    expect((await send("evt_to")).status).toBe(504);
    timeout = false;
    expect((await send("evt_to")).status).toBe(200);
    expect((await send("evt_to")).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("origin unreachable releases the claim", async () => {
    const { h, send } = await setUp(store);
    let down = true;
    h.setOrigin(() => {
      if (down) throw new TypeError("connection refused");
      return new Response("ok");
    });
    expect((await send("evt_un")).status).toBe(502);
    down = false;
    expect((await send("evt_un")).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("a delivery in flight makes a concurrent one wait: 503 + Retry-After, then duplicate", async () => {
    const { h, path, send } = await setUp(store);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    h.setOrigin(async () => {
      await gate;
      return new Response("ok");
    });
    const first = send("evt_fly");
    while (h.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    // Strict claims atomically up front; KV writes its pending mark once the delivery has been in flight
    // IN_FLIGHT_MARK_MS (src/replay/kv-store.ts): wait for it, as a provider's retry would (real clock).
    if (store !== "strict") await pendingMarked(h, path, "evt_fly");
    const second = await send("evt_fly");
    expect(second.status).toBe(503);
    expect(Number(second.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(h.lastLog()).toMatchObject({ reason: "replay_in_flight" });
    open();
    expect((await first).status).toBe(200);
    expect(await (await send("evt_fly")).json()).toEqual({ status: "duplicate" });
    expect(h.received).toHaveLength(1);
  });

  it("remembers an id for ttlSeconds, then forgets it", async () => {
    const { h, send } = await setUp(store, { dedup: { store: store ?? "kv", ttlSeconds: 120 } });
    expect((await send("evt_ttl")).status).toBe(200);
    h.clock.nowMs += 119_000;
    expect(await (await send("evt_ttl")).json()).toEqual({ status: "duplicate" });
    h.clock.nowMs += 2_000;
    expect((await send("evt_ttl")).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("a forged request carrying a genuine id does not burn the id", async () => {
    const { h, send } = await setUp(store);
    expect((await send("evt_forge", "wrong-key")).status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect((await send("evt_forge")).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("ids are per route", async () => {
    const a = await setUp(store);
    const b = await setUp(store);
    expect((await a.send("evt_shared")).status).toBe(200);
    expect((await b.send("evt_shared")).status).toBe(200);
    expect(a.h.received).toHaveLength(1);
    expect(b.h.received).toHaveLength(1);
  });
});

describe("dedup configuration", () => {
  it("dedup: false forwards every delivery", async () => {
    const { h, send } = await setUp(undefined, { dedup: false });
    await send("evt_off");
    await send("evt_off");
    expect(h.received).toHaveLength(2);
  });

  it("default dedup without an id forwards (nothing to dedup on)", async () => {
    const { h, send } = await setUp(undefined);
    await send(null);
    await send(null);
    expect(h.received).toHaveLength(2);
  });

  it("explicit dedup requires the id: 400, not forwarded", async () => {
    const { h, send } = await setUp("kv");
    const res = await send(null);
    expect(res.status).toBe(400);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.reason).toBe("event_id_missing");
  });

  it("an id over 1024 characters is not a usable event id: explicit dedup answers 400, default dedup forwards it unclaimed", async () => {
    const long = "e".repeat(1025);
    const strict = await setUp("kv");
    expect((await strict.send(long)).status).toBe(400);
    expect(strict.h.lastLog()?.reason).toBe("event_id_missing");
    const lax = await setUp(undefined);
    await lax.send(long);
    await lax.send(long);
    expect(lax.h.received).toHaveLength(2);
    // 1024 is still an id.
    const edge = await setUp(undefined);
    await edge.send("e".repeat(1024));
    expect(await (await edge.send("e".repeat(1024))).json()).toEqual({ status: "duplicate" });
  });

  it("a route's dedup.id (JSON field) overrides the provider's", async () => {
    const h = harness();
    const path = await h.putRoute({
      provider: provider as never,
      secrets: [KEY],
      origin: "https://origin.example.com",
      dedup: { id: { json: "event.id" } },
    });
    const send = (eventId: string, header: string) =>
      h.send(path, { body: JSON.stringify({ event: { id: eventId } }), headers: { "X-Key": KEY, "X-Event-Id": header } });
    await send("e1", "delivery-1");
    const dup = await send("e1", "delivery-2"); // a new delivery id for the same event (Box-style)
    expect(await dup.json()).toEqual({ status: "duplicate" });
    expect(h.received).toHaveLength(1);
  });

  it("writes KV keys under dedup:<route>:<id>, hashing ones too long for KV", async () => {
    const { h, path, send } = await setUp("kv");
    await send("evt_key");
    const key = `dedup:${path}:evt_key`;
    expect(await dedupKey(path, "evt_key")).toBe(key);
    expect(await h.env.STATE.get(key, "json")).toMatchObject({ s: "done" });
    expect(await dedupKey(path, "x".repeat(600))).toMatch(/^dedup:#sha256:[0-9a-f]{64}$/);
    // Hashed keys still belong to one route: the same long id on another route is another key.
    expect(await dedupKey(`${path}-other`, "x".repeat(600))).not.toBe(await dedupKey(path, "x".repeat(600)));
  });

  it("strict mode without the DEDUP binding fails closed (503), nothing forwarded", async () => {
    const h = harness({ env: { DEDUP: undefined } });
    const path = await h.putRoute({ provider: provider as never, secrets: [KEY], origin: "https://origin.example.com", dedup: { store: "strict" } });
    const res = await h.send(path, { body, headers: { "X-Key": KEY, "X-Event-Id": "e" } });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
  });

  it("github preset: X-GitHub-Delivery dedups a replayed genuine delivery", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "github", secrets: ["It's a Secret to Everybody"], origin: "https://origin.example.com" });
    const headers = {
      "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    };
    expect((await h.send(path, { body: "Hello, World!", headers })).status).toBe(200);
    expect(await (await h.send(path, { body: "Hello, World!", headers })).json()).toEqual({ status: "duplicate" });
    expect(h.received).toHaveLength(1);
  });
});

describe("dedup store failures", () => {
  const failing = (failOn: "get" | "put") =>
    new Proxy({} as KVNamespace, {
      get: (_t, prop) => async () => {
        if (prop === failOn) throw new Error(`KV ${failOn} unavailable`);
        return null;
      },
    });

  it("a failed claim answers 503 (the provider retries) and forwards nothing", async () => {
    const h = harness({ env: { STATE: failing("get") } });
    const path = await h.putRoute({ provider: provider as never, secrets: [KEY], origin: "https://origin.example.com" });
    const res = await h.send(path, { body, headers: { "X-Key": KEY, "X-Event-Id": "e" } });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.reason).toBe("dedup_unavailable");
  });

  it("a failed commit still returns the origin's answer, and says so in the log", async () => {
    // A fast origin: the claim only reads, so the failing put is the commit's "done" record.
    let puts = 0;
    const kv = new Proxy({} as KVNamespace, {
      get: (_t, prop) => async () => {
        if (prop !== "put") return null;
        puts += 1;
        throw new Error("KV put unavailable");
      },
    });
    const h = harness({ env: { STATE: kv } });
    const path = await h.putRoute({ provider: provider as never, secrets: [KEY], origin: "https://origin.example.com" });
    const res = await h.send(path, { body, headers: { "X-Key": KEY, "X-Event-Id": "e" } });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", detail: expect.stringContaining("dedup commit failed") });
    expect(puts).toBe(1);
  });

  it("an unexpected throw after the claim releases it: the 503 is retried and forwarded (strict store)", async () => {
    let explode = false;
    let calls = 0;
    const h = harness({
      deps: {
        now: () => {
          // The first clock read after the claim (building the forward) throws once.
          if (explode && ++calls === 1) throw new Error("clock exploded");
          return Date.UTC(2025, 10, 24, 16, 0, 0);
        },
      },
    });
    const path = await h.putRoute({ provider: provider as never, secrets: [KEY], origin: "https://origin.example.com", dedup: { store: "strict" } });
    const send = () => h.send(path, { body, headers: { "X-Key": KEY, "X-Event-Id": "evt_throw" } });
    // Arm the bomb once the claim is made: the DEDUP object answers before the pipeline reads the clock again.
    const ns = h.env.DEDUP!;
    const armed = new Proxy(ns, {
      get(target, prop) {
        if (prop !== "get") {
          const v = Reflect.get(target, prop);
          return typeof v === "function" ? v.bind(target) : v;
        }
        return (id: DurableObjectId) => {
          const stub = target.get(id);
          return new Proxy(stub, {
            get(t, p) {
              const v = Reflect.get(t, p);
              if (p !== "claim" || typeof v !== "function") return v;
              return async (...args: unknown[]) => {
                const out = await (t as unknown as { claim(...a: unknown[]): Promise<unknown> }).claim(...args);
                explode = true;
                return out;
              };
            },
          });
        };
      },
    });
    h.env.DEDUP = armed as never;
    const first = await send();
    expect(first.status).toBe(503);
    expect(h.received).toHaveLength(0);
    explode = false;
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });
});

describe("dedup records and timings (units)", () => {
  it("a record counts until its `until`, exclusive: at that instant it is gone", () => {
    expect(judge({ s: "done", until: 5000 }, 4999)).toEqual({ kind: "duplicate" });
    expect(judge({ s: "done", until: 5000 }, 5000)).toBeNull();
    expect(judge({ s: "pending", until: 5000 }, 3500)).toEqual({ kind: "in_flight", retryAfterSeconds: 2 });
  });

  it("a pending claim outlives the origin timeout by 20 s, and KV's 60 s minimum", () => {
    expect(pendingSecondsFor(10_000)).toBe(60);
    expect(pendingSecondsFor(60_000)).toBe(80);
    expect(pendingSecondsFor(45_500)).toBe(66);
  });
});
