/**
 * JWS / JWT signatures (RS256, RS512, ES256, HS256; never `none`): Wix (the
 * body is the token), FusionAuth (X-FusionAuth-Signature-JWT whose
 * `request_body_sha256` claim must be the body's hash), Fireblocks v2 (detached
 * JWS over the body, keys from a JWKS by `kid`). The header's `alg` must be one
 * the provider uses; the key type follows from it, never from the token.
 */
import type { JwsSignature } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { decodeBase64Url, encodeBase64, encodeBase64Url, utf8 } from "./encoding.ts";
import { hmacKey } from "./keys.ts";
import { spkiBytes } from "./public-key-material.ts";
import { fetchedKey, keyUrlAllowed, type KeyNet } from "./key-fetch.ts";
import { hostPattern } from "./embedded-secrets.ts";
import { jsonObject } from "../handshake/challenge.ts";

const malformed = (detail: string) => fail({ code: "signature_malformed", detail });
const MAX_TOKEN = 1 << 20;

const PARAMS: Record<string, [SubtleCryptoImportKeyAlgorithm, SubtleCryptoSignAlgorithm]> = {
  RS256: [{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, { name: "RSASSA-PKCS1-v1_5" }],
  RS512: [{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, { name: "RSASSA-PKCS1-v1_5" }],
  ES256: [{ name: "ECDSA", namedCurve: "P-256" }, { name: "ECDSA", hash: "SHA-256" }],
};

function part(s: string | undefined): unknown {
  const bytes = s ? decodeBase64Url(s) : null;
  try {
    return bytes && JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return undefined;
  }
}

function keyFor(alg: string, secret: string, kid: unknown, spec: JwsSignature, net: KeyNet): Promise<Result<CryptoKey>> | Promise<CryptoKey> | null {
  if (alg === "HS256") return hmacKey(secret, "utf8", "SHA-256");
  const [params] = PARAMS[alg]!;
  if (!spec.jwksHosts) {
    const spki = spkiBytes(secret);
    return spki && crypto.subtle.importKey("spki", spki, params, false, ["verify"]);
  }
  if (!keyUrlAllowed(new URL(secret), hostPattern(spec.jwksHosts), net))
    return Promise.resolve(fail({ code: "config_invalid", detail: `the JWKS URL is not https on ${spec.jwksHosts.join(", ")}` }));
  if (typeof kid !== "string") return null;
  return fetchedKey(secret, `${alg} ${kid}`, net, async (text) => {
    const keys = jsonObject(JSON.parse(text))?.keys;
    const jwk = Array.isArray(keys) ? jsonObject(keys.find((k) => jsonObject(k)?.kid === kid)) : undefined;
    if (!jwk) return null;
    const { kty, n, e, crv, x, y } = jwk as unknown as JsonWebKey;
    return crypto.subtle.importKey("jwk", { kty, n, e, crv, x, y }, params, false, ["verify"]);
  });
}

export async function verifyJws(spec: JwsSignature, secrets: readonly string[], req: Inbound, net: KeyNet): Promise<Result<{ secretIndex: number }>> {
  let token = spec.header ? req.headers.get(spec.header)?.trim() : new TextDecoder().decode(req.body).trim();
  if (token && spec.prefix && token.toLowerCase().startsWith(spec.prefix.toLowerCase())) token = token.slice(spec.prefix.length);
  if (!token) return fail({ code: "signature_missing", detail: `no JWS in ${spec.header ?? "the body"}` });
  const [h, p, s, extra] = token.length < MAX_TOKEN ? token.split(".") : [];
  const header = jsonObject(part(h));
  const sig = s ? decodeBase64Url(s) : null;
  if (!header || !sig || extra !== undefined || (spec.detached ? p !== "" : !p)) return malformed("not a compact JWS");
  const alg = String(header.alg);
  if (!(spec.algorithms as string[]).includes(alg) || "crit" in header) return malformed(`alg ${alg.slice(0, 10)} is not one of ${spec.algorithms.join(", ")}`);
  const input = utf8.encode(`${h}.${spec.detached ? encodeBase64Url(req.body) : p}`);
  let secretIndex = -1;
  for (let i = 0; i < secrets.length && secretIndex < 0; i++) {
    const key = await keyFor(alg, secrets[i]!, header.kid, spec, net);
    if (key && "ok" in key && !key.ok) return key;
    const k = key && ("ok" in key ? key.value : key);
    if (k && (await crypto.subtle.verify(alg === "HS256" ? "HMAC" : PARAMS[alg]![1], k, sig, input))) secretIndex = i;
  }
  if (secretIndex < 0) return fail({ code: "signature_mismatch", detail: `${alg} JWS matches none of ${secrets.length} key(s)` });
  const claims = spec.detached ? undefined : jsonObject(part(p));
  // An expired token is refused (5 min leeway); the schemes' tokens need not carry exp.
  if (typeof claims?.exp === "number" && net.nowMs / 1000 > claims.exp + 300) return fail({ code: "jwt_expired", detail: "the JWS expired" });
  if (spec.bodyClaim) {
    const digest = encodeBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", req.body)));
    if (claims?.[spec.bodyClaim] !== digest) return fail({ code: "signature_mismatch", detail: `claim ${spec.bodyClaim} is not the body's SHA-256` });
  }
  return { ok: true, value: { secretIndex } };
}
