/** DOH_URL and DNS_MIN_TTL_SECONDS as the Worker reads them (src/source-ip/settings.ts). */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dnsSettings, parseMinTtl } from "../../src/source-ip/settings.ts";
import { reportOnce } from "../../src/log.ts";
import { DEFAULT_DOH_URL } from "../../src/source-ip/doh.ts";
import { refreshAllowLists } from "../../src/source-ip/refresh.ts";
import type { Env } from "../../src/env.ts";
import { dohStub } from "./doh-stub.ts";

describe("DNS_MIN_TTL_SECONDS", () => {
  it("absent or empty: the default 30 s, no problem", () => {
    expect(parseMinTtl(undefined)).toEqual({ seconds: 30 });
    expect(parseMinTtl("")).toEqual({ seconds: 30 });
  });

  it.each([["2", 2], ["1", 1], ["30", 30], [" 45 ", 45], ["3600", 3600], [5, 5]] as const)("%j → %i", (raw, seconds) => {
    expect(parseMinTtl(raw)).toEqual({ seconds });
  });

  it.each(["0", "-1", "2.5", "2s", "abc", "3601", "1e2", "0x10", "99999999999", 0, 2.5, Number.NaN])("%j is refused: the default, with a clear problem", (raw) => {
    const r = parseMinTtl(raw);
    expect(r.seconds).toBe(30);
    expect(r.problem).toMatch(/^DNS_MIN_TTL_SECONDS=.* is not a whole number of seconds from 1 to 3600; using the default 30$/);
  });

  it("a long bad value is shown truncated", () => {
    expect(parseMinTtl("x".repeat(500)).problem!.length).toBeLessThan(150);
  });
});

describe("dnsSettings", () => {
  it("reads DOH_URL (default Cloudflare's) and the minimum TTL", () => {
    expect(dnsSettings({})).toEqual({ url: DEFAULT_DOH_URL, minTtlS: 30, lkgMaxAgeS: 86_400 });
    expect(dnsSettings({ DOH_URL: "http://127.0.0.1:1/dns-query", DNS_MIN_TTL_SECONDS: "2" })).toEqual({ url: "http://127.0.0.1:1/dns-query", minTtlS: 2, lkgMaxAgeS: 86_400 });
    expect(dnsSettings({ DNS_MIN_TTL_SECONDS: "zero" })).toMatchObject({ minTtlS: 30, problem: expect.stringContaining('"zero"') });
  });

  it("reportOnce writes a problem once per isolate", () => {
    const lines: string[] = [];
    reportOnce("settings-test problem", (l) => lines.push(l));
    reportOnce("settings-test problem", (l) => lines.push(l));
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ level: "warn", msg: "hookgate.config", detail: "settings-test problem" }]);
  });

  it("the Cron refresh reports a bad value in its own log", async () => {
    const logs: Record<string, unknown>[] = [];
    const doh = dohStub({});
    await refreshAllowLists({ ...(env as unknown as Env), DNS_MIN_TTL_SECONDS: "-5" }, { now: () => Date.now(), resolverFetch: doh.fetch, log: (l) => logs.push(l) });
    expect(logs).toContainEqual({ level: "warn", msg: "hookgate.config", detail: 'DNS_MIN_TTL_SECONDS="-5" is not a whole number of seconds from 1 to 3600; using the default 30' });
    expect(logs.at(-1)).toMatchObject({ msg: "hookgate.dns_refresh" });
  });
});
