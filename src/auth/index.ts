/**
 * Sender authentication besides the signature: a pre-shared key header, an
 * HS256 JWT, and required values. Each is optional; whichever the provider
 * configures must pass (they combine with a signature, never replace a
 * configured one).
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { Result } from "../shared/verdict.ts";
import { checkToken } from "./token.ts";
import { checkJwt } from "./jwt.ts";
import { checkRequired } from "./require.ts";

export interface Authenticated {
  /** The JWT's `jti`, when a JWT was checked and carries one. */
  jti: string | undefined;
  /** Which key matched (token first, else JWT), when one was checked. */
  keyIndex: number | undefined;
  /** The bytes a verified JWT's MAC covers, when a JWT was checked. */
  jwtSigned?: Uint8Array;
}

const NOTHING_CONFIGURED: Result<Authenticated> = { ok: true, value: { jti: undefined, keyIndex: undefined } };

/**
 * Synchronous when the provider configures no token, JWT or required value
 * (most signed providers): no promise chain on the verification hot path.
 */
export function authenticate(
  compiled: CompiledRoute,
  req: Inbound,
  nowMs: number,
  signatureFields?: Map<string, string>,
): Result<Authenticated> | Promise<Result<Authenticated>> {
  const { provider } = compiled;
  if (provider.token === undefined && provider.jwt === undefined && compiled.required.length === 0) return NOTHING_CONFIGURED;
  return checkConfigured(compiled, req, nowMs, signatureFields);
}

async function checkConfigured(
  compiled: CompiledRoute,
  req: Inbound,
  nowMs: number,
  signatureFields?: Map<string, string>,
): Promise<Result<Authenticated>> {
  const { provider } = compiled;
  let keyIndex: number | undefined;
  if (provider.token) {
    const t = await checkToken(provider.token, compiled.tokenSecrets, req);
    if (!t.ok) return t;
    keyIndex = t.value.keyIndex;
  }
  let jti: string | undefined;
  let jwtSigned: Uint8Array | undefined;
  if (provider.jwt) {
    const j = await checkJwt(provider.jwt, compiled.jwtSecrets, req, nowMs);
    if (!j.ok) return j;
    jti = j.value.jti;
    jwtSigned = j.value.signed;
  }
  const r = await checkRequired(compiled.required, req, signatureFields);
  if (!r.ok) return r;
  return { ok: true, value: { jti, keyIndex, jwtSigned } };
}
