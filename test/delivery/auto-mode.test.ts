/**
 * delivery.mode "auto" inside workerd (the end-to-end run is
 * test/node/auto-delivery.e2e.test.ts): what goes back to the provider, what
 * is queued and with which schedule, and the dedup claim.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { capturingQueue, drain, pendingFrom, SECRET, signedGithub } from "./queue-sim.ts";
import { compileRoute } from "../../src/rules/resolve.ts";
import { directBudgetMs } from "../../src/delivery/auto.ts";

async function setUp(route: Record<string, unknown> = {}, env: Record<string, unknown> = {}) {
  const q = capturingQueue();
  const h = harness({ env: { DELIVERIES: q.queue, ...env } });
  const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", ...route } as never);
  return { h, q, path };
}

describe("delivery.mode auto", () => {
  it("is the default, and a preset can suggest direct (twilio, discord, slack)", async () => {
    const mode = async (provider: string) => {
      const c = await compileRoute("t", { path: "/x", provider, secrets: ["c2VjcmV0"] }, { loadProvider: async () => null, env: {} });
      return c.ok ? c.compiled.mode : c.detail;
    };
    expect(await mode("github")).toBe("auto");
    expect(await mode("lean")).toBe("auto");
    expect(await mode("twilio")).toBe("direct");
    expect(await mode("slack")).toBe("direct");
  });

  it("a healthy origin's answer passes through unchanged; nothing is queued", async () => {
    const { h, q, path } = await setUp();
    h.setOrigin(() => new Response("made it", { status: 201, headers: { "x-origin": "1" } }));
    const res = await h.send(path, await signedGithub("{}", "evt-ok"));
    expect([res.status, await res.text(), res.headers.get("x-origin")]).toEqual([201, "made it", "1"]);
    expect(q.sent).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", originStatus: 201 });
  });

  it("a 4xx is the origin's verdict: passed back, not queued, and the claim released", async () => {
    const { h, q, path } = await setUp();
    h.setOrigin(() => new Response("nope", { status: 409 }));
    expect((await h.send(path, await signedGithub("{}", "evt-4xx"))).status).toBe(409);
    expect(q.sent).toHaveLength(0);
    h.setOrigin(() => new Response("ok"));
    // The provider's retry is not a duplicate: it reaches the origin.
    expect((await h.send(path, await signedGithub("{}", "evt-4xx"))).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it.each([
    ["5xx", () => new Response("down", { status: 503 })],
    ["unreachable", () => Promise.reject(new TypeError("connection refused"))],
  ] as const)("origin %s: queued with the same id, success at once; retries keep to the schedule after the direct attempt", async (_, fail) => {
    const { h, q, path } = await setUp({ delivery: { retryAtSecondsAfterFirstAttempt: [60, 120, 300] } });
    const start = h.clock.nowMs;
    const calls: number[] = [];
    h.setOrigin(() => {
      calls.push((h.clock.nowMs - start) / 1000);
      return fail();
    });
    const res = await h.send(path, await signedGithub('{"n":1}', "evt-auto"));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "queued", id: "evt-auto" });
    expect(q.sent).toHaveLength(1);
    expect(q.sent[0]).toMatchObject({ eventId: "evt-auto", attemptsBefore: 1 });
    expect(h.lastLog()).toMatchObject({ verdict: "queued", eventId: "evt-auto" });
    // The queue hands it over at the first retry time; then 120 s and 300 s after the direct attempt; then a dead letter.
    const pending = pendingFrom(q.sent, start + 60_000);
    await drain(h, pending);
    expect(calls).toEqual([0, 60, 120, 300]);
    expect(h.received.every((r) => r.headers.get("hookgate-id") === "evt-auto")).toBe(true);
    expect(h.logs.filter((l) => l.verdict === "dead_letter")).toHaveLength(1);
    // The claim was committed when queued: the provider's own retry is a duplicate.
    expect((await h.send(path, await signedGithub('{"n":1}', "evt-auto"))).status).toBe(200);
    expect(q.sent).toHaveLength(1);
  });

  it("answers the provider's documented success status (Lean: 200)", async () => {
    const { h, q, path } = await setUp({ provider: "lean", secrets: ["lean-secret"], allow: { ips: ["0.0.0.0/0"] } });
    h.setOrigin(() => new Response("down", { status: 500 }));
    const body = '{"type":"x"}';
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("lean-secret"), { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
    const mac = [...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const res = await h.send(path, { body, headers: { "lean-signature": `sha512=${mac}` } });
    expect(res.status).toBe(200);
    expect(q.sent).toHaveLength(1);
  });

  it("no time left before the deadline: queued without a direct attempt", async () => {
    const { h, q, path } = await setUp({ delivery: { deadlineMs: 1000, safetyMarginMs: 1000 } });
    const res = await h.send(path, await signedGithub("{}", "evt-late"));
    expect(res.status).toBe(202);
    expect(h.received).toHaveLength(0);
    expect(q.sent).toHaveLength(1);
  });

  it("the inline origin timeout is the deadline minus the margin (Lean: 8.5 s of its 10 s); queued deliveries get 10 s", async () => {
    const compile = async (route: object) => {
      const c = await compileRoute("t", { path: "/x", secrets: ["s"], ...route }, { loadProvider: async () => null, env: {} });
      if (!c.ok) throw new Error(c.detail);
      return [c.compiled.originTimeoutMs, c.compiled.queuedOriginTimeoutMs];
    };
    expect(await compile({ provider: "github", delivery: { deadlineMs: 5000, safetyMarginMs: 1500 } })).toEqual([3500, 10_000]);
    expect(await compile({ provider: "lean" })).toEqual([8500, 10_000]);
    expect(await compile({ provider: "slack" })).toEqual([1500, 10_000]);
    expect(await compile({ provider: "lean", originTimeoutMs: 2000 })).toEqual([2000, 2000]);
  });

  it("the first queued attempt is due at the first retry time after receipt, not after the direct attempt ended", async () => {
    const { h, q, path } = await setUp({ delivery: { retryAtSecondsAfterFirstAttempt: [60, 120] } });
    h.setOrigin(() => {
      h.clock.nowMs += 20_000; // a slow direct attempt (the clock is injected)
      return new Response("down", { status: 503 });
    });
    expect((await h.send(path, await signedGithub("{}", "evt-slow"))).status).toBe(202);
    expect(q.options[0]?.delaySeconds).toBe(40);
  });

  it("the direct attempt's budget shrinks with the time already spent (deadline − margin − elapsed)", async () => {
    const c = await compileRoute("t", { path: "/x", provider: "github", secrets: ["s"], delivery: { deadlineMs: 5000, safetyMarginMs: 1500 } }, { loadProvider: async () => null, env: {} });
    if (!c.ok) throw new Error(c.detail);
    expect([0, 1000, 3500, 5000].map((elapsed) => directBudgetMs(c.compiled, elapsed))).toEqual([3500, 2500, 0, -1500]);
  });

  it("a queued delivery waits the queued origin timeout (10 s), not the inline one cut to the provider's deadline", async () => {
    const { h, q, path } = await setUp({ delivery: { deadlineMs: 1000, safetyMarginMs: 800 } });
    let calls = 0;
    h.setOrigin(async (req) => {
      calls += 1;
      if (calls === 1) return new Response("down", { status: 503 });
      await new Promise((r) => setTimeout(r, 500)); // longer than the inline 200 ms, well within 10 s
      if (req.signal.aborted) throw req.signal.reason; // what a real fetch does once its signal fired
      return new Response("ok");
    });
    expect((await h.send(path, await signedGithub("{}", "evt-slow-origin"))).status).toBe(202);
    await drain(h, pendingFrom(q.sent, h.clock.nowMs + 60_000), { maxRounds: 1 });
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", originStatus: 200 });
  });

  it("report-only: an unverified request is forwarded directly, never queued (the queue carries no verdict)", async () => {
    const { h, q, path } = await setUp({ enforce: false });
    h.setOrigin(() => new Response("down", { status: 503 }));
    const forged = await signedGithub("{}", "evt-forged");
    (forged.headers as Record<string, string>)["X-Hub-Signature-256"] = `sha256=${"0".repeat(64)}`;
    const res = await h.send(path, forged);
    expect(res.status).toBe(503);
    expect(q.sent).toHaveLength(0);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.headers.get("hookgate-verified")).not.toBe("true");
  });

  it("an unreachable origin with nothing to queue to: the failure goes back (502), never a success", async () => {
    const { h, path } = await setUp({}, { DELIVERIES: undefined });
    h.setOrigin(() => Promise.reject(new TypeError("connection refused")));
    const res = await h.send(path, await signedGithub("{}", "evt-nq2"));
    expect(res.status).toBe(502);
    expect(h.lastLog()?.detail).toMatch(/not queued: .*DELIVERIES/);
  });

  it("without the DELIVERIES binding, an origin failure goes back as in direct mode (the provider retries)", async () => {
    const { h, path } = await setUp({}, { DELIVERIES: undefined });
    h.setOrigin(() => new Response("down", { status: 503 }));
    const res = await h.send(path, await signedGithub("{}", "evt-nq"));
    expect(res.status).toBe(503);
    expect(h.lastLog()?.detail).toMatch(/not queued: .*DELIVERIES/);
  });
});
