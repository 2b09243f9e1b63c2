/**
 * Property-based tests (fast-check) for the source-IP parsers, which read
 * attacker-controlled headers (CF-Connecting-IP), tenant rules and DNS
 * answers: no input throws, and matching agrees with plain integer arithmetic.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clientForms, inAnyRange, inRange, parseAddress, parseRange, rangeText, singleRange } from "../../src/source-ip/address.ts";
import { addressRanges, MAX_TTL_S, DEFAULT_MIN_TTL_S, parseAnswer } from "../../src/source-ip/doh.ts";
import { AllowSchema, hostnameProblem, normalizeHostname } from "../../src/source-ip/schema.ts";

const RUNS = { numRuns: 400 };
const ipish = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:./%x "), maxLength: 50 }),
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: -1, max: 40 })).map(([a, b]) => `${a}/${b}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: -1, max: 140 })).map(([a, b]) => `${a}/${b}`),
  fc.ipV4().map((a) => `::ffff:${a}`),
  fc.anything(),
);

const toInt = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const toText = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
const maskOf = (n: number, bits: number) => (bits === 0 ? 0 : Math.floor(n / 2 ** (32 - bits)) * 2 ** (32 - bits));

describe("addresses and CIDR ranges", () => {
  it("parseAddress, parseRange and hostname checks never throw on any input", () => {
    fc.assert(
      fc.property(ipish, (t) => {
        const a = parseAddress(t);
        if (a) expect(parseAddress(a.toString())?.toNormalizedString()).toBe(a.toNormalizedString());
        const r = parseRange(t);
        if (r.ok) expect(parseRange(rangeText(r.range)).ok).toBe(true);
        else expect(r.problem.length).toBeLessThan(300);
        if (typeof t === "string") {
          hostnameProblem(t);
          normalizeHostname(t);
        }
      }),
      RUNS,
    );
  });
  it("IPv4 matching agrees with integer arithmetic, in both the IPv4 and the IPv4-mapped IPv6 spelling", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (net, client, bits) => {
        const network = toText(maskOf(toInt(net), bits));
        const r = parseRange(`${network}/${bits}`);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const expected = maskOf(toInt(client), bits) === maskOf(toInt(net), bits);
        expect(inRange(clientForms(parseAddress(client)!), r.range)).toBe(expected);
        expect(inRange(clientForms(parseAddress(`::ffff:${client}`)!), r.range)).toBe(expected);
      }),
      RUNS,
    );
  });
  it("a range with host bits set is refused; an address is always in its own single range", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 31 }), (a, bits) => {
        const n = toInt(a);
        const r = parseRange(`${a}/${bits}`);
        expect(r.ok).toBe(maskOf(n, bits) === n);
        const addr = parseAddress(a)!;
        expect(inAnyRange(clientForms(addr), [singleRange(addr)])).toBe(true);
      }),
      RUNS,
    );
  });
  it("allow lists of any shape validate or fail, never throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ ips: fc.array(ipish.filter((x) => typeof x === "string"), { maxLength: 5 }), hostnames: fc.array(fc.domain(), { maxLength: 3 }) }, { requiredKeys: [] })), (v) => {
        expect(typeof AllowSchema.safeParse(v).success).toBe("boolean");
      }),
      RUNS,
    );
  });
});

describe("DoH answers", () => {
  const name = fc.constantFrom("hooks.example.com", "hooks.example.com.", "HOOKS.example.com", "cdn.example.net", "other.example.org");
  const record = fc.record(
    {
      name: fc.oneof(name, fc.string({ maxLength: 20 }), fc.jsonValue()),
      type: fc.oneof(fc.constantFrom(1, 5, 28, 16), fc.jsonValue()),
      TTL: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double(), fc.jsonValue()),
      data: fc.oneof(fc.ipV4(), fc.ipV6(), name, fc.string({ maxLength: 20 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  const answer = fc.oneof(
    fc.jsonValue(),
    fc.record({ Status: fc.oneof(fc.constantFrom(0, 2, 3, 5), fc.jsonValue()), TC: fc.option(fc.boolean()), Answer: fc.oneof(fc.array(record, { maxLength: 12 }), fc.jsonValue()) }, { requiredKeys: [] }),
  );
  it("any JSON answer gives addresses or a failure, never throws; TTL stays clamped", () => {
    fc.assert(
      fc.property(answer, name, fc.constantFrom(1 as const, 28 as const), (json, host, qtype) => {
        const r = parseAnswer(json, host, qtype);
        if (!r.ok) return;
        expect(r.value.ttl).toBeGreaterThanOrEqual(DEFAULT_MIN_TTL_S);
        expect(r.value.ttl).toBeLessThanOrEqual(MAX_TTL_S);
        for (const a of r.value.addresses) {
          const parsed = parseAddress(a);
          expect(parsed?.kind()).toBe(qtype === 1 ? "ipv4" : "ipv6");
          // Soundness: every address came from a record of the asked type in the answer.
          const answers = (json as { Answer?: unknown[] }).Answer ?? [];
          expect(answers.some((rec) => (rec as { type?: unknown }).type === qtype && parseAddress((rec as { data?: unknown }).data)?.toString() === a)).toBe(true);
        }
      }),
      RUNS,
    );
  });
  it("with a configured minimum TTL, any answer's TTL stays within [minimum, MAX_TTL_S]", () => {
    fc.assert(
      fc.property(answer, name, fc.constantFrom(1 as const, 28 as const), fc.integer({ min: 1, max: MAX_TTL_S }), (json, host, qtype, min) => {
        const r = parseAnswer(json, host, qtype, min);
        if (!r.ok) return;
        expect(r.value.ttl).toBeGreaterThanOrEqual(min);
        expect(r.value.ttl).toBeLessThanOrEqual(MAX_TTL_S);
        expect(Number.isInteger(r.value.ttl)).toBe(true);
      }),
      RUNS,
    );
  });
  it("addressRanges of any list never throws and keeps only addresses", () => {
    fc.assert(
      fc.property(fc.array(ipish, { maxLength: 10 }), (list) => {
        for (const r of addressRanges(list)) expect(r.bits === 32 || r.bits === 128).toBe(true);
      }),
      RUNS,
    );
  });
});
