/**
 * The measurement docs/delivery.md quotes ("The KV race"): 50 concurrent deliveries of the same
 * event id through the real pipeline (app.fetch, real KV and Durable Object
 * bindings in workerd). Strict mode must forward exactly one; the KV figure is
 * recorded and printed (KV has no compare-and-set).
 *
 *   npx vitest run --config test/vitest.config.ts --project workers test/replay/concurrency.test.ts
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const KEY = "psk-concurrency";
const N = 50;

async function race(store: "kv" | "strict") {
  const h = harness();
  const path = await h.putRoute({
    provider: { token: { header: "X-Key" }, id: { header: "X-Event-Id" } },
    secrets: [KEY],
    origin: "https://origin.example.com",
    dedup: { store },
  });
  // A realistic origin takes a little while to answer.
  h.setOrigin(async () => {
    await new Promise((r) => setTimeout(r, 20));
    return new Response("ok");
  });
  const id = `evt_race_${store}_${crypto.randomUUID()}`;
  const responses = await Promise.all(
    Array.from({ length: N }, () => h.send(path, { body: '{"n":1}', headers: { "X-Key": KEY, "X-Event-Id": id } })),
  );
  const statuses: Record<number, number> = {};
  for (const r of responses) {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    await r.arrayBuffer();
  }
  const reached = h.received.length;
  // After the race settles, a replay is a duplicate in both modes.
  const later = await h.send(path, { body: '{"n":1}', headers: { "X-Key": KEY, "X-Event-Id": id } });
  console.log(`[dedup race] store=${store}: ${reached} of ${N} concurrent deliveries reached the origin; statuses ${JSON.stringify(statuses)}; replay afterwards -> ${later.status} ${await later.text()}`);
  return { reached, statuses, later };
}

describe(`${N} concurrent deliveries of one event id`, () => {
  it("strict (Durable Object): exactly one reaches the origin, the rest are told to retry or are duplicates", async () => {
    const { reached, statuses, later } = await race("strict");
    expect(reached).toBe(1);
    expect(statuses[200]).toBeGreaterThanOrEqual(1);
    expect((statuses[200] ?? 0) + (statuses[503] ?? 0)).toBe(N);
    expect(later.status).toBe(200);
  });

  it("kv: records how many reach the origin (no compare-and-set; at least one, at most all)", async () => {
    const { reached, statuses, later } = await race("kv");
    expect(reached).toBeGreaterThanOrEqual(1);
    expect(reached).toBeLessThanOrEqual(N);
    expect((statuses[200] ?? 0) + (statuses[503] ?? 0)).toBe(N);
    expect(later.status).toBe(200);
  });
});
