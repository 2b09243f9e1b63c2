/** Small builders for preset data. What they return is plain ProviderInput, as a tenant would write it. */
import type { HmacSignatureSchema, ProviderInput } from "../schema.ts";
import type * as z from "zod/mini";

type Sig = z.input<typeof HmacSignatureSchema>;
type Algorithm = "sha1" | "sha256" | "sha512";

/** One header, the whole value (after `prefix`) is the signature. */
export function plain(header: string, algorithm: Algorithm, encoding: "hex" | "base64" | "base64url" | "base64-hex", prefix = "", payload = "{body}"): Sig {
  return { type: "hmac", header, algorithm, encoding, format: { type: "plain", prefix }, payload };
}

/** key=value pairs in one header; every pair named `key` is a candidate signature. */
export function pairs(header: string, key: string, encoding: "hex" | "base64" | "base64url", payload: string, separator = ",", algorithm: Algorithm = "sha256"): Sig {
  return { type: "hmac", header, algorithm, encoding, format: { type: "pairs", separator, assign: "=", key }, payload };
}

/** A Standard Webhooks sender (https://www.standardwebhooks.com/), under `prefix`-id/-timestamp/-signature headers. */
export function standard(prefix: "webhook" | "svix", description: string, docs: string, secretEncoding: "whsec" | "utf8" | "base64" = "whsec"): ProviderInput {
  return {
    description,
    docs,
    signature: {
      type: "hmac",
      header: `${prefix}-signature`,
      algorithm: "sha256",
      encoding: "base64",
      format: { type: "list", separator: " ", prefix: "v1," },
      payload: "{id}.{timestamp}.{body}",
      secretEncoding,
    },
    timestamp: { from: { header: `${prefix}-timestamp` }, format: "unix", tolerance: 300 },
    id: { header: `${prefix}-id` },
  };
}
