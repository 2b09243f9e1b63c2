/**
 * CryptoKeys are imported once per isolate and reused across requests. The
 * cache lives only in isolate memory (where the secrets already are) and is
 * never logged or serialised.
 */
import { decodeBase64, utf8 } from "./encoding.ts";

export type HashName = "MD5" | "SHA-1" | "SHA-256" | "SHA-512";
export type SecretEncoding = "utf8" | "base64" | "whsec";

const HASHES: Record<"md5" | "sha1" | "sha256" | "sha512", HashName> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha512: "SHA-512",
};

export function hashName(algorithm: keyof typeof HASHES): HashName {
  return HASHES[algorithm];
}

/** Turns a configured secret into key bytes, or null when it does not decode. */
export function secretBytes(secret: string, encoding: SecretEncoding): Uint8Array | null {
  switch (encoding) {
    case "utf8":
      return utf8.encode(secret);
    case "base64":
      return decodeBase64(secret);
    case "whsec":
      return decodeBase64(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
  }
}

const MAX_CACHED_KEYS = 1000;
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for a configured secret, or null when the secret does not decode. */
export function hmacKey(secret: string, encoding: SecretEncoding, hash: HashName): Promise<CryptoKey> | null {
  const cacheKey = `${hash}:${encoding}:${secret}`;
  let key = hmacKeys.get(cacheKey);
  if (!key) {
    const material = secretBytes(secret, encoding);
    if (!material || material.length === 0) return null;
    if (hmacKeys.size >= MAX_CACHED_KEYS) hmacKeys.clear();
    key = crypto.subtle.importKey("raw", material, { name: "HMAC", hash }, false, ["sign", "verify"]);
    hmacKeys.set(cacheKey, key);
    key.catch(() => hmacKeys.delete(cacheKey));
  }
  return key;
}
