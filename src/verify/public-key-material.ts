/**
 * Decoding of configured public keys (pure: shared by the Worker and the CLI).
 * A route's `secrets` hold the provider's PUBLIC keys for asymmetric schemes.
 */
import type { EcdsaSignature, Ed25519Signature, RsaSignature } from "../rules/schema.ts";
import { decodeBase64, decodeHex } from "./encoding.ts";
import { pemBytes } from "./x509.ts";

export type AsymmetricSignature = Ed25519Signature | EcdsaSignature | RsaSignature;

/** A PEM `PUBLIC KEY` or base64 DER SubjectPublicKeyInfo (RSA and JWS keys), or null. */
export function spkiBytes(value: string): Uint8Array | null {
  const text = value.trim();
  const bytes = text.startsWith("-----") ? pemBytes(text, "PUBLIC KEY") : decodeBase64(text);
  return bytes && bytes[0] === 0x30 && bytes.length >= 40 && bytes.length <= 2100 ? bytes : null;
}

export interface KeyMaterial {
  format: "raw" | "spki";
  bytes: Uint8Array;
}

/** Decodes a configured public key, or returns a problem that names no key bytes. */
export function publicKeyMaterial(spec: AsymmetricSignature, value: string): KeyMaterial | string {
  if (spec.type === "rsa") {
    const spki = spkiBytes(value);
    return spki ? { format: "spki", bytes: spki } : "not a PEM or base64 DER SubjectPublicKeyInfo public key";
  }
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
