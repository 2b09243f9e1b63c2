/**
 * Public keys out of PEM / DER: a PEM block's bytes, and the
 * SubjectPublicKeyInfo of an X.509 certificate (AWS SNS, PayPal). Hand-written
 * (≈ 30 lines) because the small X.509 libraries on npm cost 10-40 KiB gzip;
 * WebCrypto then imports the SPKI and checks the key itself. The certificate
 * is trusted for its fetch (https, a host the preset allows), not its chain.
 */
import { decodeBase64 } from "./encoding.ts";

/** One DER element at `at`: [content start, content end], or null when malformed / out of bounds. */
function element(der: Uint8Array, at: number): [number, number] | null {
  let len = der[at + 1];
  let start = at + 2;
  if (len === undefined) return null;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start++] ?? NaN);
  }
  const end = start + len;
  return end <= der.length && len === len ? [start, end] : null;
}

/** The SubjectPublicKeyInfo (a DER SEQUENCE) of a DER X.509 certificate, or null. */
export function certificateSpki(der: Uint8Array): Uint8Array | null {
  const cert = der[0] === 0x30 ? element(der, 0) : null;
  const tbs = cert && der[cert[0]] === 0x30 ? element(der, cert[0]) : null;
  if (!tbs) return null;
  let at = tbs[0];
  // version [0] (optional), serial, signature algorithm, issuer, validity, subject, then the SPKI.
  for (let skip = der[at] === 0xa0 ? 6 : 5; skip > 0; skip--) {
    const e = element(der, at);
    if (!e) return null;
    at = e[1];
  }
  const spki = der[at] === 0x30 ? element(der, at) : null;
  return spki && spki[1] <= tbs[1] ? der.slice(at, spki[1]) : null;
}

/** The bytes of the first PEM block with `label` (e.g. "CERTIFICATE", "PUBLIC KEY"), or null. */
export function pemBytes(text: string, label: string): Uint8Array | null {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  return m ? decodeBase64(m[1]!.replace(/\s+/g, "")) : null;
}
