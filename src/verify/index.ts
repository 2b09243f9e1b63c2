/**
 * Verifies a request against its route's provider: signature header, signed
 * timestamp (both ways), over the raw body bytes.
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import { fail, type Result } from "../pipeline/verdict.ts";
import type { Inbound } from "../pipeline/inbound.ts";
import { readSignatures } from "./signature-source.ts";
import { checkBodyDigest } from "./body-digest.ts";
import { sortedFormParams } from "./form.ts";
import { describeSource, readSource } from "./sources.ts";
import { checkWindow, parseTimestamp } from "./timestamp.ts";
import { renderPayload } from "./template.ts";
import { verifyHmac } from "./hmac.ts";
import { verifyAsymmetric } from "./asymmetric.ts";

export interface Verified {
  /** The provider's event id, when the provider defines one and the request carries it. */
  eventId: string | undefined;
  /** Which configured secret matched (0-based), for rotation metrics. */
  secretIndex: number;
}

export async function verifyRequest(compiled: CompiledRoute, req: Inbound, nowMs: number): Promise<Result<Verified>> {
  const { provider } = compiled;
  const spec = provider.signature;

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
  const eventId = provider.id ? readSource(provider.id, req, parsed.fields) : undefined;

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

  if (provider.timestamp) {
    const window = checkWindow(timestamp, provider.timestamp.format, compiled.tolerance ?? provider.timestamp.tolerance, nowMs);
    if (!window.ok) return window;
  }
  return { ok: true, value: { eventId, secretIndex: verified.value.secretIndex } };
}
