/**
 * Reads the candidate signatures of a request: from one header, from each of
 * several headers (Box: one per key), or from a JSON body field / query
 * parameter (Mailgun). Each value is split by the provider's format. Never throws.
 */
import type { HeaderSignature as Signature } from "../rules/schema.ts";
import { fail, type Result } from "../shared/verdict.ts";
import type { Inbound } from "../shared/inbound.ts";
import { MAX_SIGNATURES, parseSignatureHeader, type ParsedSignatureHeader } from "./signature-header.ts";
import { describeSource, readSource } from "./sources.ts";

/** Signature values longer than this are malformed, not parsed. */
export const MAX_SIGNATURE_VALUE = 4096;

/** hmac and rsa signatures may be read from the body or query (`from`); Ed25519 and ECDSA ones come in a header. */
function fromOf(spec: Signature) {
  return "from" in spec ? spec.from : undefined;
}

export function signatureHeaders(spec: Signature): string[] {
  if (spec.header === undefined) return [];
  return typeof spec.header === "string" ? [spec.header] : spec.header;
}

/** Where the signature comes from, for log details (never the value). */
export function describeSignatureSource(spec: Signature): string {
  const from = fromOf(spec);
  if (from) return describeSource(from);
  return signatureHeaders(spec).join(" / ");
}

export function readSignatures(spec: Signature, req: Inbound): Result<ParsedSignatureHeader> {
  const raw: string[] = [];
  const from = fromOf(spec);
  if (from) {
    const v = readSource(from, req);
    if (v !== undefined) raw.push(v);
  } else {
    for (const name of signatureHeaders(spec)) {
      const v = req.headers.get(name);
      if (v !== null && v.trim() !== "") raw.push(v);
    }
  }
  // Only failures describe where the signature was looked for (the happy path builds no strings).
  if (raw.length === 0) return fail({ code: "signature_missing", detail: `no signature in ${describeSignatureSource(spec)}` });

  const merged: ParsedSignatureHeader = { signatures: [], fields: new Map() };
  for (const value of raw) {
    if (value.length > MAX_SIGNATURE_VALUE)
      return fail({ code: "signature_malformed", detail: `signature in ${describeSignatureSource(spec)} is ${value.length} bytes long` });
    const parsed = parseSignatureHeader(value, spec.format);
    if (!parsed) continue;
    merged.signatures.push(...parsed.signatures);
    for (const [k, v] of parsed.fields) if (!merged.fields.has(k)) merged.fields.set(k, v);
  }
  if (merged.signatures.length === 0)
    return fail({ code: "signature_malformed", detail: `${describeSignatureSource(spec)} is not in the ${spec.format.type} format the provider uses` });
  merged.signatures = merged.signatures.slice(0, MAX_SIGNATURES);
  return { ok: true, value: merged };
}
