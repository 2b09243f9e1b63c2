/**
 * HMAC signatures (SHA-1/256/512, hex/base64/base64url, prefixes, lists and
 * key=value headers, several signatures and several secrets). Comparison is
 * `crypto.subtle.verify`, which is constant time.
 */
import type { HmacSignature } from "../rules/schema.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { decode } from "./encoding.ts";
import { hashName, hmacKey } from "./keys.ts";
import { describeSignatureSource } from "./signature-source.ts";

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

  const hash = hashName(spec.algorithm);
  for (let i = 0; i < secrets.length; i++) {
    const key = hmacKey(secrets[i]!, spec.secretEncoding, hash);
    if (!key) return fail({ code: "config_invalid", detail: `secret #${i + 1} is not valid ${spec.secretEncoding}` });
    const k = await key;
    for (const sig of decoded) {
      if (await crypto.subtle.verify("HMAC", k, sig, data)) return { ok: true, value: { secretIndex: i } };
    }
  }
  return fail({
    code: "signature_mismatch",
    detail: `${decoded.length} signature(s) checked against ${secrets.length} secret(s); none matched`,
  });
}
