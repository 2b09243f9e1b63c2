/**
 * Through the real DELIVERIES queue binding and the Worker's own `queue`
 * handler (src/index.ts): the message survives the queue's serialisation byte
 * for byte, and an origin that refuses connections (127.0.0.1:1) with an empty
 * retry schedule ends in a dead-letter record holding the exact body.
 */
import { describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { routeKey } from "../../src/rules/kv-keys.ts";
import { listDeadLetters, readDeadLetter } from "../../src/delivery/dead-letter.ts";
import { SECRET, signedGithub } from "./queue-sim.ts";

describe("real queue binding", () => {
  it("queues through env.DELIVERIES and the Worker's consumer dead-letters an undeliverable event, byte for byte", async () => {
    const path = `/t/real-queue-${Date.now().toString(36)}`;
    await env.RULES.put(
      routeKey(path),
      JSON.stringify({ path, provider: "github", secrets: [SECRET], origin: "http://127.0.0.1:1", delivery: { mode: "queue", retryDelaysSeconds: [] } }),
    );
    const body = new Uint8Array(2048);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const init = await signedGithub(body, "real-1");
    const res = await exports.default.fetch(new Request(`https://hooks.example.com${path}`, { method: "POST", ...init }));
    expect(res.status).toBe(202);

    let items: Awaited<ReturnType<typeof listDeadLetters>>["items"] = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = (await listDeadLetters(env.STATE, { route: path })).items;
    }
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ eventId: "real-1", attempts: 1, bodyBytes: body.length });
    const record = await readDeadLetter(env.STATE, path, items[0]!.deliveryId);
    const stored = new Uint8Array((await env.STATE.get(record!.bodyRef, "arrayBuffer"))!);
    expect(stored).toEqual(body);
  });
});
