/**
 * Ed25519, ECDSA P-256/SHA-256 and RSASSA-PKCS1-v1_5 signatures, verified with WebCrypto against
 * the route's configured public keys (several during rotation).
 */
import { fail, type Result } from "../shared/verdict.ts";
import { decode } from "./encoding.ts";
import { derToRaw } from "./der.ts";
import { publicKey, type AsymmetricSignature } from "./public-keys.ts";

/** Decodes one candidate into the bytes WebCrypto verifies, or null when malformed. */
function signatureBytes(spec: AsymmetricSignature, candidate: string): Uint8Array | null {
  const bytes = decode(spec.encoding, candidate);
  if (!bytes) return null;
  if (spec.type === "ed25519") return bytes.length === 64 ? bytes : null;
  if (spec.type === "rsa") return bytes.length >= 64 && bytes.length <= 1024 ? bytes : null;
  if (spec.der) return derToRaw(bytes);
  return bytes.length === 64 ? bytes : null;
}

const verifyParams = (spec: AsymmetricSignature): SubtleCryptoSignAlgorithm =>
  spec.type === "ed25519"
    ? { name: "Ed25519" }
    : spec.type === "rsa"
      ? spec.padding
        ? ({ name: "RSA-PSS", saltLength: { sha1: 20, sha256: 32, sha512: 64 }[spec.algorithm] } as SubtleCryptoSignAlgorithm)
        : { name: "RSASSA-PKCS1-v1_5" }
      : { name: "ECDSA", hash: "SHA-256" };

export async function verifyAsymmetric(
  spec: AsymmetricSignature,
  publicKeys: readonly string[],
  candidates: readonly string[],
  data: Uint8Array,
): Promise<Result<{ secretIndex: number }>> {
  const decoded: Uint8Array[] = [];
  for (const c of candidates) {
    const bytes = signatureBytes(spec, c);
    if (bytes) decoded.push(bytes);
  }
  if (decoded.length === 0)
    return fail({
      code: "signature_malformed",
      detail: `no ${spec.type}${spec.type === "ecdsa-p256-sha256" && spec.der ? " DER" : ""} ${spec.encoding} signature in ${spec.header ?? "the request"}`,
    });

  const params = verifyParams(spec);
  for (let i = 0; i < publicKeys.length; i++) {
    let key: CryptoKey;
    try {
      key = await publicKey(spec, publicKeys[i]!);
    } catch (e) {
      return fail({ code: "config_invalid", detail: `public key #${i + 1} does not import as ${spec.type}: ${e instanceof Error ? e.name : "error"}` });
    }
    for (const sig of decoded) {
      if (await crypto.subtle.verify(params, key, sig, data)) return { ok: true, value: { secretIndex: i } };
    }
  }
  return fail({
    code: "signature_mismatch",
    detail: `${decoded.length} ${spec.type} signature(s) checked against ${publicKeys.length} public key(s); none matched`,
  });
}
