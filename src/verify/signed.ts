/**
 * Whether a value source is covered by what the provider's signature signs
 * (issue 12): the event id and timestamp are trusted for dedup only as far as
 * the signature covers them. Decided from the provider data alone.
 *
 *   {id} / {timestamp} in the payload   → the provider's id / timestamp source
 *   {header:X} in the payload           → header X
 *   {url} / {path} in the payload       → any query parameter
 *   {body} (or {body:json}, {body:sha256hex}), or a body digest → any JSON body field
 *
 * Form parameters and the headers `{headers}` lists count as unsigned (dedup then keys on the signed bytes' digest).
 * A signature-header field, or a header nothing names, is not signed. Without
 * a signature nothing is (a token or JWT authenticates the sender, not the
 * body); a verified JWT's own `jti` is signed and handled by the caller.
 */
import { BODY_PLACEHOLDER, isHeaderSignature, type Provider, type Source } from "../rules/schema.ts";

const same = (a: Source | undefined, b: Source): boolean =>
  a !== undefined && JSON.stringify(a).toLowerCase() === JSON.stringify(b).toLowerCase();

export function sourceSigned(provider: Provider, source: Source): boolean {
  const sig = provider.signature;
  if (!sig) return false;
  // Schemes embedded in the body (SNS, PayPal, Circle, JWS, Adyen) sign the body or the fields of it they name;
  // no header of theirs is signed.
  if (!isHeaderSignature(sig)) return "json" in source;
  const p = sig.payload.toLowerCase();
  if (p.includes("{id}") && same(provider.id, source)) return true;
  if (p.includes("{timestamp}") && same(provider.timestamp?.from, source)) return true;
  if ("header" in source) return p.includes(`{header:${source.header.toLowerCase()}}`);
  if ("query" in source) return p.includes("{url}") || p.includes("{path}");
  if ("json" in source) return BODY_PLACEHOLDER.test(p) || provider.bodyDigest !== undefined;
  return false;
}

export const timestampSigned = (provider: Provider): boolean =>
  provider.timestamp !== undefined && sourceSigned(provider, provider.timestamp.from);
