/**
 * Source-IP allow lists end to end: real `wrangler dev`, a real loopback origin,
 * a loopback DoH JSON server as DOH_URL, rules pushed with the real CLI, and
 * requests carrying chosen CF-Connecting-IP headers (wrangler dev keeps a
 * client-sent one; without one it sets 127.0.0.1). Asserts exactly which
 * requests reached the origin. The Cron refresh is driven through
 * `wrangler dev --test-scheduled` (`/__scheduled`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { startOrigin, type Origin } from "./helpers/origin.ts";
import { startWranglerDev, type WranglerDev } from "./helpers/wrangler-dev.ts";
import { startDohServer, type DohServer } from "./source-ip/doh-server.ts";
import { kvFlags, runWrangler } from "../../cli/wrangler.ts";

const ORIGIN_SECRET = "whsec_ZTJlLW9yaWdpbi1zZWNyZXQtZm9yLXRlc3Rz";
const GH_SECRET = "e2e-github-secret";
const LOOPWISE_SECRET = "e2e-loopwise-secret";
const HOST = "hooks.provider.test";
const SHORT = "short-ttl.provider.test";
const NEVER = "never-resolved.provider.test";
const STALE = "stale.provider.test";
const RECENT = "recent.provider.test";
/** DNS_MIN_TTL_SECONDS for this Worker: short, so the test waits past it in seconds, not 30. */
const MIN_TTL_S = 2;

let origin: Origin;
let dev: WranglerDev;
let doh: DohServer;

const hmacHex = (body: string, secret: string) => createHmac("sha256", secret).update(body).digest("hex");

/** A correctly signed GitHub delivery from `ip` (null: send no CF-Connecting-IP). */
async function send(path: string, ip: string | null, extra: Record<string, string> = {}, signed: "github" | "loopwise" = "github") {
  const body = `{"n":${Math.random()}}`;
  const headers: Record<string, string> =
    signed === "github"
      ? { "x-hub-signature-256": `sha256=${hmacHex(body, GH_SECRET)}` }
      : { "loopwise-webhook-signature": hmacHex(body, LOOPWISE_SECRET) };
  if (ip !== null) headers["cf-connecting-ip"] = ip;
  const before = origin.received.length;
  const res = await fetch(`${dev.url}${path}`, { method: "POST", body, headers: { ...headers, ...extra } });
  const text = await res.text();
  const delivered = origin.received.slice(before);
  return { status: res.status, text, delivered, body };
}

async function expectForwarded(r: Awaited<ReturnType<typeof send>>) {
  expect(r.status).toBe(200);
  expect(r.delivered).toHaveLength(1);
  expect(r.delivered[0]!.body.toString("utf8")).toBe(r.body);
}
async function expectForbidden(r: Awaited<ReturnType<typeof send>>) {
  expect(r.status).toBe(403);
  expect(JSON.parse(r.text)).toEqual({ error: "forbidden", message: expect.any(String) });
  expect(r.delivered).toHaveLength(0);
}

/** wrangler dev prints the Worker's log lines a moment after the response: wait for one. */
async function expectLogged(re: RegExp, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!re.test(dev.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(dev.output()).toMatch(re);
}

async function cron() {
  const res = await fetch(`${dev.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  expect(res.status).toBe(200);
  await res.text();
}

const gh = () => ({ provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url });
let routes: unknown[] = [];

beforeAll(async () => {
  origin = await startOrigin();
  doh = await startDohServer({ [HOST]: { A: ["192.0.2.10"], AAAA: ["2001:db8:10::1"], ttl: 3600 }, [SHORT]: { A: ["192.0.2.30"], ttl: 1 } });
  dev = await startWranglerDev({
    vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, GH_SECRET, LOOPWISE_SECRET, DOH_URL: doh.url, DNS_MIN_TTL_SECONDS: String(MIN_TTL_S) },
    extraArgs: ["--test-scheduled"],
  });
  routes = [
    { ...gh(), path: "/ip/static", allow: { ips: ["203.0.113.0/24", "2001:db8:1::/48"] } },
    { ...gh(), path: "/ip/host", allow: { hostnames: [HOST] } },
    { ...gh(), path: "/ip/short", allow: { hostnames: [SHORT] } },
    { path: "/ip/loopwise", provider: "loopwise", secrets: ["env:LOOPWISE_SECRET"], origin: origin.url },
  ];
  await dev.pushRules({ routes });
}, 150_000);

afterAll(async () => {
  await dev?.stop();
  await origin?.close();
  await doh?.close();
});

describe("source-IP allow lists end to end (wrangler dev + DoH stub + origin)", () => {
  it("static list: IPv4, IPv6 and mapped clients in, others out; X-Forwarded-For ignored", async () => {
    await expectForwarded(await send("/ip/static", "203.0.113.255"));
    await expectForwarded(await send("/ip/static", "2001:db8:1:ffff::9"));
    await expectForwarded(await send("/ip/static", "::ffff:203.0.113.4"));
    await expectForbidden(await send("/ip/static", "203.0.114.0"));
    await expectForbidden(await send("/ip/static", "2001:db8:2::1"));
    await expectForbidden(await send("/ip/static", "198.51.100.1", { "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.7", "true-client-ip": "203.0.113.7" }));
    await expectForbidden(await send("/ip/static", "not-an-ip"));
    // No client-sent header: wrangler dev supplies 127.0.0.1, which is not listed.
    await expectForbidden(await send("/ip/static", null, { "x-forwarded-for": "203.0.113.7" }));
    await expectLogged(/"reason":"source_ip_denied","detail":"198\.51\.100\.1 not in route allow: static \(2 entries\)"/);
  });

  it("preset default: loopwise accepts only its published address", async () => {
    await expectForwarded(await send("/ip/loopwise", "52.194.91.27", {}, "loopwise"));
    await expectForbidden(await send("/ip/loopwise", "52.194.91.28", {}, "loopwise"));
  });

  it("hostname list: the resolved A/AAAA addresses in, others out", async () => {
    doh.queries.length = 0;
    await expectForwarded(await send("/ip/host", "192.0.2.10"));
    await expectForwarded(await send("/ip/host", "2001:db8:10::1"));
    await expectForbidden(await send("/ip/host", "192.0.2.11"));
    expect(doh.queries.filter((q) => q.name === HOST).map((q) => q.type).sort()).toEqual(["A", "AAAA"]); // cached after
  });

  it("a Cron refresh changes the allowed set before the TTL runs out", async () => {
    doh.zone[HOST] = { A: ["192.0.2.20"], ttl: 3600 };
    await expectForbidden(await send("/ip/host", "192.0.2.20")); // cached answer still in force
    await cron();
    await expectForwarded(await send("/ip/host", "192.0.2.20"));
    await expectForbidden(await send("/ip/host", "192.0.2.10"));
    await expectLogged(/"msg":"hookgate.dns_refresh"/);
  });

  it("resolver down: last-known-good keeps genuine traffic flowing; nothing known fails closed", async () => {
    await expectForwarded(await send("/ip/short", "192.0.2.30")); // resolved, TTL 1 clamped to MIN_TTL_S
    doh.mode = "down";
    try {
      // A route whose hostname was never resolved (added now, so no earlier Cron run saw it).
      await dev.pushRules({ routes: [...routes, { ...gh(), path: "/ip/never", allow: { hostnames: [NEVER] } }] });
      await expectForbidden(await send("/ip/never", "192.0.2.30"));
      await expectLogged(new RegExp(`"reason":"source_ip_unresolved","detail":"192\\.0\\.2\\.30 not allowed by route allow; consulted hostname ${NEVER.replace(/\./g, "\\.")} \\(unresolved: A: resolver unreachable`));
      await new Promise((r) => setTimeout(r, MIN_TTL_S * 1000 + 500)); // past the configured minimum TTL
      await expectForwarded(await send("/ip/short", "192.0.2.30"));
      await expectForbidden(await send("/ip/short", "192.0.2.31"));
      await expectLogged(/last-known-good from \d+ s ago, 1 addresses; resolver: A: resolver unreachable/);
    } finally {
      doh.mode = "ok";
    }
  });

  // Issue 12, defect 8: a last-known-good copy has a maximum age (DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS, default 24 h).
  it("resolver down: a stored copy older than 24 h fails closed with a hookgate.dns_stale warn line; a recent one is used", async () => {
    const put = async (host: string, ageMs: number) => {
      const value = JSON.stringify({ addresses: ["192.0.2.40"], resolvedAtMs: Date.now() - ageMs });
      const run = await runWrangler(["kv", "key", "put", `dns:${host}`, value, ...kvFlags({ binding: "STATE", local: true, persistTo: dev.persistTo })]);
      expect(run.code, run.stderr).toBe(0);
    };
    await put(STALE, 25 * 3_600_000);
    await put(RECENT, 3_600_000);
    doh.mode = "down";
    try {
      await dev.pushRules({ routes: [...routes, { ...gh(), path: "/ip/stale", allow: { hostnames: [STALE] } }, { ...gh(), path: "/ip/recent", allow: { hostnames: [RECENT] } }] });
      await expectForwarded(await send("/ip/recent", "192.0.2.40"));
      await expectForbidden(await send("/ip/stale", "192.0.2.40"));
      await expectLogged(/"msg":"hookgate.dns_stale","hostname":"stale\.provider\.test","detail":"last-known-good addresses are 900\d\d s old, over the maximum 86400 s/);
      await expectLogged(/"reason":"source_ip_unresolved","detail":"192\.0\.2\.40 not allowed by route allow; consulted hostname stale\.provider\.test \(unresolved: A: resolver unreachable.*over the maximum 86400 s/);
    } finally {
      doh.mode = "ok";
    }
  });
});
