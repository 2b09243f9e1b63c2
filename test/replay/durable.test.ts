/** The DedupObject itself: atomic claim, commit, release per id; shards; cleanup by alarm. */
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { DEFAULT_SHARDS, DurableDedupStore, parseShards, shardOf, type DedupObject } from "../../src/replay/durable.ts";

const ns = (env as unknown as { DEDUP: DurableObjectNamespace<DedupObject> }).DEDUP;
const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
const shard = () => ns.get(ns.idFromName(`/t/do\n#${crypto.randomUUID()}`));
const rows = (stub: DurableObjectStub<DedupObject>) =>
  runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ id: string }>("SELECT id FROM claims ORDER BY id").toArray().map((r) => r.id));

describe("DedupObject", () => {
  it("claims once, reports in-flight then duplicate, forgets on release", async () => {
    const stub = shard();
    expect(await stub.claim("a", NOW, 60)).toEqual({ kind: "claimed" });
    expect(await stub.claim("a", NOW + 1_000, 60)).toEqual({ kind: "in_flight", retryAfterSeconds: 59 });
    await stub.release("a");
    expect(await stub.claim("a", NOW + 2_000, 60)).toEqual({ kind: "claimed" });
    await stub.commit("a", NOW + 3_000, 3600);
    expect(await stub.claim("a", NOW + 4_000, 60)).toEqual({ kind: "duplicate" });
    // A pending claim that outlived its time (a crashed delivery) no longer blocks.
    await stub.claim("b", NOW, 60);
    expect(await stub.claim("b", NOW + 61_000, 60)).toEqual({ kind: "claimed" });
  });

  it("keeps the ids of one shard apart: claiming one never answers for another", async () => {
    const stub = shard();
    const ids = Array.from({ length: 40 }, (_, i) => `evt_${i}`);
    const first = await Promise.all(ids.map((id) => stub.claim(id, NOW, 60)));
    expect(first.every((o) => o.kind === "claimed")).toBe(true);
    await stub.commit("evt_3", NOW, 3600);
    await stub.release("evt_4");
    expect(await stub.claim("evt_3", NOW + 1000, 60)).toEqual({ kind: "duplicate" });
    expect(await stub.claim("evt_4", NOW + 1000, 60)).toEqual({ kind: "claimed" });
    expect(await stub.claim("evt_5", NOW + 1000, 60)).toMatchObject({ kind: "in_flight" });
  });

  it("the alarm deletes only the ids whose time has passed, then re-arms for the next", async () => {
    const stub = shard();
    await stub.commit("long", NOW, 3600);
    const armed = await runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
    expect(armed).toBeGreaterThan(Date.now() + 3500_000);
    // An earlier expiry moves the alarm forward; it fires (by itself) and deletes just that id.
    await stub.commit("short", NOW, 0.001);
    for (let i = 0; i < 100 && (await rows(stub)).length > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await rows(stub)).toEqual(["long"]);
    expect(await runInDurableObject(stub, (_o, state) => state.storage.getAlarm())).toBe(armed);
    expect(await stub.claim("long", NOW + 1000, 60)).toEqual({ kind: "duplicate" });
  });

  it("an object left by the one-object-per-id layout is cleared by its alarm", async () => {
    const stub = ns.get(ns.idFromName(`/t/do\n${crypto.randomUUID()}`));
    await runInDurableObject(stub, async (_o, state) => {
      state.storage.kv.put("r", { s: "done", until: NOW + 1000 });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_o, state) => state.storage.kv.get("r"))).toBeUndefined();
  });
});

describe("shards", () => {
  it("DEDUP_SHARDS: default 16, 1–256, per-id; anything else falls back to the default with a problem", () => {
    expect(parseShards(undefined)).toEqual({ layout: { shards: DEFAULT_SHARDS } });
    expect(parseShards("")).toEqual({ layout: { shards: 16 } });
    expect(parseShards("1")).toEqual({ layout: { shards: 1 } });
    expect(parseShards(" 256 ")).toEqual({ layout: { shards: 256 } });
    expect(parseShards("per-id")).toEqual({ layout: "per-id" });
    for (const bad of ["0", "257", "-1", "8.5", "lots", "1e2"]) {
      const parsed = parseShards(bad);
      expect(parsed.layout, bad).toEqual({ shards: 16 });
      expect(parsed.problem, bad).toContain("DEDUP_SHARDS");
    }
  });

  it("spreads ids evenly and stably over the shards", () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`evt_${i}_${i * 7919}`, 16)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800), expect(c).toBeLessThan(1200);
    expect(shardOf("evt_1", 16)).toBe(shardOf("evt_1", 16));
  });

  it("two stores of one route meet in the same shard: the second delivery of an id is a duplicate", async () => {
    const times = { now: () => NOW, ttlSeconds: 3600, pendingSeconds: 60 };
    const route = `/t/shared-${crypto.randomUUID()}`;
    const a = new DurableDedupStore(ns, route, times);
    const b = new DurableDedupStore(ns, route, times);
    expect(await a.claim("evt_x")).toEqual({ kind: "claimed" });
    await a.commit("evt_x");
    expect(await b.claim("evt_x")).toEqual({ kind: "duplicate" });
    // Another route's store never sees it.
    expect(await new DurableDedupStore(ns, `${route}-other`, times).claim("evt_x")).toEqual({ kind: "claimed" });
    // The previous layout (one object per id) keeps the same semantics.
    const perId = new DurableDedupStore(ns, `${route}-per-id`, times, "per-id");
    expect(await perId.claim("evt_x")).toEqual({ kind: "claimed" });
    await perId.commit("evt_x");
    expect(await perId.claim("evt_x")).toEqual({ kind: "duplicate" });
  });
});
