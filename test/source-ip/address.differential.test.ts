/**
 * src/source-ip/address.ts is hand-written (for bundle size) where it used ipaddr.js 2.5. This
 * differential test runs the previous implementation (ipaddr.js, copied below as it was) and the
 * current one on generated inputs and requires the same answers: what parses and to which address,
 * its text (what allow lists, logs and the admin view show), range parsing with its messages, and
 * CIDR matching in both spellings of a client address.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { clientForms, inRange, parseAddress, parseRange, rangeText, singleRange } from "../../src/source-ip/address.ts";

/** The previous src/source-ip/address.ts, on ipaddr.js (the reference). */
namespace Before {
  type Address = ipaddr.IPv4 | ipaddr.IPv6;
  type Range = { kind: "ipv4"; network: ipaddr.IPv4; bits: number } | { kind: "ipv6"; network: ipaddr.IPv6; bits: number };
  const MAX_TEXT = 64;
  const DOTTED_QUAD = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;
  const isFourPartDecimal = (s: string) => DOTTED_QUAD.test(s) && ipaddr.IPv4.isValidFourPartDecimal(s);
  export function parseAddress(text: unknown): Address | undefined {
    if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT) return undefined;
    try {
      if (isFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
      if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
      if (text.includes(".") && !isFourPartDecimal(text.slice(text.lastIndexOf(":") + 1))) return undefined;
      return ipaddr.IPv6.parse(text);
    } catch {
      return undefined;
    }
  }
  export function parseRange(text: unknown): { ok: true; range: Range } | { ok: false; problem: string } {
    if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT + 4) return { ok: false, problem: "must be an IP address or CIDR range" };
    const slash = text.indexOf("/");
    const addr = parseAddress(slash < 0 ? text : text.slice(0, slash));
    if (!addr) return { ok: false, problem: `"${clip(text)}" is not an IP address or CIDR range (e.g. 203.0.113.7, 52.206.68.0/24, 2001:db8::/32)` };
    const max = addr.kind() === "ipv4" ? 32 : 128;
    let bits = max;
    if (slash >= 0) {
      const bitsText = text.slice(slash + 1);
      if (!/^(0|[1-9][0-9]{0,2})$/.test(bitsText) || Number(bitsText) > max) return { ok: false, problem: `"${clip(text)}": the prefix length must be a whole number from 0 to ${max}` };
      bits = Number(bitsText);
    }
    const bytes = addr.toByteArray();
    for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! & ((0xff << (8 - Math.max(0, Math.min(8, bits - i * 8)))) & 0xff);
    const network = ipaddr.fromByteArray(bytes);
    if (network.toNormalizedString() !== addr.toNormalizedString()) return { ok: false, problem: `"${clip(text)}" has bits set after the /${bits} prefix; write ${network.toString()}/${bits}` };
    return { ok: true, range: addr.kind() === "ipv4" ? { kind: "ipv4", network: addr as ipaddr.IPv4, bits } : { kind: "ipv6", network: addr as ipaddr.IPv6, bits } };
  }
  export function clientForms(addr: Address): { v4: ipaddr.IPv4 | undefined; v6: ipaddr.IPv6 } {
    if (addr.kind() === "ipv4") return { v4: addr as ipaddr.IPv4, v6: (addr as ipaddr.IPv4).toIPv4MappedAddress() };
    const v6 = addr as ipaddr.IPv6;
    return { v4: v6.isIPv4MappedAddress() ? v6.toIPv4Address() : undefined, v6 };
  }
  export function inRange(client: ReturnType<typeof clientForms>, range: Range): boolean {
    if (range.kind === "ipv4") return client.v4 !== undefined && client.v4.match(range.network, range.bits);
    return client.v6.match(range.network, range.bits);
  }
  export function rangeText(r: Range): string {
    return r.bits === (r.kind === "ipv4" ? 32 : 128) ? r.network.toString() : `${r.network.toString()}/${r.bits}`;
  }
  const clip = (s: string) => (s.length > 48 ? `${s.slice(0, 45)}...` : s);
}

const RUNS = { numRuns: 3000 };
const hexDigit = fc.constantFrom(..."0123456789abcdefABCDEF");
/** Mostly a valid group (1-4 hex digits, often 0), sometimes an empty or a five-digit one. */
const hexGroup = fc.oneof(
  { arbitrary: fc.string({ unit: hexDigit, minLength: 1, maxLength: 4 }), weight: 6 },
  { arbitrary: fc.constantFrom("0", "00", "0000"), weight: 3 },
  { arbitrary: fc.string({ unit: hexDigit, minLength: 0, maxLength: 5 }), weight: 1 },
);
const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom("256", "00", "01", "010", "999", "", "0x1"));
const v4ish = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
/** IPv6-like text: up to 9 groups, `::` anywhere (or twice), an optional dotted tail, the odd stray character. */
const v6ish = fc
  .tuple(fc.array(hexGroup, { maxLength: 9 }), fc.integer({ min: -1, max: 9 }), fc.integer({ min: -1, max: 9 }), fc.option(v4ish), fc.option(fc.constantFrom(":", "::", ".", "%eth0", " ", "/")))
  .map(([groups, gap, gap2, tail, stray]) => {
    const g = [...groups];
    if (gap >= 0 && gap <= g.length) g.splice(gap, 0, "");
    if (gap2 >= 0 && gap2 <= g.length && gap2 !== gap) g.splice(gap2, 0, "");
    let s = g.join(":");
    if (s.startsWith(":") && !s.startsWith("::")) s = `:${s}`;
    if (s.endsWith(":") && !s.endsWith("::")) s = `${s}:`;
    if (tail !== null) s = `${s}${s === "" || s.endsWith(":") ? "" : ":"}${tail}`;
    return stray === null ? s : `${s}${stray}`;
  });
/** Known edge cases of the IPv6 text form (every `::` position, group counts around 8 and 6, dotted tails). */
const EDGES = [
  "::", ":::", "::0", "0::", "::1", "1::", "1::2::3", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7",
  "1::2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1:::2", "12345::", "0000::", "00000::",
  "::1.2.3.4", "::ffff:1.2.3.4", "::FFFF:1.2.3.4", "0::1.2.3.4", "1::1.2.3.4", ":::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5::1.2.3.4", "1:2:3:4:5:6::1.2.3.4",
  "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::256.2.3.4", "1.2.3.4::", "1.2.3.4:1::", "::ffff:1.2.3.4:1", "fe80::1%eth0", "::ffff:0:0", "::ffff:0.0.0.0",
  "0:0:0:0:0:ffff:102:304", "1:0:0:1:0:0:0:1", "1:0:0:1:0:0:1:0", "0:0:1:0:0:1:0:0", "1:0:1:0:1:0:1:0", "0:1:0:0:0:0:0:0",
];
const anyIp = fc.oneof(
  fc.constantFrom(...EDGES),
  v6ish,
  v6ish,
  v4ish,
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.ipV4().map((a) => `::ffff:${a}`),
  fc.ipV4().map((a) => `::${a}`),
  fc.ipV4().map((a) => `::FFFF:${a}`),
  fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:./%x "), maxLength: 50 }),
  fc.anything(),
);

const text = (a: { toString(): string } | undefined) => a?.toString();
/** A message naming the input (String() throws on some generated objects). */
const label = (t: unknown) => (typeof t === "string" ? t : typeof t);

describe("address.ts answers as ipaddr.js did (differential, generated inputs)", () => {
  it("parseAddress: the same inputs parse, to the same kind, bytes and text", () => {
    let parsed = 0;
    fc.assert(
      fc.property(anyIp, (t) => {
        const before = Before.parseAddress(t);
        const now = parseAddress(t);
        expect(now === undefined, label(t)).toBe(before === undefined);
        if (!before || !now) return;
        parsed++;
        expect(now.kind()).toBe(before.kind());
        expect([...now.bytes]).toEqual(before.toByteArray());
        expect(now.toString()).toBe(before.toString());
        expect(now.toNormalizedString()).toBe(before.toNormalizedString());
        const [c0, c1] = [clientForms(now), Before.clientForms(before)];
        expect(text(c0.v4)).toBe(text(c1.v4));
        expect(c0.v6.toString()).toBe(c1.v6.toString());
      }),
      RUNS,
    );
    expect(parsed).toBeGreaterThan(1000);
  }, 30_000);

  it("parseRange: the same ranges and the same messages", () => {
    const rangeish = fc.oneof(
      anyIp,
      fc.tuple(anyIp, fc.oneof(fc.integer({ min: -1, max: 130 }).map(String), fc.constantFrom("", "024", "1e1", " 8", "0x8"))).map(([a, b]) => `${a}/${b}`),
    );
    fc.assert(
      fc.property(rangeish, (t) => {
        const before = Before.parseRange(t);
        const now = parseRange(t);
        if (!before.ok || !now.ok) {
          expect(now, label(t)).toEqual(before);
          return;
        }
        expect({ kind: now.range.kind, bits: now.range.bits, text: rangeText(now.range) }).toEqual({
          kind: before.range.kind,
          bits: before.range.bits,
          text: Before.rangeText(before.range),
        });
      }),
      RUNS,
    );
  }, 30_000);

  it("inRange: the same matches for clients near and far from the network, in both spellings", () => {
    /** A valid range: an address with its host bits cleared by the reference. */
    const range = fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`)), fc.nat(128)).map(([a, n]) => {
      const addr = Before.parseAddress(a)!;
      const bits = n % ((addr.kind() === "ipv4" ? 32 : 128) + 1);
      const bytes = addr.toByteArray().map((b, i) => b & ((0xff << (8 - Math.max(0, Math.min(8, bits - i * 8)))) & 0xff));
      return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
    });
    /** A client: any address, or the network's address with some bits flipped (in or just out of the range). */
    const client = fc.tuple(range, fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`)), fc.nat(127), fc.boolean()).map(([r, other, flip, near]) => {
      if (!near) return other;
      const bytes = Before.parseAddress(r.slice(0, r.indexOf("/")))!.toByteArray();
      const bit = flip % (bytes.length * 8);
      bytes[bit >> 3] = bytes[bit >> 3]! ^ (0x80 >> (bit & 7));
      return ipaddr.fromByteArray(bytes).toString();
    });
    let matched = 0;
    let missed = 0;
    fc.assert(
      fc.property(range, client, (r, c) => {
        const [rb, rn] = [Before.parseRange(r), parseRange(r)];
        expect(rb.ok && rn.ok, r).toBe(true);
        if (!rb.ok || !rn.ok) return;
        for (const spelling of [c, `::ffff:${c}`]) {
          const before = Before.parseAddress(spelling);
          const now = parseAddress(spelling);
          expect(now === undefined).toBe(before === undefined);
          if (!before || !now) continue;
          const expected = Before.inRange(Before.clientForms(before), rb.range);
          expect(inRange(clientForms(now), rn.range), `${spelling} in ${r}`).toBe(expected);
          if (expected) matched++;
          else missed++;
        }
        const own = parseAddress(r.slice(0, r.indexOf("/")))!;
        expect(inRange(clientForms(own), singleRange(own))).toBe(true);
      }),
      RUNS,
    );
    // Both answers occur often (the comparison is not vacuous).
    expect(matched).toBeGreaterThan(500);
    expect(missed).toBeGreaterThan(500);
  }, 30_000);
});
