/**
 * HMAC signatures (SHA-1/256/512, hex/base64/base64url, prefixes, lists and
 * key=value headers, several signatures and several secrets).
 *
 * One MAC per secret over the payload (`crypto.subtle.sign`), compared with
 * every candidate in constant time: a request with the most candidates on a
 * route with the most secrets costs as many body-sized MACs as secrets, not
 * candidates × secrets (issue 12; docs/performance.md).
 */
import type { HmacSignature } from "../rules/schema.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { decode } from "./encoding.ts";
import { hashName, hmacKey, secretBytes } from "./keys.ts";
import { describeSignatureSource } from "./signature-source.ts";
import { utf8Text } from "../shared/utf8.ts";

/** Constant-time equality (the time depends on the lengths only, never on where the bytes differ). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i % (b.length || 1)] ?? 0);
  return diff === 0;
}

/** Verifies `candidates` (still encoded) over `data` under any of `secrets`. */
export async function verifyHmac(
  spec: HmacSignature,
  secrets: readonly string[],
  candidates: readonly string[],
  data: Uint8Array,
): Promise<Result<{ secretIndex: number }>> {
  const decoded: Uint8Array[] = [];
  for (const c of candidates) {
    const bytes = decode(spec.encoding, c);
    if (bytes && bytes.length > 0) decoded.push(bytes);
  }
  if (decoded.length === 0)
    return fail({ code: "signature_malformed", detail: `no ${spec.encoding} signature in ${describeSignatureSource(spec)}` });

  // A keyed digest's payload must be UTF-8: hash(secret ‖ payload) extends to payload ‖ glue ‖ suffix, and the glue starts with 0x80.
  if (spec.type === "keyed-digest" && utf8Text(data) === null)
    return fail({ code: "signature_mismatch", detail: "a keyed digest's payload that is not UTF-8 (a length extension's padding) is refused" });
  const hash = hashName(spec.algorithm);
  for (let i = 0; i < secrets.length; i++) {
    const key = hmacKey(secrets[i]!, spec.secretEncoding, hash);
    if (!key) return fail({ code: "config_invalid", detail: `secret #${i + 1} is not valid ${spec.secretEncoding}` });
    const mac = new Uint8Array(
      spec.type === "hmac"
        ? await crypto.subtle.sign("HMAC", await key, data)
        : // keyed-digest: hash(secret ‖ payload), not an HMAC (Recharge); the secret's bytes as configured.
          await crypto.subtle.digest(hash, await new Blob([secretBytes(secrets[i]!, spec.secretEncoding)!, data]).arrayBuffer()),
    );
    let match = false;
    for (const sig of decoded) match = equalBytes(mac, sig) || match;
    if (match) return { ok: true, value: { secretIndex: i } };
  }
  return fail({
    code: "signature_mismatch",
    detail: `${decoded.length} signature(s) checked against ${secrets.length} secret(s); none matched`,
  });
}
