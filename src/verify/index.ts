/**
 * Verifies a request against its route's provider, as one list of checks:
 *
 *   signature (over the raw body bytes, when configured)
 *   → token / JWT / required values (src/auth/)
 *   → timestamp window both ways and expiry (src/replay/window.ts)
 *
 * A provider configures at least one of signature, token or jwt (schema).
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import { isHeaderSignature, isHmac, type Provider, type Signature, type Source } from "../rules/schema.ts";
import { verifyEmbedded } from "./embedded.ts";
import type { KeyNet } from "./key-fetch.ts";
import { sourceSigned } from "./signed.ts";
import { encodeHex } from "./encoding.ts";
import { fail, type Result } from "../shared/verdict.ts";
import type { Inbound } from "../shared/inbound.ts";
import { readSignatures } from "./signature-source.ts";
import { checkBodyDigest } from "./body-digest.ts";
import { describeSource, readSource } from "./sources.ts";
import { parseTimestamp } from "./timestamp.ts";
import { renderPayload } from "./template.ts";
import { verifyHmac } from "./hmac.ts";
import { verifyAsymmetric } from "./asymmetric.ts";
import { authenticate } from "../auth/index.ts";
import { checkExpiry, checkTimestamp } from "../replay/window.ts";
import { variantFor } from "./variant.ts";

export interface Verified {
  /** The provider's event id, when the provider defines one and the request carries it. */
  eventId: string | undefined;
  /** Which configured secret matched (0-based), for rotation metrics; undefined without a signature or token. */
  secretIndex: number | undefined;
  /** A verified JWT's `jti` (the dedup id when the route names no other). */
  jti: string | undefined;
  /** Fields of a key=value signature header (`signatureField` sources). */
  signatureFields: Map<string, string> | undefined;
  /**
   * Hex SHA-256 of the bytes the signature (else the JWT) covers, when dedup
   * may need it (the route's id source is unsigned); undefined when nothing is
   * signed (token only). Dedup keys on it where the id is unsigned (src/replay/stage.ts).
   */
  signedDigest: (() => Promise<string>) | undefined;
}

/** The event id: `value` read from `source`, unless a verified JWT's `jti` is there and `source` is not signed. */
export function signedFirst(provider: Provider, source: Source | undefined, value: string | undefined, jti: string | undefined): string | undefined {
  if (jti === undefined) return value;
  return value !== undefined && sourceSigned(provider, source!) ? value : jti;
}

async function verifySignature(
  compiled: CompiledRoute,
  spec: Signature,
  req: Inbound,
  net: KeyNet,
): Promise<Result<{ secretIndex: number; fields: Map<string, string>; signed: Uint8Array }>> {
  const { provider } = compiled;
  if (!isHeaderSignature(spec)) {
    const verified = await verifyEmbedded(spec, compiled.secrets, req, net);
    // These schemes sign the body (or the fields of it they name): the body is what a dedup digest covers.
    return verified.ok ? { ok: true, value: { secretIndex: verified.value.secretIndex, fields: new Map(), signed: req.body } } : verified;
  }
  const read = readSignatures(spec, req);
  if (!read.ok) return read;
  const parsed = read.value;

  let timestamp: string | undefined;
  if (provider.timestamp) {
    timestamp = readSource(provider.timestamp.from, req, parsed.fields);
    if (timestamp === undefined)
      return fail({ code: "timestamp_missing", detail: `no timestamp in ${describeSource(provider.timestamp.from)}` });
    if (parseTimestamp(timestamp, provider.timestamp.format) === null)
      return fail({ code: "timestamp_malformed", detail: `${describeSource(provider.timestamp.from)} is not ${provider.timestamp.format}` });
  }
  // The event id is read before the MAC only when it is signed ({id}): a forged
  // body is otherwise never parsed as JSON.
  const eventId = provider.id && spec.payload.includes("{id}") ? readSource(provider.id, req, parsed.fields) : undefined;

  const data = renderPayload(spec.payload, req, {
    timestamp,
    id: eventId,
    publicUrl: compiled.route.publicUrl,
    bodyDigested: provider.bodyDigest !== undefined && readSource(provider.bodyDigest.from, req) !== undefined,
    signatureMember: spec.type === "hmac" && spec.from && "json" in spec.from ? spec.from.json : undefined,
    signatureParam: isHmac(spec) && spec.from && "form" in spec.from ? spec.from.form : undefined,
    bodySha256: spec.payload.includes("{body:sha256hex}") ? encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-256", req.body))) : undefined,
    fields: parsed.fields,
    routeValues: compiled.route.values,
    formExclude: isHmac(spec) || spec.type === "rsa" ? spec.formExclude : undefined,
    signedHeaders: isHmac(spec) ? spec.signedHeaders : undefined,
  });
  // A signed part the request does not carry (or a body that is not the form the provider signs) fails.
  if (!(data instanceof Uint8Array))
    return fail({ code: "signature_mismatch", detail: `the signed payload's ${data.missing} cannot be rendered from the request received` });
  const verified =
    isHmac(spec)
      ? await verifyHmac(spec, compiled.secrets, parsed.signatures, data)
      : await verifyAsymmetric(spec, compiled.secrets, parsed.signatures, spec.type === "rsa" && spec.prehash ? new Uint8Array(await crypto.subtle.digest("SHA-256", data)) : data);
  if (!verified.ok) return verified;
  if (provider.bodyDigest) {
    const digest = await checkBodyDigest(provider.bodyDigest, req);
    if (!digest.ok) return digest;
  }
  return { ok: true, value: { secretIndex: verified.value.secretIndex, fields: parsed.fields, signed: data } };
}

/** `net`: how keys are fetched (schemes with run-time keys); default the global fetch. */
export async function verifyRequest(route: CompiledRoute, req: Inbound, nowMs: number, net: KeyNet = { fetch: (input, init) => fetch(input, init), nowMs }): Promise<Result<Verified>> {
  const compiled = route.provider.alternatives ? variantFor(route, req) : route;
  const { provider } = compiled;
  let fields: Map<string, string> | undefined;
  let secretIndex: number | undefined;
  let signed: Uint8Array | undefined;
  if (provider.signature) {
    const checked = await verifySignature(compiled, provider.signature, req, net);
    if (!checked.ok) return checked;
    fields = checked.value.fields;
    secretIndex = checked.value.secretIndex;
    signed = checked.value.signed;
  }

  const pending = authenticate(compiled, req, nowMs, fields);
  // Most providers sign and configure nothing else: then the answer is already there, no await.
  const auth = pending instanceof Promise ? await pending : pending;
  if (!auth.ok) return auth;

  const window = checkTimestamp(compiled, req, nowMs, fields);
  if (!window.ok) return window;
  const expiry = checkExpiry(compiled, req, nowMs, fields);
  if (!expiry.ok) return expiry;

  const idSource = provider.id;
  let id: { value: string | undefined } | undefined;
  // Started now, only where dedup may need it (an unsigned id): the signed bytes may be a view
  // into the body's headroom, which a later prefix (the proxy signature) overwrites; WebCrypto
  // copies its input when called.
  const signedBytes = signed ?? auth.value.jwtSigned;
  const dedupSource = compiled.dedup ? (compiled.dedup.id ?? idSource) : undefined;
  const digest =
    signedBytes && dedupSource && !sourceSigned(provider, dedupSource)
      ? crypto.subtle.digest("SHA-256", signedBytes).then((d) => encodeHex(new Uint8Array(d)))
      : undefined;
  return {
    ok: true,
    value: {
      // Read on first use (dedup, the proxy id, the log line) and at most once:
      // an id in a large JSON body costs a parse only when someone needs it.
      get eventId() {
        id ??= { value: signedFirst(provider, idSource, idSource ? readSource(idSource, req, fields) : undefined, auth.value.jti) };
        return id.value;
      },
      secretIndex: secretIndex ?? auth.value.keyIndex,
      jti: auth.value.jti,
      signatureFields: fields,
      signedDigest: digest && (() => digest),
    },
  };
}
