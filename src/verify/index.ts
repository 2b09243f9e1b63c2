/**
 * Verifies a request against its route's provider: signature header, signed
 * timestamp (both ways), over the raw body bytes.
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import { fail, type Result } from "../pipeline/verdict.ts";
import type { Inbound } from "../pipeline/inbound.ts";
import { parseSignatureHeader } from "./signature-header.ts";
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

/** Signature header values longer than this are malformed, not parsed. */
const MAX_SIGNATURE_HEADER = 4096;

export async function verifyRequest(compiled: CompiledRoute, req: Inbound, nowMs: number): Promise<Result<Verified>> {
  const { provider } = compiled;
  const spec = provider.signature;

  const header = req.headers.get(spec.header);
  if (header === null || header.trim() === "")
    return fail({ code: "signature_missing", detail: `no ${spec.header} header` });
  if (header.length > MAX_SIGNATURE_HEADER)
    return fail({ code: "signature_malformed", detail: `${spec.header} is ${header.length} bytes long` });
  const parsed = parseSignatureHeader(header, spec.format);
  if (!parsed) return fail({ code: "signature_malformed", detail: `${spec.header} is not in the ${spec.format.type} format the provider uses` });

  let timestamp: string | undefined;
  if (provider.timestamp) {
    timestamp = readSource(provider.timestamp.from, req, parsed.fields);
    if (timestamp === undefined)
      return fail({ code: "timestamp_missing", detail: `no timestamp in ${describeSource(provider.timestamp.from)}` });
    if (parseTimestamp(timestamp, provider.timestamp.format) === null)
      return fail({ code: "timestamp_malformed", detail: `${describeSource(provider.timestamp.from)} is not ${provider.timestamp.format}` });
  }
  const eventId = provider.id ? readSource(provider.id, req, parsed.fields) : undefined;

  const data = renderPayload(spec.payload, req, { timestamp, id: eventId });
  const verified =
    spec.type === "hmac"
      ? await verifyHmac(spec, compiled.secrets, parsed.signatures, data)
      : await verifyAsymmetric(spec, compiled.secrets, parsed.signatures, data);
  if (!verified.ok) return verified;

  if (provider.timestamp) {
    const window = checkWindow(timestamp, provider.timestamp.format, compiled.tolerance ?? provider.timestamp.tolerance, nowMs);
    if (!window.ok) return window;
  }
  return { ok: true, value: { eventId, secretIndex: verified.value.secretIndex } };
}
