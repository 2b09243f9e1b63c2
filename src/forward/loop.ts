/**
 * Detects hookgate's own forwarded request arriving back at hookgate (a route
 * without `origin` on a Custom Domain, where "the same URL" is hookgate itself).
 * Only a proxy signature that verifies under our own origin key counts, so a
 * client that merely sends hookgate-* headers is not affected (those are
 * stripped before forwarding).
 */
import type { Inbound } from "../shared/inbound.ts";
import { decodeBase64, prefixed, utf8 } from "../verify/encoding.ts";
import { PROXY_ID, PROXY_SIGNATURE, PROXY_TIMESTAMP } from "./proxy-signature.ts";

export async function isOwnForward(req: Inbound, originKey: CryptoKey): Promise<boolean> {
  const id = req.headers.get(PROXY_ID);
  const ts = req.headers.get(PROXY_TIMESTAMP);
  const sig = req.headers.get(PROXY_SIGNATURE);
  if (!id || !ts || !sig?.startsWith("v1,")) return false;
  const mac = decodeBase64(sig.slice(3));
  if (!mac) return false;
  return crypto.subtle.verify("HMAC", originKey, mac, prefixed(utf8.encode(`${id}.${ts}.`), req.body));
}
