/**
 * The KV dedup store's writes: one read to claim, one write ("done") for a
 * delivery that settles before IN_FLIGHT_MARK_MS, a pending mark only for
 * one still in flight, and never two writes to a key within KV's one write
 * per second. Wall-clock timing is injected; the mark timer is real (0 ms).
 */
import { describe, expect, it } from "vitest";
import { KvDedupStore, type KvTiming } from "../../src/replay/kv-store.ts";

type Op = { op: "get" | "put" | "delete"; key: string; value?: { s: string }; ttl?: number; at: number };

function recordingKv(clock: { wall: number }, fail: { put?: (value: { s: string }) => boolean } = {}) {
  const ops: Op[] = [];
  const data = new Map<string, string>();
  const kv = {
    async get(key: string) {
      ops.push({ op: "get", key, at: clock.wall });
      const v = data.get(key);
      return v === undefined ? null : JSON.parse(v);
    },
    async put(key: string, value: string, opts: { expirationTtl: number }) {
      const parsed = JSON.parse(value) as { s: string };
      ops.push({ op: "put", key, value: parsed, ttl: opts.expirationTtl, at: clock.wall });
      if (fail.put?.(parsed)) throw new Error("KV PUT failed: 429 Too Many Requests");
      data.set(key, value);
    },
    async delete(key: string) {
      ops.push({ op: "delete", key, at: clock.wall });
      data.delete(key);
    },
  } as unknown as KVNamespace;
  return { kv, ops, data };
}

function setUp(inFlightMarkMs: number, fail: { put?: (value: { s: string }) => boolean } = {}) {
  const clock = { wall: 1_000_000 };
  const slept: number[] = [];
  const timing: KvTiming = {
    inFlightMarkMs,
    writeGapMs: 1000,
    wallNow: () => clock.wall,
    sleep: async (ms) => {
      slept.push(ms);
      clock.wall += ms;
    },
  };
  const { kv, ops, data } = recordingKv(clock, fail);
  const times = { now: () => 1_700_000_000_000, ttlSeconds: 3600, pendingSeconds: 60 };
  const store = new KvDedupStore(kv, "/hooks/x", times, timing);
  return { store, ops, data, clock, slept };
}

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));
const writes = (ops: Op[]) => ops.filter((o) => o.op !== "get").map((o) => (o.op === "put" ? `put ${o.value!.s} ttl ${o.ttl}` : o.op));

describe("KV dedup store writes", () => {
  it("a fast delivery costs one read and one write: the mark timer is cancelled and never fires", async () => {
    const { store, ops } = setUp(5);
    expect(await store.claim("e1")).toEqual({ kind: "claimed" });
    expect(writes(ops)).toEqual([]);
    await store.commit("e1");
    await tick(40); // well past the 5 ms mark
    expect(ops.map((o) => o.op)).toEqual(["get", "put"]);
    expect(writes(ops)).toEqual(["put done ttl 3600"]);
    expect(await store.claim("e1")).toEqual({ kind: "duplicate" });
  });

  it("a fast failure writes nothing at all, even after the mark time (nothing to release)", async () => {
    const { store, ops } = setUp(5);
    await store.claim("e2");
    await store.release("e2");
    await tick(40);
    expect(ops.map((o) => o.op)).toEqual(["get"]);
  });

  it("a delivery still in flight gets a pending mark that makes a second claim wait", async () => {
    const { store, ops } = setUp(0);
    await store.claim("e3");
    await tick();
    expect(writes(ops)).toEqual(["put pending ttl 60"]);
    expect(await store.claim("e3")).toMatchObject({ kind: "in_flight" });
  });

  it("a commit after the pending mark waits out KV's one write per second, then writes done", async () => {
    const { store, ops, slept, clock } = setUp(0);
    await store.claim("e4");
    await tick();
    clock.wall += 300; // the origin answers 300 ms after the mark was written
    await store.commit("e4");
    expect(slept).toEqual([700]);
    const [mark, done] = ops.filter((o) => o.op === "put");
    expect(done!.at - mark!.at).toBeGreaterThanOrEqual(1000);
    expect(writes(ops)).toEqual(["put pending ttl 60", "put done ttl 3600"]);
    expect(await store.claim("e4")).toEqual({ kind: "duplicate" });
  });

  it("no wait when the mark is already more than a second old", async () => {
    const { store, slept, clock } = setUp(0);
    await store.claim("e5");
    await tick();
    clock.wall += 5000;
    await store.commit("e5");
    expect(slept).toEqual([]);
  });

  it("a failure after the pending mark deletes it (after the gap) so the provider's retry goes through", async () => {
    const { store, ops, slept } = setUp(0);
    await store.claim("e6");
    await tick();
    await store.release("e6");
    expect(slept).toEqual([1000]);
    expect(writes(ops)).toEqual(["put pending ttl 60", "delete"]);
    expect(await store.claim("e6")).toEqual({ kind: "claimed" });
    await store.release("e6"); // leave no mark timer running
  });

  it("a failed pending mark does not stop the commit, and is reported", async () => {
    const { store, ops } = setUp(0, { put: (v) => v.s === "pending" });
    await store.claim("e7");
    await tick();
    await expect(store.commit("e7")).rejects.toThrow("in-flight mark failed: KV PUT failed: 429");
    expect(writes(ops)).toEqual(["put pending ttl 60", "put done ttl 3600"]);
    expect(await store.claim("e7")).toEqual({ kind: "duplicate" });
  });

  it("a failed pending mark is still deleted on release (the write may have landed)", async () => {
    const { store, ops } = setUp(0, { put: (v) => v.s === "pending" });
    await store.claim("e8");
    await tick();
    await expect(store.release("e8")).rejects.toThrow("in-flight mark failed");
    expect(writes(ops)).toEqual(["put pending ttl 60", "delete"]);
  });
});
