/** Checks a configured secret (or, for asymmetric schemes, public key) when a route compiles. */
import { isHeaderSignature, isHmac, type Signature } from "../rules/schema.ts";
import { secretBytes } from "./keys.ts";
import { publicKeyMaterial } from "./public-key-material.ts";
import { embeddedSecretProblem } from "./embedded-secrets.ts";

/** null when the value is usable for `spec`, else a short problem that never quotes the value. */
export function secretProblem(spec: Signature, value: string): string | null {
  if (!isHeaderSignature(spec)) return embeddedSecretProblem(spec, value);
  if (isHmac(spec)) {
    const bytes = secretBytes(value, spec.secretEncoding);
    return bytes && bytes.length > 0 ? null : `not a valid ${spec.secretEncoding} secret`;
  }
  const material = publicKeyMaterial(spec, value);
  return typeof material === "string" ? `${material} (${spec.type} routes take the provider's PUBLIC key)` : null;
}
