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
import type { Signature } from "../rules/schema.ts";
import { fail, type Result } from "../shared/verdict.ts";
import type { Inbound } from "../shared/inbound.ts";
import { readSignatures } from "./signature-source.ts";
import { checkBodyDigest } from "./body-digest.ts";
import { sortedFormParams } from "./form.ts";
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
}

async function verifySignature(
  compiled: CompiledRoute,
  spec: Signature,
  req: Inbound,
): Promise<Result<{ secretIndex: number; fields: Map<string, string> }>> {
  const { provider } = compiled;
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

  const data = renderPayload(spec.payload, req, { timestamp, id: eventId, publicUrl: compiled.route.publicUrl });
  const verified =
    spec.type === "hmac"
      ? await verifyHmac(spec, compiled.secrets, parsed.signatures, data)
      : await verifyAsymmetric(spec, compiled.secrets, parsed.signatures, data);
  if (!verified.ok) return verified;
  // {form:sorted} signs form parameters only: any other body must be covered by a body digest.
  if (spec.payload.includes("{form:sorted}") && !provider.bodyDigest && sortedFormParams(req) === null)
    return fail({ code: "signature_mismatch", detail: "the provider signs form parameters, but the body is not a UTF-8 form" });
  if (provider.bodyDigest) {
    const digest = await checkBodyDigest(provider.bodyDigest, req);
    if (!digest.ok) return digest;
  }
  return { ok: true, value: { secretIndex: verified.value.secretIndex, fields: parsed.fields } };
}

export async function verifyRequest(route: CompiledRoute, req: Inbound, nowMs: number): Promise<Result<Verified>> {
  const compiled = route.provider.alternatives ? variantFor(route, req) : route;
  const { provider } = compiled;
  let fields: Map<string, string> | undefined;
  let secretIndex: number | undefined;
  if (provider.signature) {
    const signed = await verifySignature(compiled, provider.signature, req);
    if (!signed.ok) return signed;
    fields = signed.value.fields;
    secretIndex = signed.value.secretIndex;
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
  return {
    ok: true,
    value: {
      // Read on first use (dedup, the proxy id, the log line) and at most once:
      // an id in a large JSON body costs a parse only when someone needs it.
      get eventId() {
        id ??= { value: idSource ? readSource(idSource, req, fields) : undefined };
        return id.value;
      },
      secretIndex: secretIndex ?? auth.value.keyIndex,
      jti: auth.value.jti,
      signatureFields: fields,
    },
  };
}
