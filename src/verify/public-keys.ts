/**
 * Public keys for asymmetric signatures (Ed25519, ECDSA P-256). A route's
 * `secrets` hold the provider's PUBLIC keys; they are decoded when the route
 * compiles and imported as CryptoKeys once per isolate, like HMAC keys.
 */
import { publicKeyMaterial, type AsymmetricSignature } from "./public-key-material.ts";
import { hashName } from "./keys.ts";

export type { AsymmetricSignature } from "./public-key-material.ts";

const MAX_CACHED_KEYS = 1000;
const keys = new Map<string, Promise<CryptoKey>>();

function algorithm(spec: AsymmetricSignature): SubtleCryptoImportKeyAlgorithm {
  if (spec.type === "rsa") return { name: spec.padding ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: hashName(spec.algorithm) };
  return spec.type === "ed25519" ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: "P-256" };
}

/** The verify key for a configured public key; rejects when the key does not import. */
export function publicKey(spec: AsymmetricSignature, value: string): Promise<CryptoKey> {
  const cacheKey = `${spec.type}:${spec.type === "rsa" ? spec.algorithm + spec.padding : spec.publicKey}:${value}`;
  let key = keys.get(cacheKey);
  if (!key) {
    const material = publicKeyMaterial(spec, value);
    if (typeof material === "string") return Promise.reject(new Error(material));
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    key = crypto.subtle.importKey(material.format, material.bytes, algorithm(spec), false, ["verify"]);
    keys.set(cacheKey, key);
    key.catch(() => keys.delete(cacheKey));
  }
  return key;
}
