/**
 * Public keys for asymmetric signatures (Ed25519, ECDSA P-256). A route's
 * `secrets` hold the provider's PUBLIC keys; they are decoded when the route
 * compiles and imported as CryptoKeys once per isolate, like HMAC keys.
 */
import type { EcdsaSignature, Ed25519Signature } from "../rules/schema.ts";
import { decodeBase64, decodeHex } from "./encoding.ts";

export type AsymmetricSignature = Ed25519Signature | EcdsaSignature;

interface KeyMaterial {
  format: "raw" | "spki";
  bytes: Uint8Array;
}

/** Decodes a configured public key, or returns a problem that names no key bytes. */
export function publicKeyMaterial(spec: AsymmetricSignature, value: string): KeyMaterial | string {
  const text = value.trim();
  const bytes = spec.publicKey === "hex-raw" ? decodeHex(text) : decodeBase64(text);
  if (!bytes) return `not a ${spec.publicKey.startsWith("hex") ? "hex" : "base64"} public key`;
  if (spec.publicKey === "base64-spki") {
    // A DER SEQUENCE; WebCrypto checks the rest when it imports the key.
    if (bytes[0] !== 0x30 || bytes.length < 40 || bytes.length > 200) return "not a DER SubjectPublicKeyInfo public key";
    return { format: "spki", bytes };
  }
  const want = spec.type === "ed25519" ? 32 : 65;
  if (bytes.length !== want) return `a raw ${spec.type} public key is ${want} bytes, this one is ${bytes.length}`;
  if (spec.type !== "ed25519" && bytes[0] !== 0x04) return "a raw P-256 public key must be an uncompressed point (04…)";
  return { format: "raw", bytes };
}

const MAX_CACHED_KEYS = 1000;
const keys = new Map<string, Promise<CryptoKey>>();

function algorithm(spec: AsymmetricSignature): SubtleCryptoImportKeyAlgorithm {
  return spec.type === "ed25519" ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: "P-256" };
}

/** The verify key for a configured public key; rejects when the key does not import. */
export function publicKey(spec: AsymmetricSignature, value: string): Promise<CryptoKey> {
  const cacheKey = `${spec.type}:${spec.publicKey}:${value}`;
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
