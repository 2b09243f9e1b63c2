/**
 * IP addresses and CIDR ranges as hookgate matches them: parsed with ipaddr.js,
 * never compared as strings. Parsing is strict (IPv4 only as four decimal
 * octets, so `010.0.0.1` or `127.1` are refused rather than read as octal or
 * shorthand; no IPv6 zone ids) and never throws.
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the same host as `1.2.3.4`: a client
 * address is matched in both forms, IPv4 rules against its IPv4 form and IPv6
 * rules against its IPv6 form, so either spelling on either side matches.
 */
import ipaddr from "ipaddr.js";

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One allow-list entry: an address is a range of /32 (IPv4) or /128 (IPv6). */
export type Range =
  | { readonly kind: "ipv4"; readonly network: ipaddr.IPv4; readonly bits: number }
  | { readonly kind: "ipv6"; readonly network: ipaddr.IPv6; readonly bits: number };

const MAX_TEXT = 64;
/** Cheap shape test first: ipaddr's own check is slow (it throws internally) on non-IPv4 text. */
const DOTTED_QUAD = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;
const isFourPartDecimal = (s: string) => DOTTED_QUAD.test(s) && ipaddr.IPv4.isValidFourPartDecimal(s);

/** Parses one IP address (no prefix). undefined for anything else, never throws. */
export function parseAddress(text: unknown): Address | undefined {
  if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT) return undefined;
  try {
    if (isFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
    if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
    // An embedded IPv4 tail (::ffff:1.2.3.4) must be plain decimal too.
    if (text.includes(".") && !isFourPartDecimal(text.slice(text.lastIndexOf(":") + 1))) return undefined;
    return ipaddr.IPv6.parse(text);
  } catch {
    return undefined;
  }
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
  const max = addr.kind() === "ipv4" ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const bitsText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(bitsText) || Number(bitsText) > max)
      return { ok: false, problem: `"${clip(text)}": the prefix length must be a whole number from 0 to ${max}` };
    bits = Number(bitsText);
  }
  const network = networkOf(addr, bits);
  if (network.toNormalizedString() !== addr.toNormalizedString())
    return { ok: false, problem: `"${clip(text)}" has bits set after the /${bits} prefix; write ${network.toString()}/${bits}` };
  return { ok: true, range: toRange(addr, bits) };
}

/** The range holding exactly one address. */
export function singleRange(addr: Address): Range {
  return toRange(addr, addr.kind() === "ipv4" ? 32 : 128);
}

function toRange(addr: Address, bits: number): Range {
  return addr.kind() === "ipv4"
    ? { kind: "ipv4", network: addr as ipaddr.IPv4, bits }
    : { kind: "ipv6", network: addr as ipaddr.IPv6, bits };
}

function networkOf(addr: Address, bits: number): Address {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}

/** Both spellings of a client address: its IPv4 form (if it has one) and its IPv6 form. */
export interface ClientAddress {
  readonly v4: ipaddr.IPv4 | undefined;
  readonly v6: ipaddr.IPv6;
}

export function clientForms(addr: Address): ClientAddress {
  if (addr.kind() === "ipv4") {
    const v4 = addr as ipaddr.IPv4;
    return { v4, v6: v4.toIPv4MappedAddress() };
  }
  const v6 = addr as ipaddr.IPv6;
  return { v4: v6.isIPv4MappedAddress() ? v6.toIPv4Address() : undefined, v6 };
}

export function inRange(client: ClientAddress, range: Range): boolean {
  if (range.kind === "ipv4") return client.v4 !== undefined && client.v4.match(range.network, range.bits);
  return client.v6.match(range.network, range.bits);
}

export function inAnyRange(client: ClientAddress, ranges: readonly Range[]): boolean {
  return ranges.some((r) => inRange(client, r));
}

export function rangeText(r: Range): string {
  const max = r.kind === "ipv4" ? 32 : 128;
  return r.bits === max ? r.network.toString() : `${r.network.toString()}/${r.bits}`;
}

function clip(s: string): string {
  return s.length > 48 ? `${s.slice(0, 45)}...` : s;
}
