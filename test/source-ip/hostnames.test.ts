/**
 * Hostname allow lists through the whole pipeline, with a DoH stub whose
 * answers change, that goes down, times out and answers garbage. Memory cache
 * honours TTL; the STATE KV keeps a last-known-good copy; with none known the
 * request is rejected (fail closed). Every rejection reaches no origin.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { clearDnsMemory, dnsKey } from "../../src/source-ip/dns-cache.ts";
import { expectForwarded, expectRejected, github, setUp, uniqueHost } from "./helpers.ts";

/** A stored copy within DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS (24 h) of the requests' clock (lkg-max-age.test.ts covers older ones). */
const RECENT = github.nowMs - 3_600_000;

describe("hostname allow list", () => {
  it("allows the addresses a hostname resolves to (A and AAAA), and only those", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.10"], AAAA: ["2001:db8::10"] } });
    await expectForwarded(s.h, await s.send("192.0.2.10"));
    expect(s.h.lastLog()?.sourceList).toBe(`hostname ${host} (fresh, 2 addresses)`);
    s.h.received.length = 0;
    await expectForwarded(s.h, await s.send("2001:db8::10"));
    expect(s.h.lastLog()?.sourceList).toContain("cached");
    s.h.received.length = 0;
    await expectRejected(s.h, await s.send("192.0.2.11"), "source_ip_denied");
    expect(s.h.lastLog()?.detail).toBe(`192.0.2.11 not in route allow; consulted hostname ${host} (cached, 2 addresses)`);
    // DoH went through resolverFetch only; the origin saw nothing but the forwarded webhooks.
    expect(s.doh.state.queries.map((q) => `${q.name} ${q.type}`).sort()).toEqual([`${host} A`, `${host} AAAA`]);
  });

  it("follows CNAME chains", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { CNAME: "edge.cdn.example" }, "edge.cdn.example": { CNAME: "lb.cdn.example" }, "lb.cdn.example": { A: ["192.0.2.77"] } });
    await expectForwarded(s.h, await s.send("192.0.2.77"));
  });

  it("mapped IPv6 clients match A records", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.10"] } });
    await expectForwarded(s.h, await s.send("::ffff:192.0.2.10"));
  });

  it("static entries and hostnames combine", async () => {
    const host = uniqueHost();
    const s = await setUp({ ips: ["198.51.100.0/24"], hostnames: [host] }, { [host]: { A: ["192.0.2.10"] } });
    await expectForwarded(s.h, await s.send("192.0.2.10"));
    await expectRejected(s.h, await s.send("192.0.2.99").then((r) => { s.h.received.length = 0; return r; }), "source_ip_denied");
    expect(s.h.lastLog()?.detail).toMatch(/consulted static \(1 entries\), hostname /);
  });

  it("honours the TTL: a changed answer is used only after expiry", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 60 } });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.h.received.length = 0;
    s.doh.state.zone = { [host]: { A: ["192.0.2.2"], ttl: 60 } };
    s.h.clock.nowMs += 59_000;
    await expectForwarded(s.h, await s.send("192.0.2.1")); // still cached
    s.h.received.length = 0;
    expect(s.doh.state.queries).toHaveLength(2);
    s.h.clock.nowMs += 2_000;
    await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_denied");
    await expectForwarded(s.h, await s.send("192.0.2.2"));
    expect(s.doh.state.queries).toHaveLength(4);
  });

  it("keeps a short answer for the default 30 s minimum TTL", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 1 } });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.h.clock.nowMs += 29_000;
    await s.send("192.0.2.1");
    expect(s.doh.state.queries).toHaveLength(2); // still cached
    s.h.clock.nowMs += 2_000;
    await s.send("192.0.2.1");
    expect(s.doh.state.queries).toHaveLength(4);
  });

  it("DNS_MIN_TTL_SECONDS sets the minimum: a short answer is re-asked after 2 s, and a failing resolver retried after 2 s", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 1 } }, "github", { DNS_MIN_TTL_SECONDS: "2" });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.h.received.length = 0;
    s.h.clock.nowMs += 1_500;
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    expect(s.h.lastLog()?.sourceList).toContain("cached");
    expect(s.doh.state.queries).toHaveLength(2);
    s.h.received.length = 0;
    s.doh.state.zone = { [host]: { A: ["192.0.2.2"], ttl: 1 } };
    s.h.clock.nowMs += 1_000;
    await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_denied");
    await expectForwarded(s.h, await s.send("192.0.2.2"));
    expect(s.doh.state.queries).toHaveLength(4);
    // Resolver down: last-known-good, and the resolver is asked again only after the 2 s minimum.
    s.h.received.length = 0;
    s.doh.state.mode = "down";
    s.h.clock.nowMs += 3_000;
    await expectForwarded(s.h, await s.send("192.0.2.2"));
    expect(s.h.lastLog()?.sourceList).toMatch(/last-known-good/);
    expect(s.doh.state.queries).toHaveLength(6);
    s.h.received.length = 0;
    s.h.clock.nowMs += 1_000;
    await expectForwarded(s.h, await s.send("192.0.2.2"));
    expect(s.doh.state.queries).toHaveLength(6);
    s.h.received.length = 0;
    s.h.clock.nowMs += 1_500;
    await expectForwarded(s.h, await s.send("192.0.2.2"));
    expect(s.doh.state.queries).toHaveLength(8);
  });

  it("a bad DNS_MIN_TTL_SECONDS falls back to 30 s and is reported once in a hookgate.config warn line", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const host = uniqueHost();
      const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 1 } }, "github", { DNS_MIN_TTL_SECONDS: "2s" });
      await expectForwarded(s.h, await s.send("192.0.2.1"));
      s.h.clock.nowMs += 29_000;
      await s.send("192.0.2.1");
      expect(s.doh.state.queries).toHaveLength(2); // cached for the default 30 s, not 2
      const lines = warn.mock.calls.map(([l]) => JSON.parse(String(l))).filter((l) => l.msg === "hookgate.config");
      expect(lines).toEqual([{ level: "warn", msg: "hookgate.config", detail: 'DNS_MIN_TTL_SECONDS="2s" is not a whole number of seconds from 1 to 3600; using the default 30' }]);
    } finally {
      warn.mockRestore();
    }
  });

  it("writes the last-known-good copy to STATE under dns:<hostname>", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.5"], AAAA: ["2001:db8::5"] } });
    await expectForwarded(s.h, await s.send("192.0.2.5"));
    expect(await env.STATE.get(dnsKey(host), "json")).toEqual({ addresses: ["192.0.2.5", "2001:db8::5"], resolvedAtMs: s.h.clock.nowMs });
  });

  describe.each([
    ["down", "resolver unreachable"],
    ["garbage", "not JSON"],
    ["servfail", "SERVFAIL"],
    ["http500", "HTTP 500"],
  ] as const)("resolver %s", (mode, why) => {
    it("uses the last-known-good addresses (memory, after TTL expiry)", async () => {
      const host = uniqueHost();
      const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 60 } });
      await expectForwarded(s.h, await s.send("192.0.2.1"));
      s.h.received.length = 0;
      s.doh.state.mode = mode;
      s.h.clock.nowMs += 120_000;
      await expectForwarded(s.h, await s.send("192.0.2.1"));
      expect(s.h.lastLog()?.sourceList).toMatch(new RegExp(`last-known-good from 120 s ago, 1 addresses; resolver: A: .*${why}`));
      s.h.received.length = 0;
      await expectRejected(s.h, await s.send("192.0.2.2"), "source_ip_denied");
    });

    it("uses the last-known-good copy in KV in a fresh isolate", async () => {
      const host = uniqueHost();
      await env.STATE.put(dnsKey(host), JSON.stringify({ addresses: ["192.0.2.33"], resolvedAtMs: RECENT }));
      clearDnsMemory();
      const s = await setUp({ hostnames: [host] }, {});
      s.doh.state.mode = mode;
      await expectForwarded(s.h, await s.send("192.0.2.33"));
      expect(s.h.lastLog()?.sourceList).toContain("last-known-good");
      s.h.received.length = 0;
      await expectRejected(s.h, await s.send("192.0.2.34"), "source_ip_denied");
    });

    it("fails closed when nothing is known, with a precise log line", async () => {
      const host = uniqueHost();
      const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"] } });
      s.doh.state.mode = mode;
      await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_unresolved");
      expect(s.h.lastLog()?.detail).toMatch(new RegExp(`^192\\.0\\.2\\.1 not allowed by route allow; consulted hostname ${host.replace(/\./g, "\\.")} \\(unresolved: A: .*${why}.*; no last-known-good addresses\\)$`));
    });
  });

  it("resolver timing out: last-known-good from KV, else fail closed", { timeout: 15_000 }, async () => {
    const known = uniqueHost();
    const unknown = uniqueHost();
    await env.STATE.put(dnsKey(known), JSON.stringify({ addresses: ["192.0.2.44"], resolvedAtMs: RECENT }));
    const s = await setUp({ hostnames: [known, unknown] }, {});
    s.doh.state.mode = "hang";
    const started = Date.now();
    await expectForwarded(s.h, await s.send("192.0.2.44"));
    expect(Date.now() - started).toBeLessThan(5_000);
    s.h.received.length = 0;
    await expectRejected(s.h, await s.send("192.0.2.45"), "source_ip_unresolved");
    expect(s.h.lastLog()?.detail).toMatch(/timed out after 2000 ms; no last-known-good/);
  });

  it("an empty answer (NXDOMAIN) allows nobody and does not erase the last-known-good copy", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.8"], ttl: 30 } });
    await expectForwarded(s.h, await s.send("192.0.2.8"));
    s.h.received.length = 0;
    s.doh.state.zone = {};
    s.h.clock.nowMs += 31_000;
    await expectRejected(s.h, await s.send("192.0.2.8"), "source_ip_denied");
    expect(await env.STATE.get(dnsKey(host), "json")).toMatchObject({ addresses: ["192.0.2.8"] });
  });

  it("junk in the stored copy never widens the list", async () => {
    const host = uniqueHost();
    await env.STATE.put(dnsKey(host), JSON.stringify({ addresses: ["0.0.0.0/0", "not-an-ip", 7, "192.0.2.61"], resolvedAtMs: RECENT }));
    const s = await setUp({ hostnames: [host] }, {});
    s.doh.state.mode = "down";
    await expectRejected(s.h, await s.send("192.0.2.62"), "source_ip_denied");
    await expectForwarded(s.h, await s.send("192.0.2.61"));
  });

  it("a stored copy that is not JSON counts as none", async () => {
    const host = uniqueHost();
    await env.STATE.put(dnsKey(host), "{{{");
    const s = await setUp({ hostnames: [host] }, {});
    s.doh.state.mode = "garbage";
    await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_unresolved");
  });
});
