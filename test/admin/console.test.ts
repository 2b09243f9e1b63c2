/**
 * The operator console's Worker side: its static files exist only while
 * HOOKGATE_ADMIN_TOKEN is set (404 for every console path otherwise) and carry
 * a strict CSP; the admin API views it reads never show a secret; dead-letter
 * detail, capped bodies and replay of a selection. (The browser flows are in
 * test/node/console.browser.e2e.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { harness, text } from "../helpers/harness.ts";
import { listDeadLetters } from "../../src/delivery/dead-letter.ts";
import { capturingQueue, drain, pendingFrom, SECRET, signedGithub } from "../delivery/queue-sim.ts";

const TOKEN = "console-token-for-tests-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const FILES = ["/__hookgate/console", "/__hookgate/console/", "/__hookgate/console/console.js", "/__hookgate/console/console.css"];

describe("console files", () => {
  it("404 for every console path, static files included, when HOOKGATE_ADMIN_TOKEN is not set (or empty)", async () => {
    for (const token of [undefined, ""]) {
      const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: token } });
      for (const path of [...FILES, "/__hookgate/console/index.html", "/__hookgate/console/nope"]) {
        const res = await h.send(path, { method: "GET" });
        expect(res.status, path).toBe(404);
        expect(await res.text()).not.toContain("<script");
      }
    }
  });

  it("serves the files with a strict CSP (no inline script) while the token is set; other console paths and methods are 404", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: TOKEN } });
    for (const path of FILES) {
      const res = await h.send(path, { method: "GET" });
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const body = await res.text();
      expect(body).not.toContain(TOKEN);
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
      expect(body).not.toMatch(/\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write/);
    }
    expect((await h.send("/__hookgate/console/index.html", { method: "GET" })).status).toBe(404);
    expect((await h.send("/__hookgate/console/../wrangler.toml", { method: "GET" })).status).toBe(404);
    expect((await h.send("/__hookgate/console/", { method: "POST" })).status).toBe(404);
  });
});

describe("admin views the console reads", () => {
  it("/config: routes with secrets as count and env: names only; health names what is missing", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: TOKEN, HOOKGATE_ORIGIN_SECRET: undefined, LOG_REQUESTS: "some" } });
    const literal = "literal-secret-value-never-shown";
    const path = await h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET", literal], origin: "https://o.example.com", enforce: false } as never);
    const broken = await h.putRoute({ provider: "github", secrets: ["env:NOT_SET_ANYWHERE"] } as never);
    const res = await h.send("/__hookgate/admin/config", { method: "GET", headers: auth });
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw).not.toContain(literal);
    expect(raw).not.toContain("It's a Secret to Everybody"); // TEST_GITHUB_SECRET's value
    const body = JSON.parse(raw) as { routes: { path: string; secrets?: unknown; reportOnly?: boolean; problem?: string }[]; health: { check: string; problem: string }[] };
    expect(body.routes.find((r) => r.path === path)).toMatchObject({ secrets: { count: 2, env: ["TEST_GITHUB_SECRET"] }, reportOnly: true, provider: "github" });
    expect(body.routes.find((r) => r.path === broken)?.problem).toContain("NOT_SET_ANYWHERE is not set");
    const checks = body.health.map((x) => x.check);
    expect(checks).toContain("HOOKGATE_ORIGIN_SECRET");
    expect(checks).toContain("env:NOT_SET_ANYWHERE");
    expect(checks).not.toContain("env:TEST_GITHUB_SECRET");
    expect(checks).toContain("LOG_REQUESTS");
    expect((await h.send("/__hookgate/admin/config", { method: "GET", headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  });

  it("/health problems: bad vars, a binding a route needs, a route stored as invalid JSON", async () => {
    const h = harness({
      env: { HOOKGATE_ADMIN_TOKEN: TOKEN, DELIVERIES: undefined, DNS_MIN_TTL_SECONDS: "0", DOH_URL: "http://resolver.example/dns-query", RULES_CACHE_SECONDS: "ten" },
    });
    await h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET"], delivery: { mode: "queue" } } as never);
    await h.putRaw("route:/not-json", "{ nope");
    const { health, routes } = (await (await h.send("/__hookgate/admin/config", { method: "GET", headers: auth })).json()) as {
      health: { check: string; problem: string }[];
      routes: { path: string; problem?: string }[];
    };
    const problem = (check: string) => health.find((x) => x.check === check)?.problem;
    expect(problem("DELIVERIES")).toContain("queue binding is missing");
    expect(problem("DNS_MIN_TTL_SECONDS")).toContain("not a whole number of seconds");
    expect(problem("DOH_URL")).toContain("not an https URL");
    expect(problem("RULES_CACHE_SECONDS")).toContain('"ten" is not a number of seconds');
    expect(problem("route /not-json")).toContain("not JSON");
    expect(routes.find((r) => r.path === "/not-json")?.problem).toContain("not JSON");
    expect(problem("HOOKGATE_ORIGIN_SECRET")).toBeUndefined(); // set in the test env
  });

  it("dead letter detail (headers, no body reference), body on request with a cap, replay of a selection", async () => {
    const q = capturingQueue();
    const h = harness({ env: { DELIVERIES: q.queue, HOOKGATE_ADMIN_TOKEN: TOKEN } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue", retryDelaysSeconds: [1] } } as never);
    h.setOrigin(() => new Response("down", { status: 503 }));
    for (const id of ["s1", "s2", "s3"]) expect((await h.send(path, await signedGithub(`{"id":"${id}","pad":"${"x".repeat(100)}"}`, id))).status).toBe(202);
    await drain(h, pendingFrom(q.sent.splice(0), h.clock.nowMs));
    const { items } = await listDeadLetters(h.env.STATE, { route: path });
    const byEvent = new Map(items.map((i) => [i.eventId, i.deliveryId]));
    const get = (p: string) => h.send(`/__hookgate/admin${p}`, { method: "GET", headers: auth });
    const q1 = new URLSearchParams({ route: path, id: byEvent.get("s1")! });

    const detail = (await (await get(`/dead-letters/record?${q1}`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ eventId: "s1", method: "POST", attempts: 2 });
    expect((detail.headers as [string, string][]).some(([k]) => k === "x-github-delivery")).toBe(true);
    expect(detail).not.toHaveProperty("bodyRef");

    const full = (await (await get(`/dead-letters/body?${q1}`)).json()) as { bytes: number; truncated: boolean; text: string };
    expect(full.truncated).toBe(false);
    expect(full.text).toBe(`{"id":"s1","pad":"${"x".repeat(100)}"}`);
    const capped = (await (await get(`/dead-letters/body?${q1}&max=10`)).json()) as typeof full;
    expect(capped).toEqual({ bytes: full.bytes, truncated: true, text: '{"id":"s1"' });
    expect((await get(`/dead-letters/record?${new URLSearchParams({ route: path, id: "nope" })}`)).status).toBe(404);

    h.setOrigin(() => new Response("back"));
    h.received.length = 0;
    const res = await h.send("/__hookgate/admin/dead-letters/replay", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ route: path, ids: [byEvent.get("s1"), byEvent.get("s3"), "missing"] }),
    });
    const out = (await res.json()) as { replayed: { id: string }[]; failed: { id: string; error: string }[] };
    expect(out.replayed.map((r) => r.id).sort()).toEqual([byEvent.get("s1"), byEvent.get("s3")].sort());
    expect(out.failed).toEqual([{ id: "missing", error: "not found" }]);
    await drain(h, pendingFrom(q.sent.splice(0), h.clock.nowMs));
    expect(h.received.map((r) => r.headers.get("hookgate-id")).sort()).toEqual(["s1", "s3"]);
    expect(text(h.received[0]!.body)).toContain('"id":"s');
    expect((await listDeadLetters(h.env.STATE, { route: path })).items.map((i) => i.eventId)).toEqual(["s2"]);
  });
});
