/**
 * Route secrets of the embedded schemes (pure: shared by the Worker and the CLI).
 * For fetched keys the "secret" names what the route accepts: the SNS topic
 * ARNs, the PayPal webhook ids, the key URLs (JWKS, Circle's key endpoint).
 */
import type { EmbeddedSignature } from "../rules/schema.ts";
import { spkiBytes } from "./public-key-material.ts";

/** `sns.*.amazonaws.com` → a RegExp where `*` is one DNS label. */
export function hostPattern(hosts: readonly string[]): RegExp {
  return new RegExp(`^(${hosts.map((h) => h.replace(/\./g, "\\.").replace(/\*/g, "[a-z0-9-]+")).join("|")})$`);
}

/** A configured key URL; its host is checked when it is fetched (where the test-only origin is known): off the hosts → config_invalid. */
function urlProblem(value: string, hosts: readonly string[]): string | null {
  try {
    if (/^https?:\/\/\S+$/.test(value) && new URL(value)) return null;
  } catch {}
  return `not an https URL on ${hosts.join(", ")}`;
}

export function embeddedSecretProblem(spec: EmbeddedSignature, value: string): string | null {
  if (spec.type === "adyen") return /^([0-9a-fA-F]{2}){16,}$/.test(value) ? null : "not Adyen's hex HMAC key";
  if (spec.type === "jws") {
    if (spec.jwksHosts) return urlProblem(value, spec.jwksHosts);
    return spec.algorithms.includes("HS256") || spkiBytes(value) ? null : "not a PEM or base64 DER public key";
  }
  if (spec.scheme === "circle") return urlProblem(value, spec.hosts);
  if (spec.scheme === "aws-sns")
    return /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(value) ? null : "not an SNS topic ARN (arn:aws:sns:region:account:topic)";
  return /^[A-Za-z0-9-]{1,64}$/.test(value) ? null : "not a PayPal webhook id";
}
