/**
 * IP addresses and CIDR ranges as hookgate matches them: parsed to bytes, never
 * compared as strings. Parsing is strict (IPv4 only as four decimal octets, so
 * `010.0.0.1` or `127.1` are refused rather than read as octal or shorthand; no
 * IPv6 zone ids) and never throws.
 *
 * Hand-written instead of ipaddr.js, of which hookgate used only parsing, CIDR match and text:
 * 3.4 KiB gzip less in the Worker bundle. test/source-ip/address.differential.test.ts checks it
 * answers exactly as ipaddr.js 2.5 did on generated inputs (what parses, to what, its text, matches).
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the same host as `1.2.3.4`: a client
 * address is matched in both forms, IPv4 rules against its IPv4 form and IPv6
 * rules against its IPv6 form, so either spelling on either side matches.
 */

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
export class Address {
  constructor(readonly bytes: Uint8Array) {}

  kind(): "ipv4" | "ipv6" {
    return this.bytes.length === 4 ? "ipv4" : "ipv6";
  }

  /** IPv6: the eight groups in hex without leading zeros and without `::` (2001:db8:0:0:0:0:0:1). */
  toNormalizedString(): string {
    const b = this.bytes;
    if (b.length === 4) return b.join(".");
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
    return groups.join(":");
  }

  /** IPv6 as RFC 5952: the longest run of two or more zero groups (the first of equals) becomes `::`. */
  toString(): string {
    const s = this.toNormalizedString();
    let best: RegExpExecArray | undefined;
    for (const m of s.matchAll(/(?:^|:)(?:0(?::|$)){2,}/g)) if (!best || zeros(m[0]) > zeros(best[0])) best = m;
    return best ? `${s.slice(0, best.index)}::${s.slice(best.index + best[0].length)}` : s;
  }
}

const zeros = (run: string) => run.replace(/:/g, "").length;

/** One allow-list entry: an address is a range of /32 (IPv4) or /128 (IPv6). */
export type Range = { readonly kind: "ipv4" | "ipv6"; readonly network: Address; readonly bits: number };

const MAX_TEXT = 64;
/** Four decimal octets, no leading zeros. */
const DOTTED_QUAD = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

function fourOctets(s: string): number[] | undefined {
  const m = DOTTED_QUAD.exec(s);
  const octets = m?.slice(1).map(Number);
  return octets?.every((o) => o <= 255) ? octets : undefined;
}

/** The 16-bit groups of one side of `::` (empty text: none), or undefined. */
function groupsOf(s: string): number[] | undefined {
  if (s === "") return [];
  const parts = s.split(":");
  return parts.every((p) => /^[0-9a-f]{1,4}$/i.test(p)) ? parts.map((p) => parseInt(p, 16)) : undefined;
}

function parseIPv6(text: string): Address | undefined {
  let s = text;
  let tail: number[] = [];
  if (s.includes(".")) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) must be plain decimal too; `::1.2.3.4` alone reads as ::ffff:1.2.3.4 (as ipaddr.js).
    const octets = fourOctets(s.slice(s.lastIndexOf(":") + 1));
    if (!octets) return undefined;
    tail = [(octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!];
    s = s.slice(0, s.lastIndexOf(":") + 1);
    if (s === "::") s = "::ffff";
    else if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const want = 8 - tail.length;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const have = head.length + rest.length;
  // Without `::` exactly all groups; with it, `::` stands for at least one zero group.
  if (halves.length === 1 ? have !== want : have >= want) return undefined;
  const groups = [...head, ...Array<number>(want - have).fill(0), ...rest, ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => ((bytes[2 * i] = g >> 8), (bytes[2 * i + 1] = g & 0xff)));
  return new Address(bytes);
}

/** Parses one IP address (no prefix). undefined for anything else, never throws. */
export function parseAddress(text: unknown): Address | undefined {
  if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT) return undefined;
  const v4 = fourOctets(text);
  if (v4) return new Address(Uint8Array.from(v4));
  return text.includes(":") ? parseIPv6(text) : undefined;
}

export type ParsedRange = { ok: true; range: Range } | { ok: false; problem: string };

/**
 * Parses `1.2.3.4`, `2001:db8::1`, `52.206.68.0/24` or `2001:db8::/32`.
 * A CIDR with host bits set (`52.206.68.5/24`) is refused: it is almost always
 * a typo for a narrower or a wider rule than intended.
 */
export function parseRange(text: unknown): ParsedRange {
  if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT + 4)
    return { ok: false, problem: "must be an IP address or CIDR range" };
  const slash = text.indexOf("/");
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseAddress(addrText);
  if (!addr) return { ok: false, problem: `"${clip(text)}" is not an IP address or CIDR range (e.g. 203.0.113.7, 52.206.68.0/24, 2001:db8::/32)` };
  const max = addr.bytes.length * 8;
  let bits = max;
  if (slash >= 0) {
    const bitsText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(bitsText) || Number(bitsText) > max)
      return { ok: false, problem: `"${clip(text)}": the prefix length must be a whole number from 0 to ${max}` };
    bits = Number(bitsText);
  }
  const network = new Address(addr.bytes.map((b, i) => b & (0xff << (8 - Math.max(0, Math.min(8, bits - i * 8))))));
  if (network.bytes.some((b, i) => b !== addr.bytes[i]))
    return { ok: false, problem: `"${clip(text)}" has bits set after the /${bits} prefix; write ${network.toString()}/${bits}` };
  return { ok: true, range: toRange(addr, bits) };
}

/** The range holding exactly one address. */
export function singleRange(addr: Address): Range {
  return toRange(addr, addr.bytes.length * 8);
}

function toRange(addr: Address, bits: number): Range {
  return { kind: addr.kind(), network: addr, bits };
}

/** Both spellings of a client address: its IPv4 form (if it has one) and its IPv6 form. */
export interface ClientAddress {
  readonly v4: Address | undefined;
  readonly v6: Address;
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

export function clientForms(addr: Address): ClientAddress {
  const b = addr.bytes;
  if (b.length === 4) return { v4: addr, v6: new Address(Uint8Array.from([...MAPPED_PREFIX, ...b])) };
  return { v4: MAPPED_PREFIX.every((x, i) => b[i] === x) ? new Address(b.slice(12)) : undefined, v6: addr };
}

/** The first `bits` bits of a and b are equal (same length). */
function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const shift = Math.max(0, 8 - bits);
    if (a[i]! >> shift !== b[i]! >> shift) return false;
  }
  return true;
}

export function inRange(client: ClientAddress, range: Range): boolean {
  const addr = range.kind === "ipv4" ? client.v4 : client.v6;
  return addr !== undefined && samePrefix(addr.bytes, range.network.bytes, range.bits);
}

export function inAnyRange(client: ClientAddress, ranges: readonly Range[]): boolean {
  return ranges.some((r) => inRange(client, r));
}

export function rangeText(r: Range): string {
  return r.bits === r.network.bytes.length * 8 ? r.network.toString() : `${r.network.toString()}/${r.bits}`;
}

function clip(s: string): string {
  return s.length > 48 ? `${s.slice(0, 45)}...` : s;
}
