/**
 * Bearer-token check for the admin API, in constant time: both tokens are
 * hashed with SHA-256 and the digests compared with
 * crypto.subtle.timingSafeEqual, so neither the content nor the length of the
 * configured token leaks through timing.
 */
import { utf8 } from "../verify/encoding.ts";

export type AdminAuth = "disabled" | "unauthorized" | "ok";

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", utf8.encode(s));
}

export async function checkAdminToken(configured: unknown, authorization: string | null): Promise<AdminAuth> {
  if (typeof configured !== "string" || configured.length === 0) return "disabled";
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  const presented = m ? m[1]! : "";
  const [a, b] = await Promise.all([digest(presented), digest(configured)]);
  // Always compare (even for an absent header), then also require a token was presented.
  const equal = crypto.subtle.timingSafeEqual(a, b);
  return equal && presented.length > 0 ? "ok" : "unauthorized";
}
