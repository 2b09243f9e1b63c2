/**
 * The proxy signature the origin checks, in the Standard Webhooks format under
 * hookgate's own header names:
 *
 *   hookgate-id:        the provider's event id, or a fresh UUID
 *   hookgate-timestamp: unix seconds when hookgate forwarded it
 *   hookgate-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">
 *
 * keyed by HOOKGATE_ORIGIN_SECRET (`whsec_<base64>` is base64-decoded, as in
 * Standard Webhooks; any other value is used as UTF-8 bytes).
 */
import { encodeBase64, prefixed, utf8 } from "../verify/encoding.ts";
import { hmacKey } from "../verify/keys.ts";

export const PROXY_ID = "hookgate-id";
export const PROXY_TIMESTAMP = "hookgate-timestamp";
export const PROXY_SIGNATURE = "hookgate-signature";

export function originKey(secret: string): Promise<CryptoKey> | null {
  return hmacKey(secret, secret.startsWith("whsec_") ? "whsec" : "utf8", "SHA-256");
}

export async function signForOrigin(
  key: CryptoKey,
  id: string,
  timestampSeconds: number,
  body: Uint8Array,
): Promise<Record<string, string>> {
  const ts = String(timestampSeconds);
  const data = prefixed(utf8.encode(`${id}.${ts}.`), body);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
  return { [PROXY_ID]: id, [PROXY_TIMESTAMP]: ts, [PROXY_SIGNATURE]: `v1,${encodeBase64(mac)}` };
}
