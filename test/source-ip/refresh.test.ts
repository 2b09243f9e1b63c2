/**
 * The Cron Trigger refresh, through the Worker's own scheduled handler: it
 * re-resolves every hostname the stored routes reference (route allow, else the
 * provider's default, preset or KV), updates memory and the last-known-good
 * copy, and so changes the allowed set without waiting for the TTL.
 */
import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { createWorker } from "../../src/worker.ts";
import type { Env } from "../../src/env.ts";
import { clearDnsMemory, dnsKey } from "../../src/source-ip/dns-cache.ts";
import { referencedHostnames } from "../../src/source-ip/refresh.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { dohStub, type Zone } from "./doh-stub.ts";
import { expectForwarded, expectRejected, setUp, uniqueHost } from "./helpers.ts";

async function runCron(zone: Zone, nowMs: number, mode: "ok" | "down" = "ok") {
  const doh = dohStub(zone);
  doh.state.mode = mode;
  const w = createWorker({ resolverFetch: doh.fetch, now: () => nowMs });
  const ctx = createExecutionContext();
  await w.scheduled(createScheduledController({ scheduledTime: nowMs, cron: "*/5 * * * *" }), env as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return doh;
}

describe("scheduled refresh", () => {
  it("is the Worker's scheduled handler", () => {
    expect(typeof worker.scheduled).toBe("function");
  });

  it("finds every hostname referenced by stored routes: route allow, preset default, KV provider default", async () => {
    const [own, custom] = [uniqueHost("own"), uniqueHost("custom")];
    const put = (path: string, value: unknown) => env.RULES.put(`route:${path}`, JSON.stringify({ path, secrets: ["s"], ...(value as object) }));
    await put("/r-own", { provider: "github", allow: { hostnames: [own.toUpperCase()] } });
    await put("/r-lean", { provider: "lean" });
    await put("/r-lean-sandbox", { provider: "lean-sandbox" });
    await env.RULES.put("provider:acme", JSON.stringify({ ...presets.github, sourceIps: { hostnames: [custom] } }));
    await put("/r-acme", { provider: "acme" });
    await put("/r-static", { provider: "loopwise" });
    await env.RULES.put("route:/r-junk", "{not json");
    const skipped: string[] = [];
    const found = await referencedHostnames(env.RULES, skipped);
    expect(found).toEqual(expect.arrayContaining([own, custom, "webhooks.leantech.me", "webhooks.sandbox.leantech.me"]));
    expect(skipped).toContain("route:/r-junk");
  });

  it("a refresh changes the allowed set before the TTL runs out, and writes last-known-good", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 3600 } });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.h.received.length = 0;

    // The provider moves; requests still see the cached answer (TTL 1 h).
    const moved = { [host]: { A: ["192.0.2.2"], ttl: 3600 } };
    s.doh.state.zone = moved;
    await expectRejected(s.h, await s.send("192.0.2.2"), "source_ip_denied");

    const cron = await runCron(moved, s.h.clock.nowMs + 60_000);
    expect(cron.state.queries.filter((q) => q.name === host).map((q) => q.type).sort()).toEqual(["A", "AAAA"]);
    expect(await env.STATE.get(dnsKey(host), "json")).toEqual({ addresses: ["192.0.2.2"], resolvedAtMs: s.h.clock.nowMs + 60_000 });

    await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_denied");
    await expectForwarded(s.h, await s.send("192.0.2.2"));
    // The request did not ask DNS itself: the refresh had already done it.
    expect(s.doh.state.queries).toHaveLength(2);
  });

  it("what the refresh stored serves a fresh isolate while the resolver is down", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, {});
    await runCron({ [host]: { A: ["192.0.2.9"] } }, s.h.clock.nowMs);
    clearDnsMemory();
    s.doh.state.mode = "down";
    await expectForwarded(s.h, await s.send("192.0.2.9"));
    s.h.received.length = 0;
    await expectRejected(s.h, await s.send("192.0.2.10"), "source_ip_denied");
  });

  it("a failed refresh keeps the last-known-good copy", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, {});
    await runCron({ [host]: { A: ["192.0.2.21"] } }, s.h.clock.nowMs);
    clearDnsMemory();
    await runCron({}, s.h.clock.nowMs + 300_000, "down");
    expect(await env.STATE.get(dnsKey(host), "json")).toMatchObject({ addresses: ["192.0.2.21"] });
  });
});
