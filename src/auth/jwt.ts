/**
 * HS256 JWTs (the "proper way" article's short-lived token). Only `alg: HS256`
 * is accepted (`none`, HS384/512, RS*, ES* are rejected before any crypto);
 * base64url is strict and canonical; the signature is checked with
 * `crypto.subtle.verify` under each configured key before any claim is read;
 * `exp` is required, `nbf`/`iat` are honoured, with a small leeway and a short
 * maximum lifetime; `iss` and `aud` are checked when the route names an
 * issuer / audience. The `jti`, when present, is the event id for dedup.
 */
import type { JwtSpec } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { decodeBase64Url, encodeBase64Url, utf8 } from "../verify/encoding.ts";
import { hmacKey } from "../verify/keys.ts";
import { stripPrefix } from "./equal.ts";

export interface JwtClaims {
  jti: string | undefined;
  exp: number;
  /** The bytes the token's MAC covers (`header.payload`). */
  signed: Uint8Array;
}

const MAX_JWT = 8192;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Strict, canonical base64url (no padding, no stray bits): re-encoding must give the same text. */
function segment(s: string): Uint8Array | null {
  if (!SEGMENT.test(s)) return null;
  const bytes = decodeBase64Url(s);
  return bytes && encodeBase64Url(bytes) === s ? bytes : null;
}

function jsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const numeric = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** RFC 7519 §4.1.3: `aud` is one string or an array of strings. */
function audienceIncludes(aud: unknown, audience: string): boolean {
  if (typeof aud === "string") return aud === audience;
  return Array.isArray(aud) && aud.length <= 32 && aud.some((a) => a === audience);
}

/** A claim for a log detail (claims are the sender's assertions, not secrets), bounded. */
function describeClaim(v: unknown): string {
  return v === undefined ? "missing" : JSON.stringify(v).slice(0, 80);
}

export async function checkJwt(spec: JwtSpec, keys: readonly string[], req: Inbound, nowMs: number): Promise<Result<JwtClaims>> {
  const raw = req.headers.get(spec.header);
  if (raw === null || raw.trim() === "") return fail({ code: "jwt_missing", detail: `no ${spec.header} header` });
  if (raw.length > MAX_JWT) return fail({ code: "jwt_malformed", detail: `${spec.header} is ${raw.length} bytes long` });
  const token = stripPrefix(raw.trim(), spec.prefix);
  if (token === null) return fail({ code: "jwt_missing", detail: `${spec.header} does not start with "${spec.prefix.trim()}"` });

  const parts = token.split(".");
  if (parts.length !== 3) return fail({ code: "jwt_malformed", detail: `expected 3 dot-separated parts, got ${parts.length}` });
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = segment(h);
  const payloadBytes = segment(p);
  const sig = segment(s);
  if (!headerBytes || !payloadBytes || !sig) return fail({ code: "jwt_malformed", detail: "a part is not strict base64url" });
  const header = jsonObject(headerBytes);
  if (!header) return fail({ code: "jwt_malformed", detail: "the JOSE header is not a JSON object" });
  if (header.alg !== "HS256")
    return fail({ code: "jwt_invalid", detail: `alg ${JSON.stringify(String(header.alg)).slice(0, 20)} is not HS256` });
  if (header.typ !== undefined && (typeof header.typ !== "string" || header.typ.toUpperCase() !== "JWT"))
    return fail({ code: "jwt_invalid", detail: "typ is not JWT" });
  if ("crit" in header) return fail({ code: "jwt_invalid", detail: "crit header parameters are not supported" });
  if (sig.length !== 32) return fail({ code: "jwt_invalid", detail: `signature is ${sig.length} bytes, HS256 has 32` });

  const signingInput = utf8.encode(`${h}.${p}`);
  let verified = false;
  for (const secret of keys) {
    const key = hmacKey(secret, "utf8", "SHA-256");
    if (!key) continue;
    if (await crypto.subtle.verify("HMAC", await key, sig, signingInput)) {
      verified = true;
      break;
    }
  }
  if (!verified) return fail({ code: "jwt_invalid", detail: `signature matched none of ${keys.length} key(s)` });

  const claims = jsonObject(payloadBytes);
  if (!claims) return fail({ code: "jwt_malformed", detail: "the claims are not a JSON object" });
  const { exp, nbf, iat, jti } = claims;
  if (!numeric(exp)) return fail({ code: "jwt_invalid", detail: "exp is missing or not a number" });
  if (nbf !== undefined && !numeric(nbf)) return fail({ code: "jwt_invalid", detail: "nbf is not a number" });
  if (iat !== undefined && !numeric(iat)) return fail({ code: "jwt_invalid", detail: "iat is not a number" });
  if (jti !== undefined && (typeof jti !== "string" || jti.length === 0 || jti.length > 256))
    return fail({ code: "jwt_invalid", detail: "jti is not a string of 1-256 characters" });

  if (spec.issuer !== undefined && claims.iss !== spec.issuer)
    return fail({ code: "jwt_invalid", detail: `iss is ${describeClaim(claims.iss)}, not the route's issuer` });
  if (spec.audience !== undefined && !audienceIncludes(claims.aud, spec.audience))
    return fail({ code: "jwt_invalid", detail: `aud is ${describeClaim(claims.aud)}, which does not include the route's audience` });

  const now = nowMs / 1000;
  if (now > exp + spec.leeway) return fail({ code: "jwt_expired", detail: `expired ${Math.round(now - exp)}s ago; leeway ${spec.leeway}s` });
  if (nbf !== undefined && now + spec.leeway < nbf)
    return fail({ code: "jwt_not_yet_valid", detail: `nbf is ${Math.round(nbf - now)}s in the future` });
  if (iat !== undefined && now + spec.leeway < iat)
    return fail({ code: "jwt_not_yet_valid", detail: `iat is ${Math.round(iat - now)}s in the future` });
  const lifetime = iat !== undefined ? exp - iat : exp - now;
  const allowed = iat !== undefined ? spec.maxLifetime : spec.maxLifetime + spec.leeway;
  if (lifetime > allowed)
    return fail({ code: "jwt_lifetime_too_long", detail: `lifetime ${Math.round(lifetime)}s exceeds ${spec.maxLifetime}s` });

  return { ok: true, value: { jti, exp, signed: signingInput } };
}
