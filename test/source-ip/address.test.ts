/** Address and range parsing and matching: strict parsing, CIDR edges, IPv4-mapped IPv6, never throwing. */
import { describe, expect, it } from "vitest";
import { clientForms, inAnyRange, parseAddress, parseRange, type Range } from "../../src/source-ip/address.ts";
import { parseAnswer } from "../../src/source-ip/doh.ts";
import { AllowSchema, hostnameProblem } from "../../src/source-ip/schema.ts";

function ranges(...entries: string[]): Range[] {
  return entries.map((e) => {
    const p = parseRange(e);
    if (!p.ok) throw new Error(p.problem);
    return p.range;
  });
}
function allowed(ip: string, ...entries: string[]): boolean {
  const addr = parseAddress(ip);
  if (!addr) throw new Error(`test address ${ip} does not parse`);
  return inAnyRange(clientForms(addr), ranges(...entries));
}

describe("parseAddress", () => {
  it.each(["1.2.3.4", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "::", "::ffff:1.2.3.4", "2001:DB8::A"])("accepts %s", (s) => {
    expect(parseAddress(s)).toBeDefined();
  });
  it.each([
    ["octal-looking", "010.0.0.1"],
    ["shorthand", "127.1"],
    ["hex", "0x7f.0.0.1"],
    ["leading zero", "1.2.3.04"],
    ["octet over 255", "1.2.3.256"],
    ["zone id", "fe80::1%eth0"],
    ["mapped with octal tail", "::ffff:010.0.0.1"],
    ["a CIDR", "1.2.3.0/24"],
    ["spaces", " 1.2.3.4"],
    ["a list", "1.2.3.4, 5.6.7.8"],
    ["empty", ""],
    ["a name", "localhost"],
    ["two ::", "1::2::3"],
  ])("refuses %s (%s)", (_, s) => {
    expect(parseAddress(s)).toBeUndefined();
  });
});

describe("parseRange", () => {
  it("gives a clear message per bad entry", () => {
    expect(parseRange("52.206.68.5/24")).toEqual({ ok: false, problem: expect.stringContaining("write 52.206.68.0/24") });
    expect(parseRange("1.2.3.0/33")).toEqual({ ok: false, problem: expect.stringContaining("0 to 32") });
    expect(parseRange("2001:db8::/129")).toEqual({ ok: false, problem: expect.stringContaining("0 to 128") });
    expect(parseRange("1.2.3.0/024")).toMatchObject({ ok: false });
    expect(parseRange("1.2.3.0/")).toMatchObject({ ok: false });
    expect(parseRange("nope")).toEqual({ ok: false, problem: expect.stringContaining("is not an IP address or CIDR range") });
  });

  it("accepts every prefix length from 0 to the maximum, both ends included", () => {
    for (const ok of ["0.0.0.0/0", "1.2.3.4/32", "::/0", "2001:db8::1/128"]) expect(parseRange(ok), ok).toMatchObject({ ok: true });
  });
});

describe("matching", () => {
  it("matches single IPv4 addresses exactly", () => {
    expect(allowed("52.194.91.27", "52.194.91.27")).toBe(true);
    expect(allowed("52.194.91.28", "52.194.91.27")).toBe(false);
    expect(allowed("52.194.91.26", "52.194.91.27")).toBe(false);
  });
  it("CIDR edges: first and last address in, one either side out", () => {
    expect(allowed("52.206.68.0", "52.206.68.0/24")).toBe(true);
    expect(allowed("52.206.68.255", "52.206.68.0/24")).toBe(true);
    expect(allowed("52.206.67.255", "52.206.68.0/24")).toBe(false);
    expect(allowed("52.206.69.0", "52.206.68.0/24")).toBe(false);
    expect(allowed("54.236.0.0", "54.236.0.0/16")).toBe(true);
    expect(allowed("54.236.255.255", "54.236.0.0/16")).toBe(true);
    expect(allowed("54.237.0.0", "54.236.0.0/16")).toBe(false);
    expect(allowed("54.235.255.255", "54.236.0.0/16")).toBe(false);
  });
  it("IPv6 addresses and CIDR edges", () => {
    expect(allowed("2001:db8::1", "2001:db8::1")).toBe(true);
    expect(allowed("2001:0db8:0000::0001", "2001:db8::1")).toBe(true);
    expect(allowed("2001:db8::2", "2001:db8::1")).toBe(false);
    expect(allowed("2001:db8::", "2001:db8::/32")).toBe(true);
    expect(allowed("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::/32")).toBe(true);
    expect(allowed("2001:db9::", "2001:db8::/32")).toBe(false);
    expect(allowed("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::/32")).toBe(false);
  });
  it("an IPv4 client never matches an IPv6 rule that is not the mapped range, and vice versa", () => {
    expect(allowed("1.2.3.4", "2001:db8::/32")).toBe(false);
    expect(allowed("2001:db8::1", "0.0.0.0/0")).toBe(false);
    expect(allowed("2001:db8::1", "::/0")).toBe(true);
  });
  it("IPv4-mapped IPv6 is the same host as its IPv4 address, both ways", () => {
    expect(allowed("::ffff:52.194.91.27", "52.194.91.27")).toBe(true);
    expect(allowed("::ffff:52.194.91.28", "52.194.91.27")).toBe(false);
    expect(allowed("::ffff:52.206.68.255", "52.206.68.0/24")).toBe(true);
    expect(allowed("::ffff:52.206.69.0", "52.206.68.0/24")).toBe(false);
    expect(allowed("52.194.91.27", "::ffff:52.194.91.27")).toBe(true);
    expect(allowed("52.194.91.27", "::ffff:34c2:5b1b")).toBe(true);
    expect(allowed("52.194.91.28", "::ffff:52.194.91.27")).toBe(false);
    expect(allowed("52.206.68.7", "::ffff:52.206.68.0/120")).toBe(true);
    expect(allowed("52.206.69.7", "::ffff:52.206.68.0/120")).toBe(false);
  });
  it('"0.0.0.0/0" and "::/0" together accept every client (how a provider default is turned off)', () => {
    for (const ip of ["1.2.3.4", "255.255.255.255", "::1", "2001:db8::1", "::ffff:9.9.9.9"])
      expect(allowed(ip, "0.0.0.0/0", "::/0")).toBe(true);
  });
});

/** A deterministic junk generator (no dependency): printable and control characters, IP-ish fragments. */
function* junk(count: number): Generator<unknown> {
  let seed = 0x2545f491;
  const rand = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return Math.abs(seed) % n;
  };
  const pieces = ["1", "255", "256", "0", "00", ".", ":", "::", "/", "%", "ffff", "x", "-", " ", "\u0000", "é", "1.2.3.4", "::ffff:", "/24", "/999", "[", "]", "0x"];
  yield* [undefined, null, 0, 1.5, {}, [], true, "a".repeat(10_000), "1.".repeat(5000), ":".repeat(1000)];
  for (let i = 0; i < count; i++) {
    let s = "";
    const n = rand(12);
    for (let j = 0; j < n; j++) s += rand(3) === 0 ? String.fromCharCode(rand(0x3000)) : pieces[rand(pieces.length)];
    yield s;
  }
}

describe("property: parsers never throw on junk", () => {
  it("parseAddress, parseRange, hostnameProblem, AllowSchema and parseAnswer return instead of throwing", () => {
    let accepted = 0;
    for (const j of junk(3000)) {
      expect(() => parseAddress(j)).not.toThrow();
      expect(() => parseRange(j)).not.toThrow();
      if (parseRange(j).ok) accepted++;
      if (typeof j === "string") expect(() => hostnameProblem(j)).not.toThrow();
      expect(() => AllowSchema.safeParse({ ips: [j], hostnames: [j] })).not.toThrow();
      expect(() => parseAnswer(j, "a.example", 1)).not.toThrow();
      expect(() => parseAnswer({ Status: 0, Answer: [{ name: j, type: 1, TTL: j, data: j }] }, "a.example", 1)).not.toThrow();
      expect(() => parseAnswer({ Status: 0, Answer: [{ name: "a.example", type: 5, TTL: 1, data: j }, j] }, "a.example", 28)).not.toThrow();
      // Whatever parses is a real address (round trip through the matcher does not throw either).
      const a = parseAddress(j);
      if (a) expect(() => inAnyRange(clientForms(a), ranges("0.0.0.0/0", "::/0"))).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(0); // the generator does hit valid entries
  });
});
