/**
 * Constant-time equality for secret strings (pre-shared keys, app tokens).
 * Both values are HMAC'd under a random key made once per isolate and the MAC
 * is checked with `crypto.subtle.verify`, so neither the contents nor where
 * they first differ nor their lengths leak through timing.
 */
import { utf8 } from "../verify/encoding.ts";

let isolateKey: Promise<CryptoKey> | undefined;

function key(): Promise<CryptoKey> {
  isolateKey ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]) as Promise<CryptoKey>;
  return isolateKey;
}

export async function secretEquals(received: string, expected: string): Promise<boolean> {
  const k = await key();
  const mac = await crypto.subtle.sign("HMAC", k, utf8.encode(expected));
  return crypto.subtle.verify("HMAC", k, mac, utf8.encode(received));
}

/** Index of the first of `expected` that equals `received` (each compared in constant time), or -1. */
export async function matchAny(received: string, expected: readonly string[]): Promise<number> {
  let found = -1;
  for (let i = 0; i < expected.length; i++) {
    // Compare against every candidate, so timing does not tell which one matched.
    if ((await secretEquals(received, expected[i]!)) && found === -1) found = i;
  }
  return found;
}

/** Strips a literal prefix (case-insensitive, as for `Bearer `); null when it is absent. */
export function stripPrefix(value: string, prefix: string): string | null {
  if (!prefix) return value;
  return value.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase() ? value.slice(prefix.length) : null;
}
