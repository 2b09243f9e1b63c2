/** The DedupObject itself: atomic claim, commit, release, and cleanup by alarm. */
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { DedupObject } from "../../src/replay/durable.ts";

const ns = (env as unknown as { DEDUP: DurableObjectNamespace<DedupObject> }).DEDUP;
const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);

describe("DedupObject", () => {
  it("claims once, reports in-flight then duplicate, forgets on release", async () => {
    const stub = ns.get(ns.idFromName(`/t/do\n${crypto.randomUUID()}`));
    expect(await stub.claim(NOW, 60)).toEqual({ kind: "claimed" });
    expect(await stub.claim(NOW + 1_000, 60)).toEqual({ kind: "in_flight", retryAfterSeconds: 59 });
    await stub.release();
    expect(await stub.claim(NOW + 2_000, 60)).toEqual({ kind: "claimed" });
    await stub.commit(NOW + 3_000, 3600);
    expect(await stub.claim(NOW + 4_000, 60)).toEqual({ kind: "duplicate" });
    // A pending claim that outlived its time (a crashed delivery) no longer blocks.
    const other = ns.get(ns.idFromName(`/t/do\n${crypto.randomUUID()}`));
    await other.claim(NOW, 60);
    expect(await other.claim(NOW + 61_000, 60)).toEqual({ kind: "claimed" });
  });

  it("schedules an alarm that deletes the record", async () => {
    const stub = ns.get(ns.idFromName(`/t/do\n${crypto.randomUUID()}`));
    await stub.commit(NOW, 3600);
    const alarm = await runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_o, state) => state.storage.kv.get("r"))).toBeUndefined();
    expect(await stub.claim(NOW, 60)).toEqual({ kind: "claimed" });
  });
});
