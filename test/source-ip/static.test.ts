/**
 * Static allow lists through the whole pipeline: the client address comes from
 * CF-Connecting-IP only, every denial is a 403 before anything reaches the origin.
 */
import { describe, expect, it } from "vitest";
import { expectForwarded, expectRejected, setUp, vectorOf } from "./helpers.ts";

describe("static allow list", () => {
  it("forwards an allowed IPv4 client and logs the list that admitted it", async () => {
    const { h, send, doh } = await setUp({ ips: ["203.0.113.7"] });
    await expectForwarded(h, await send("203.0.113.7"));
    expect(h.lastLog()).toMatchObject({ sourceList: "static", clientIp: "203.0.113.7" });
    expect(doh.state.queries).toHaveLength(0);
  });

  it("denies an IPv4 client not on the list; the log names route, client and list", async () => {
    const { h, path, send } = await setUp({ ips: ["203.0.113.7"] });
    await expectRejected(h, await send("203.0.113.8"), "source_ip_denied");
    expect(h.lastLog()).toMatchObject({ route: path, clientIp: "203.0.113.8" });
    expect(h.lastLog()?.detail).toBe("203.0.113.8 not in route allow: static (1 entries)");
  });

  it("IPv6: allowed and denied", async () => {
    const { h, send } = await setUp({ ips: ["2001:db8:1::/48"] });
    await expectRejected(h, await send("2001:db8:2::1"), "source_ip_denied");
    await expectForwarded(h, await send("2001:db8:1:ffff::1"));
  });

  it.each([
    ["52.206.68.0", true],
    ["52.206.68.255", true],
    ["52.206.67.255", false],
    ["52.206.69.0", false],
    ["2001:db8::", true],
    ["2001:db8:0:ffff:ffff:ffff:ffff:ffff", true],
    ["2001:db8:1::", false],
    ["2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false],
  ])("CIDR edge %s → allowed: %s", async (ip, ok) => {
    const { h, send } = await setUp({ ips: ["52.206.68.0/24", "2001:db8::/48"] });
    const res = await send(ip);
    if (ok) await expectForwarded(h, res);
    else await expectRejected(h, res, "source_ip_denied");
  });

  it("IPv4-mapped IPv6 clients match IPv4 rules, and IPv4 clients match mapped rules", async () => {
    const v4rule = await setUp({ ips: ["198.51.100.0/24"] });
    await expectForwarded(v4rule.h, await v4rule.send("::ffff:198.51.100.20"));
    const v4deny = await setUp({ ips: ["198.51.100.0/24"] });
    await expectRejected(v4deny.h, await v4deny.send("::ffff:198.51.101.20"), "source_ip_denied");
    const mappedRule = await setUp({ ips: ["::ffff:198.51.100.20"] });
    await expectForwarded(mappedRule.h, await mappedRule.send("198.51.100.20"));
    const mappedDeny = await setUp({ ips: ["::ffff:198.51.100.20"] });
    await expectRejected(mappedDeny.h, await mappedDeny.send("198.51.100.21"), "source_ip_denied");
  });

  it("ignores spoofed X-Forwarded-For, True-Client-IP and X-Real-IP: only CF-Connecting-IP counts", async () => {
    const { h, send } = await setUp({ ips: ["203.0.113.7"] });
    const res = await send("198.51.100.66", {
      "x-forwarded-for": "203.0.113.7",
      "true-client-ip": "203.0.113.7",
      "x-real-ip": "203.0.113.7",
      forwarded: "for=203.0.113.7",
    });
    await expectRejected(h, res, "source_ip_denied");
    expect(h.lastLog()?.detail).toContain("198.51.100.66");
  });

  it("rejects a request without CF-Connecting-IP, even with X-Forwarded-For", async () => {
    const { h, send } = await setUp({ ips: ["203.0.113.7"] });
    await expectRejected(h, await send(null, { "x-forwarded-for": "203.0.113.7" }), "source_ip_unknown");
    expect(h.lastLog()?.detail).toContain("no CF-Connecting-IP header");
  });

  it.each(["", "not-an-ip", "203.0.113.7, 198.51.100.1", "010.0.0.1", "203.0.113.7:443", "[2001:db8::1]", "fe80::1%eth0", "203.0.113.7/32"])(
    "rejects an unparseable CF-Connecting-IP %j",
    async (bad) => {
      const { h, send } = await setUp({ ips: ["0.0.0.0/0", "::/0"] });
      await expectRejected(h, await send(bad), "source_ip_unknown");
      expect(h.lastLog()?.detail).toContain("CF-Connecting-IP is not an IP address");
    },
  );

  it("rejects on source before reading the body (a denied client with an oversized body gets 403, not 413)", async () => {
    const { h, path } = await setUp({ ips: ["203.0.113.7"] });
    const res = await h.send(path, { body: "x".repeat(2 * 1024 * 1024), ip: "198.51.100.1" });
    await expectRejected(h, res, "source_ip_denied");
    expect(h.lastLog()?.bodyBytes).toBeUndefined();
  });

  it("an allowed source still needs a valid signature", async () => {
    const { h, path } = await setUp({ ips: ["203.0.113.7"] });
    const res = await h.send(path, { body: "forged", headers: { "X-Hub-Signature-256": "sha256=00" }, ip: "203.0.113.7" });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });
});

describe("provider defaults and route overrides", () => {
  it.each([
    ["loopwise", "52.194.91.27", "52.194.91.28"],
    ["scalekit", "54.236.255.255", "54.237.0.0"],
    ["scalekit", "52.206.68.1", "52.206.69.1"],
  ])("%s preset: %s forwarded, %s denied", async (preset, good, bad) => {
    const ok = await setUp(undefined, {}, preset);
    await expectForwarded(ok.h, await ok.send(good));
    const denied = await setUp(undefined, {}, preset);
    await expectRejected(denied.h, await denied.send(bad), "source_ip_denied");
    expect(denied.h.lastLog()?.detail).toContain(`provider ${preset} sourceIps`);
  });

  it.each([
    ["lean", "193.123.78.188", "webhooks.leantech.me", "193.123.89.181"],
    ["lean-sandbox", "193.123.89.181", "webhooks.sandbox.leantech.me", "193.123.78.188"],
  ])("%s preset: its static address %s passes without asking DNS; others are checked against %s only", async (preset, own, host, other) => {
    const zone = { "webhooks.leantech.me": { A: ["193.123.78.188"] }, "webhooks.sandbox.leantech.me": { A: ["193.123.89.181"] } };
    const ok = await setUp(undefined, zone, preset);
    await expectForwarded(ok.h, await ok.send(own));
    expect(ok.doh.state.queries).toHaveLength(0);
    // The other environment's address is denied: production and sandbox never share a route.
    const denied = await setUp(undefined, zone, preset);
    await expectRejected(denied.h, await denied.send(other), "source_ip_denied");
    expect(denied.h.lastLog()?.detail).toContain(`hostname ${host}`);
    expect(denied.h.lastLog()?.detail).not.toMatch(preset === "lean" ? /sandbox/ : /hostname webhooks\.leantech\.me/);
  });

  it("a route's allow replaces the provider default entirely", async () => {
    const a = await setUp({ ips: ["198.51.100.9"] }, {}, "loopwise");
    await expectRejected(a.h, await a.send("52.194.91.27"), "source_ip_denied");
    expect(a.h.lastLog()?.detail).toContain("route allow");
    const b = await setUp({ ips: ["198.51.100.9"] }, {}, "loopwise");
    await expectForwarded(b.h, await b.send("198.51.100.9"));
  });

  it('allow: { ips: ["0.0.0.0/0", "::/0"] } turns a provider default off', async () => {
    for (const ip of ["198.51.100.9", "2001:db8::9", "::ffff:1.1.1.1"]) {
      const s = await setUp({ ips: ["0.0.0.0/0", "::/0"] }, {}, "loopwise");
      await expectForwarded(s.h, await s.send(ip));
    }
  });

  it("no allow and no provider default: no IP check", async () => {
    const { h, send } = await setUp(undefined);
    await expectForwarded(h, await send("198.51.100.200"));
    expect(h.lastLog()).toMatchObject({ sourceList: "none" });
  });

  it("a stored route with a bad allow entry fails closed (503) and names the field", async () => {
    const v = vectorOf("github");
    const { h } = await setUp(undefined);
    await h.putRaw("route:/bad-allow", JSON.stringify({ path: "/bad-allow", provider: "github", secrets: [v.secret], allow: { ips: ["1.2.3.4/99"] } }));
    const res = await h.send("/bad-allow", { body: v.body, headers: v.headers, ip: "1.2.3.4" });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.detail).toContain("allow.ips[0]");
  });
});

describe("report-only routes (enforce: false)", () => {
  async function reportOnly(allow: { ips: string[] } | undefined, preset = "github") {
    const v = vectorOf(preset);
    const { h } = await setUp(undefined, {}, preset);
    const path = await h.putRoute({ provider: preset, secrets: [v.secret], origin: "https://origin.example.com", enforce: false, dedup: false, ...(allow ? { allow } : {}) });
    const send = (ip: string | null) => h.send(path, { body: v.body, headers: { ...v.headers, "X-GitHub-Delivery": crypto.randomUUID() }, ip });
    return { h, send };
  }

  it("a source-IP failure is logged and forwarded marked unverified, with the reason", async () => {
    const { h, send } = await reportOnly({ ips: ["203.0.113.7"] });
    const res = await send("198.51.100.1");
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("false");
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBe("source_ip_denied");
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", verified: false, unverified: ["source_ip_denied"] });
    expect(h.lastLog()?.detail).toContain("198.51.100.1 not in route allow");
  });

  it("a listed source with a good signature is verified", async () => {
    const { h, send } = await reportOnly({ ips: ["203.0.113.7"] });
    expect((await send("203.0.113.7")).status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("true");
  });

  it("a preset default (loopwise) is reported, not enforced, on a report-only route", async () => {
    const { h, send } = await reportOnly(undefined, "loopwise");
    expect((await send("198.51.100.1")).status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBe("source_ip_denied");
  });
});
