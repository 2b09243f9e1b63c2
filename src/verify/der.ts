/**
 * Strict DER → raw r‖s for ECDSA signatures. WebCrypto verifies ECDSA only in
 * the IEEE P1363 form (r and s, each left-padded to the curve size); providers
 * such as SendGrid send ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`.
 *
 * Anything that is not exactly minimal DER is rejected (null): long-form
 * lengths for short contents, lengths that disagree with the bytes, trailing
 * bytes, negative or non-minimally encoded integers, zero, or integers wider
 * than the curve. A signature has exactly one valid encoding.
 */

function readInteger(der: Uint8Array, at: number, size: number): { value: Uint8Array; next: number } | null {
  if (der[at] !== 0x02) return null;
  const len = der[at + 1];
  if (len === undefined || len === 0 || len >= 0x80) return null;
  const start = at + 2;
  const end = start + len;
  if (end > der.length) return null;
  let bytes = der.subarray(start, end);
  if (bytes[0]! & 0x80) return null; // negative
  if (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) return null; // non-minimal
  if (bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes.length > size) return null;
  if (bytes.every((b) => b === 0)) return null; // r and s are in [1, n-1]
  const value = new Uint8Array(size);
  value.set(bytes, size - bytes.length);
  return { value, next: end };
}

/** Raw r‖s (2 × `size` bytes), or null when `der` is not a strict DER ECDSA signature. */
export function derToRaw(der: Uint8Array, size = 32): Uint8Array | null {
  if (der.length < 8 || der[0] !== 0x30) return null;
  const total = der[1]!;
  if (total >= 0x80 || total !== der.length - 2) return null;
  const r = readInteger(der, 2, size);
  if (!r) return null;
  const s = readInteger(der, r.next, size);
  if (!s || s.next !== der.length) return null;
  const raw = new Uint8Array(size * 2);
  raw.set(r.value, 0);
  raw.set(s.value, size);
  return raw;
}
