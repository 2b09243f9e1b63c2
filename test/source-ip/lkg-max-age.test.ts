/**
 * Issue 12, defect 8: last-known-good DNS answers have a maximum age
 * (DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS, default 24 h). While the resolver keeps
 * failing, a hostname is allowed from its last-known-good addresses only until
 * they are that old; then it fails closed, with a warn line.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { clearDnsMemory, dnsKey } from "../../src/source-ip/dns-cache.ts";
import { DEFAULT_LKG_MAX_AGE_S, parseLkgMaxAge } from "../../src/source-ip/settings.ts";
import { expectForwarded, expectRejected, github, setUp, uniqueHost } from "./helpers.ts";

const HOUR = 3_600_000;
let warn: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());
const warnLines = () => warn.mock.calls.map(([l]) => JSON.parse(String(l)) as Record<string, unknown>);

describe("last-known-good maximum age", () => {
  it("default 24 h: memory copy used until then, after that the hostname fails closed with a warn line", async () => {
    expect(DEFAULT_LKG_MAX_AGE_S).toBe(86_400);
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 60 } });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.doh.state.mode = "down";
    s.h.received.length = 0;
    s.h.clock.nowMs += 24 * HOUR - 60_000;
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    expect(s.h.lastLog()?.sourceList).toMatch(/last-known-good/);
    s.h.received.length = 0;
    s.h.clock.nowMs += 61_000; // 24 h + 1 s since the last answer
    await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_unresolved");
    expect(s.h.lastLog()?.detail).toMatch(/last-known-good addresses are 86401 s old, over the maximum 86400 s \(DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS\)/);
    expect(warnLines()).toContainEqual(expect.objectContaining({ level: "warn", msg: "hookgate.dns_stale", hostname: host }));
  });

  it("a KV copy older than the maximum is not used in a fresh isolate", async () => {
    const host = uniqueHost();
    await env.STATE.put(dnsKey(host), JSON.stringify({ addresses: ["192.0.2.44"], resolvedAtMs: github.nowMs - 25 * HOUR }));
    clearDnsMemory();
    const s = await setUp({ hostnames: [host] }, {});
    s.doh.state.mode = "down";
    await expectRejected(s.h, await s.send("192.0.2.44"), "source_ip_unresolved");
    expect(s.h.lastLog()?.detail).toMatch(/last-known-good addresses are 90000 s old/);
  });

  it("DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS sets the maximum; a fresh answer starts the clock again", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"], ttl: 60 } }, "github", { DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS: "600" });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.doh.state.mode = "down";
    s.h.received.length = 0;
    s.h.clock.nowMs += 590_000;
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    s.h.received.length = 0;
    s.h.clock.nowMs += 11_000; // inside the 30 s retry pause of the memory copy: its age still counts
    await expectRejected(s.h, await s.send("192.0.2.1"), "source_ip_unresolved");
    s.doh.state.mode = "ok";
    s.h.clock.nowMs += 30_000;
    await expectForwarded(s.h, await s.send("192.0.2.1"));
  });
});

describe("DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS", () => {
  it("absent or empty: 24 h", () => {
    expect(parseLkgMaxAge(undefined)).toEqual({ seconds: 86_400 });
    expect(parseLkgMaxAge("")).toEqual({ seconds: 86_400 });
  });
  it.each([["60", 60], ["3600", 3600], [" 172800 ", 172_800], ["2592000", 2_592_000]] as const)("%j → %i", (raw, seconds) => {
    expect(parseLkgMaxAge(raw)).toEqual({ seconds });
  });
  it.each(["0", "59", "-1", "1.5", "24h", "2592001", "abc", 0])("%j is refused: the default 24 h, with a clear problem", (raw) => {
    const r = parseLkgMaxAge(raw);
    expect(r.seconds).toBe(86_400);
    expect(r.problem).toMatch(/^DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS=.* is not a whole number of seconds from 60 to 2592000; using the default 86400$/);
  });
  it("a bad value falls back to 24 h and is reported in a hookgate.config warn line", async () => {
    const host = uniqueHost();
    const s = await setUp({ hostnames: [host] }, { [host]: { A: ["192.0.2.1"] } }, "github", { DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS: "one day" });
    await expectForwarded(s.h, await s.send("192.0.2.1"));
    expect(warnLines()).toContainEqual({
      level: "warn",
      msg: "hookgate.config",
      detail: 'DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS="one day" is not a whole number of seconds from 60 to 2592000; using the default 86400',
    });
  });
});
