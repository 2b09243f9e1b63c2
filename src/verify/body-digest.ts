/**
 * Checks a provider's signed body digest (Twilio's `bodySHA256` query
 * parameter, itself covered by the signed URL): the raw body must hash to it.
 *
 * With `unlessForm`, the digest may be absent only when the signed
 * `{form:sorted}` rendering covers the whole body: an empty body (a GET
 * webhook) or a UTF-8 form. Not the Content-Type header alone: a form header
 * over a body that does not render as a form is not covered by anything.
 */
import type { BodyDigest } from "../rules/schema.ts";
import { fail, pass, type Check } from "../shared/verdict.ts";
import type { Inbound } from "../shared/inbound.ts";
import { decode } from "./encoding.ts";
import { equalBytes } from "./hmac.ts";
import { hashName } from "./keys.ts";
import { describeSource, readSource } from "./sources.ts";
import { sortedFormParams } from "./form.ts";

export async function checkBodyDigest(spec: BodyDigest, req: Inbound): Promise<Check> {
  const raw = readSource(spec.from, req);
  if (raw === undefined) {
    if (spec.unlessForm) {
      if (sortedFormParams(req) !== null) return pass;
      return fail({ code: "signature_mismatch", detail: `the body is not a UTF-8 form and there is no body digest in ${describeSource(spec.from)}` });
    }
    return fail({ code: "signature_missing", detail: `no body digest in ${describeSource(spec.from)}` });
  }
  const expected = decode(spec.encoding, spec.encoding === "hex" ? raw.toLowerCase() : raw);
  if (!expected) return fail({ code: "signature_malformed", detail: `${describeSource(spec.from)} is not ${spec.encoding}` });
  const actual = new Uint8Array(await crypto.subtle.digest(hashName(spec.algorithm), req.body));
  if (!equalBytes(actual, expected)) return fail({ code: "signature_mismatch", detail: `body does not match ${describeSource(spec.from)}` });
  return pass;
}
