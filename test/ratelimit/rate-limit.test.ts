/**
 * Per-route rate limit (fixed one-minute window in a Durable Object): over the
 * limit → 429 with Retry-After, the origin sees nothing; only verified
 * requests count, so forgeries cannot use up a route's budget.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { SECRET, signedGithub } from "../delivery/queue-sim.ts";

// 2025-11-24T16:00:15Z: 45 s before the window ends.
const NOW = Date.UTC(2025, 10, 24, 16, 0, 15);

async function setUp(requestsPerMinute: number) {
  const h = harness({ nowMs: NOW });
  const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", rateLimit: { requestsPerMinute } } as never);
  return { h, path };
}

describe("rateLimit.requestsPerMinute", () => {
  it("answers 429 with Retry-After over the limit, and accepts again in the next window", async () => {
    const { h, path } = await setUp(3);
    for (let i = 0; i < 3; i++) expect((await h.send(path, await signedGithub(`{"i":${i}}`, `e${i}`))).status).toBe(200);
    const res = await h.send(path, await signedGithub('{"i":3}', "e3"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("45");
    expect(await res.json()).toEqual({ error: "rate_limited", message: "Too many requests for this route; retry later." });
    expect(h.received).toHaveLength(3);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "rate_limited" });

    h.clock.nowMs += 45_000; // next window
    expect((await h.send(path, await signedGithub('{"i":3}', "e3"))).status).toBe(200);
    expect(h.received).toHaveLength(4);
  });

  it("forgeries do not count against the limit", async () => {
    const { h, path } = await setUp(1);
    const forged = await signedGithub('{"x":1}', "f");
    for (let i = 0; i < 5; i++) expect((await h.send(path, { ...forged, body: '{"x":2}' })).status).toBe(401);
    expect((await h.send(path, await signedGithub('{"ok":1}', "g"))).status).toBe(200);
  });

  it("limits each route separately", async () => {
    const { h, path } = await setUp(1);
    const other = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", rateLimit: { requestsPerMinute: 1 } } as never);
    expect((await h.send(path, await signedGithub("{}", "a"))).status).toBe(200);
    expect((await h.send(other, await signedGithub("{}", "b"))).status).toBe(200);
    expect((await h.send(path, await signedGithub("{}", "c"))).status).toBe(429);
  });

  it("fails closed (503, nothing forwarded) when the route has a rateLimit but the RATE_LIMITER binding is missing", async () => {
    const h = harness({ nowMs: NOW, env: { RATE_LIMITER: undefined } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", rateLimit: { requestsPerMinute: 5 } } as never);
    expect((await h.send(path, await signedGithub("{}", "m"))).status).toBe(503);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ reason: "config_invalid" });
  });

  it("routes without rateLimit are not limited", async () => {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com" });
    for (let i = 0; i < 20; i++) expect((await h.send(path, await signedGithub("{}", `n${i}`))).status).toBe(200);
  });

  it("applies in queue mode at ingress too (429, nothing queued)", async () => {
    const sent: unknown[] = [];
    const h = harness({ nowMs: NOW, env: { DELIVERIES: { send: async (m: unknown) => void sent.push(m) } as never } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue" }, rateLimit: { requestsPerMinute: 1 } } as never);
    expect((await h.send(path, await signedGithub("{}", "q1"))).status).toBe(202);
    expect((await h.send(path, await signedGithub("{}", "q2"))).status).toBe(429);
    expect(sent).toHaveLength(1);
  });
});

// Issue 12, defect 2: the budget counts only requests that will actually be delivered.
describe("rateLimit counts only deliveries (issue 12 defect 2)", () => {
  it("replays of a delivered event (answered duplicate) do not use the budget", async () => {
    const { h, path } = await setUp(2);
    const captured = await signedGithub('{"i":1}', "cap-1");
    expect((await h.send(path, captured)).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const replay = await h.send(path, captured);
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ status: "duplicate" });
    }
    expect(h.received).toHaveLength(1);
    expect((await h.send(path, await signedGithub('{"i":2}', "cap-2"))).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("forged requests on a report-only route do not use the genuine budget (they have their own)", async () => {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", enforce: false, rateLimit: { requestsPerMinute: 3 } } as never);
    const forged = { ...(await signedGithub('{"x":1}', "f")), body: '{"x":2}' };
    for (let i = 0; i < 3; i++) expect((await h.send(path, forged)).status).toBe(200); // forwarded, marked unverified
    expect((await h.send(path, forged)).status).toBe(429); // the unverified budget is spent
    for (let i = 0; i < 3; i++) expect((await h.send(path, await signedGithub(`{"g":${i}}`, `g${i}`))).status).toBe(200);
    expect((await h.send(path, await signedGithub('{"g":3}', "g3"))).status).toBe(429);
    expect(h.received.map((r) => r.headers.get("hookgate-verified"))).toEqual(["false", "false", "false", "true", "true", "true"]);
  });

  it("a claimed event that is then rate limited releases its claim: the provider's retry is delivered", async () => {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", dedup: { store: "strict" }, rateLimit: { requestsPerMinute: 1 } } as never);
    expect((await h.send(path, await signedGithub("{}", "r1"))).status).toBe(200);
    const limited = await signedGithub('{"n":2}', "r2");
    expect((await h.send(path, limited)).status).toBe(429);
    h.clock.nowMs += 45_000; // next window, well inside the pending claim's lifetime
    expect((await h.send(path, limited)).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });
});
