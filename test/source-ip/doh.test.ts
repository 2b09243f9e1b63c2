/** The DoH JSON client: CNAME chains, only the chain's records, failures as values, timeouts. */
import { describe, expect, it } from "vitest";
import { MAX_TTL_S, DEFAULT_MIN_TTL_S, parseAnswer, resolveHostname } from "../../src/source-ip/doh.ts";
import { dohStub } from "./doh-stub.ts";

const A = 1;
const AAAA = 28;
const rec = (name: string, type: number, data: string, TTL = 300) => ({ name, type, TTL, data });

describe("parseAnswer", () => {
  it("follows a CNAME chain and keeps the shortest TTL on it", () => {
    const r = parseAnswer(
      {
        Status: 0,
        Answer: [
          rec("webhooks.leantech.me.", 5, "edge.lean.example.", 600),
          rec("edge.lean.example.", 5, "lb.cdn.example.", 120),
          rec("lb.cdn.example.", A, "193.123.78.188", 300),
          rec("lb.cdn.example.", A, "193.123.78.189", 300),
        ],
      },
      "webhooks.leantech.me",
      A,
    );
    expect(r).toEqual({ ok: true, value: { addresses: ["193.123.78.188", "193.123.78.189"], ttl: 120 } });
  });

  it("ignores records whose owner is not on the chain (an answer never widens the list)", () => {
    const r = parseAnswer(
      {
        Status: 0,
        Answer: [rec("a.example.", A, "192.0.2.1"), rec("evil.example.", A, "198.51.100.66"), rec("a.example.", AAAA, "2001:db8::1"), rec("a.example.", 16, "txt")],
      },
      "A.Example.",
      A,
    );
    expect(r).toEqual({ ok: true, value: { addresses: ["192.0.2.1"], ttl: 300 } });
  });

  it("clamps TTLs (default minimum: 30 s)", () => {
    expect(DEFAULT_MIN_TTL_S).toBe(30);
    expect(parseAnswer({ Status: 0, Answer: [rec("a.example", A, "192.0.2.1", 1)] }, "a.example", A)).toMatchObject({ value: { ttl: DEFAULT_MIN_TTL_S } });
    expect(parseAnswer({ Status: 0, Answer: [rec("a.example", A, "192.0.2.1", 999_999)] }, "a.example", A)).toMatchObject({ value: { ttl: MAX_TTL_S } });
  });

  it("clamps TTLs to a configured minimum (DNS_MIN_TTL_SECONDS)", () => {
    const one = (ttl: number, min: number) => parseAnswer({ Status: 0, Answer: [rec("a.example", A, "192.0.2.1", ttl)] }, "a.example", A, min);
    expect(one(1, 2)).toMatchObject({ value: { ttl: 2 } });
    expect(one(7, 2)).toMatchObject({ value: { ttl: 7 } });
    expect(one(7, 60)).toMatchObject({ value: { ttl: 60 } });
    expect(one(999_999, 2)).toMatchObject({ value: { ttl: MAX_TTL_S } });
    expect(parseAnswer({ Status: 3 }, "a.example", A, 2)).toEqual({ ok: true, value: { addresses: [], ttl: 2 } });
    expect(parseAnswer({ Status: 0, Answer: [{ name: "a.example", type: A, data: "192.0.2.1" }] }, "a.example", A, 2)).toMatchObject({ value: { ttl: 2 } });
  });

  it("NXDOMAIN and NOERROR without records are answers with no addresses", () => {
    expect(parseAnswer({ Status: 3 }, "a.example", A)).toEqual({ ok: true, value: { addresses: [], ttl: DEFAULT_MIN_TTL_S } });
    expect(parseAnswer({ Status: 0 }, "a.example", A)).toEqual({ ok: true, value: { addresses: [], ttl: DEFAULT_MIN_TTL_S } });
  });

  it.each([
    ["SERVFAIL", { Status: 2 }, /SERVFAIL/],
    ["REFUSED", { Status: 5 }, /rcode 5/],
    ["truncated", { Status: 0, TC: true }, /truncated/],
    ["no Status", { Answer: [] }, /Status/],
    ["Answer not an array", { Status: 0, Answer: {} }, /array/],
    ["record without data", { Status: 0, Answer: [{ name: "a.example", type: 1 }] }, /record/],
    ["A data not an IPv4 address", { Status: 0, Answer: [rec("a.example", A, "2001:db8::1")] }, /not an address/],
    ["A data junk", { Status: 0, Answer: [rec("a.example", A, "192.0.2.999")] }, /not an address/],
    ["CNAME loop", { Status: 0, Answer: [rec("a.example", 5, "b.example"), rec("b.example", 5, "a.example")] }, /loop/],
    ["an array", [], /object/],
    ["a string", "hello", /object/],
  ])("fails on %s", (_, json, detail) => {
    expect(parseAnswer(json, "a.example", A)).toEqual({ ok: false, detail: expect.stringMatching(detail) });
  });
});

describe("resolveHostname", () => {
  const url = "https://doh.test/dns-query";

  it("asks A and AAAA with the DoH JSON accept header and merges them", async () => {
    const stub = dohStub({ "a.example": { A: ["192.0.2.1"], AAAA: ["2001:db8::1"], ttl: 60 } });
    const r = await resolveHostname("a.example", { fetch: stub.fetch, url });
    expect(r).toEqual({ ok: true, value: { addresses: ["192.0.2.1", "2001:db8::1"], ttl: 60 } });
    expect(stub.state.queries.map((q) => q.type).sort()).toEqual(["A", "AAAA"]);
    expect(stub.state.queries.every((q) => q.accept === "application/dns-json" && q.name === "a.example")).toBe(true);
  });

  it.each([
    ["down", /unreachable/],
    ["garbage", /not JSON/],
    ["servfail", /SERVFAIL/],
    ["http500", /HTTP 500/],
  ] as const)("fails when the resolver is %s", async (mode, detail) => {
    const stub = dohStub({ "a.example": { A: ["192.0.2.1"] } });
    stub.state.mode = mode;
    expect(await resolveHostname("a.example", { fetch: stub.fetch, url })).toEqual({ ok: false, detail: expect.stringMatching(detail) });
  });

  it("times out", async () => {
    const stub = dohStub();
    stub.state.mode = "hang";
    const started = Date.now();
    const r = await resolveHostname("a.example", { fetch: stub.fetch, url, timeoutMs: 150 });
    expect(r).toEqual({ ok: false, detail: expect.stringMatching(/timed out after 150 ms/) });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("times out even when the fetch ignores the abort signal", async () => {
    const never = (() => new Promise<Response>(() => {})) as typeof fetch;
    expect(await resolveHostname("a.example", { fetch: never, url, timeoutMs: 100 })).toMatchObject({ ok: false });
  });

  it("a bad DOH_URL is a failure, not an exception", async () => {
    const stub = dohStub();
    expect(await resolveHostname("a.example", { fetch: stub.fetch, url: "not a url" })).toEqual({ ok: false, detail: expect.stringMatching(/DOH_URL/) });
    expect(await resolveHostname("a.example", { fetch: stub.fetch, url: "ftp://x" })).toMatchObject({ ok: false });
    expect(stub.state.queries).toHaveLength(0);
  });
});

describe("resolveHostname TTL", () => {
  it("a type with no records does not shorten the other's TTL; both present → the shorter", async () => {
    const url = "https://doh.test/dns-query";
    const onlyA = dohStub({ "a.example": { A: ["192.0.2.1"], ttl: 600 } });
    expect(await resolveHostname("a.example", { fetch: onlyA.fetch, url })).toEqual({ ok: true, value: { addresses: ["192.0.2.1"], ttl: 600 } });
    const none = dohStub({});
    expect(await resolveHostname("a.example", { fetch: none.fetch, url })).toEqual({ ok: true, value: { addresses: [], ttl: DEFAULT_MIN_TTL_S } });
  });

  it("uses the configured minimum TTL (minTtlS) for short answers and empty ones", async () => {
    const url = "https://doh.test/dns-query";
    const short = dohStub({ "a.example": { A: ["192.0.2.1"], AAAA: ["2001:db8::1"], ttl: 1 } });
    expect(await resolveHostname("a.example", { fetch: short.fetch, url, minTtlS: 2 })).toEqual({ ok: true, value: { addresses: ["192.0.2.1", "2001:db8::1"], ttl: 2 } });
    expect(await resolveHostname("a.example", { fetch: short.fetch, url })).toMatchObject({ value: { ttl: DEFAULT_MIN_TTL_S } });
    const none = dohStub({});
    expect(await resolveHostname("a.example", { fetch: none.fetch, url, minTtlS: 5 })).toEqual({ ok: true, value: { addresses: [], ttl: 5 } });
  });
});
