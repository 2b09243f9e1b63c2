/** Strict decoders: anything that is not exactly the encoding returns null. */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export const utf8 = new TextEncoder();

/**
 * UTF-8 bytes of `s`, exactly as `utf8.encode(s)`; short ASCII strings (the
 * text around a signed body: `t.`, `id.ts.`, `v0:ts:`) are copied in JS,
 * cheaper than a call into the runtime's encoder.
 */
export function encodeText(s: string): Uint8Array {
  if (s.length > 256) return utf8.encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return utf8.encode(s);
    out[i] = c;
  }
  return out;
}

/** Hex digit values by char code (-1: not a hex digit). */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE["0123456789abcdef".charCodeAt(i)] = i;
  HEX_VALUE["0123456789ABCDEF".charCodeAt(i)] = i;
}

export function decodeHex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = s.charCodeAt(2 * i);
    const b = s.charCodeAt(2 * i + 1);
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function encodeHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Canonical base64 only: the unused low bits of the last character before
 * padding must be zero (`Ag==`, never `Am==`), so one signature has exactly
 * one spelling and an edited signature string never verifies.
 */
export function decodeBase64(s: string): Uint8Array | null {
  if (!BASE64.test(s)) return null;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  if (pad > 0 && B64_ALPHABET.indexOf(s[s.length - pad - 1]!) & (pad === 2 ? 0b1111 : 0b11)) return null;
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function decodeBase64Url(s: string): Uint8Array | null {
  if (!BASE64URL.test(s) || s.length % 4 === 1) return null;
  const padded = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  return decodeBase64(padded);
}

export function encodeBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decode(encoding: "hex" | "base64" | "base64url" | "base64-hex", s: string): Uint8Array | null {
  switch (encoding) {
    case "hex":
      return decodeHex(s);
    case "base64-hex": {
      // Solidgate: base64 of the signature's hex text.
      const text = decodeBase64(s);
      return text && decodeHex(String.fromCharCode(...text));
    }
    case "base64":
      return decodeBase64(s);
    case "base64url":
      return decodeBase64Url(s);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Zero-copy signed payloads. A request body read from several chunks is copied
 * once anyway (readBody); that copy gets BODY_HEADROOM spare bytes in front,
 * owned by the body view (recorded here, never inferred from byteOffset). A
 * payload `<prefix><body>` (Stripe's `{timestamp}.{body}`, Standard Webhooks'
 * `{id}.{timestamp}.{body}`, the proxy signature) is then the prefix written
 * into that headroom plus the body in place: no 1 MiB allocation and copy per
 * request. WebCrypto copies its input when called, so a later prefix written
 * into the same headroom cannot change bytes already handed to it.
 */
export const BODY_HEADROOM = 512;
const headroom = new WeakMap<Uint8Array, number>();

/** A zeroed body buffer of `length` bytes with BODY_HEADROOM spare bytes in front (readBody fills it in place). */
export function bodyBuffer(length: number): Uint8Array {
  const body = new Uint8Array(BODY_HEADROOM + length).subarray(BODY_HEADROOM);
  headroom.set(body, BODY_HEADROOM);
  return body;
}

/** `body` (a prefix of a bodyBuffer's bytes, its buffer since transferred by a BYOB read) with that buffer's headroom. */
export function bodyBufferAfterTransfer(body: Uint8Array): Uint8Array {
  if (body.byteOffset === BODY_HEADROOM) headroom.set(body, BODY_HEADROOM);
  return body;
}

/** `parts` concatenated into a new buffer with BODY_HEADROOM spare bytes in front. */
export function concatWithHeadroom(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const body = bodyBuffer(length);
  let offset = 0;
  for (const p of parts) {
    body.set(p, offset);
    offset += p.length;
  }
  return body;
}

/** `prefix` followed by `body`: in place when the body has headroom for the prefix, else a copy. */
export function prefixed(prefix: Uint8Array, body: Uint8Array): Uint8Array {
  if (prefix.length > (headroom.get(body) ?? 0)) return concatBytes([prefix, body]);
  const out = new Uint8Array(body.buffer, body.byteOffset - prefix.length, prefix.length + body.length);
  out.set(prefix, 0);
  return out;
}
