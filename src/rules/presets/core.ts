/**
 * Built-in presets: plain data in exactly the format a tenant writes to KV.
 * Each one is validated by ProviderSchema in test/rules/presets.test.ts and
 * checked against a vector from the provider's docs or SDK.
 */
import type { HmacSignatureSchema, ProviderInput } from "../schema.ts";
import type * as z from "zod/mini";
import { standard } from "./helpers.ts";

const hexSha256 = (header: string, prefix = ""): z.input<typeof HmacSignatureSchema> => ({
  type: "hmac",
  header,
  algorithm: "sha256",
  encoding: "hex",
  format: { type: "plain", prefix },
});


export const corePresets: Record<string, ProviderInput> = {
  github: {
    description: "GitHub webhooks (X-Hub-Signature-256)",
    docs: "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
    signature: hexSha256("X-Hub-Signature-256", "sha256="),
    id: { header: "X-GitHub-Delivery" },
  },
  stripe: {
    description: "Stripe (Stripe-Signature: t=…,v1=…; several v1 during rotation)",
    docs: "https://docs.stripe.com/webhooks#verify-manually",
    signature: {
      type: "hmac",
      header: "Stripe-Signature",
      algorithm: "sha256",
      encoding: "hex",
      format: { type: "pairs", separator: ",", assign: "=", key: "v1" },
      payload: "{timestamp}.{body}",
    },
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
    id: { json: "id" },
  },
  slack: {
    description: "Slack signing secret (v0)",
    docs: "https://api.slack.com/authentication/verifying-requests-from-slack",
    signature: { ...hexSha256("X-Slack-Signature", "v0="), payload: "v0:{timestamp}:{body}" },
    timestamp: { from: { header: "X-Slack-Request-Timestamp" }, format: "unix", tolerance: 300 },
    handshake: { kind: "slack-url-verification" },
  },
  shopify: {
    description: "Shopify (base64 HMAC-SHA256 of the body)",
    docs: "https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook",
    signature: {
      type: "hmac",
      header: "X-Shopify-Hmac-Sha256",
      algorithm: "sha256",
      encoding: "base64",
      format: { type: "plain", prefix: "" },
    },
    id: { header: "X-Shopify-Webhook-Id" },
  },
  "standard-webhooks": standard(
    "webhook",
    "Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature)",
    "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md",
  ),
  svix: standard("svix", "Svix senders (Clerk, Resend, …): svix-id / svix-timestamp / svix-signature", "https://docs.svix.com/receiving/verifying-payloads/how-manual"),
  lean: {
    description: "Lean Technologies (lean-signature: sha512=<hex>)",
    signature: {
      type: "hmac",
      header: "lean-signature",
      algorithm: "sha512",
      encoding: "hex",
      format: { type: "plain", prefix: "sha512=" },
    },
    // Lean's published sources: production 193.123.78.188 (webhooks.leantech.me),
    // sandbox 193.123.89.181 (webhooks.sandbox.leantech.me).
    sourceIps: {
      ips: ["193.123.78.188", "193.123.89.181"],
      hostnames: ["webhooks.leantech.me", "webhooks.sandbox.leantech.me"],
    },
  },
  scalekit: {
    description:
      "Scalekit (x-scalekit-signature: sha256=<hex>). Tenants on Scalekit's Standard Webhooks headers use the standard-webhooks preset.",
    signature: hexSha256("x-scalekit-signature", "sha256="),
    // Scalekit asks receivers to reject events whose body `created` is over 5 minutes old.
    timestamp: { from: { json: "created" }, format: "auto", tolerance: 300 },
    id: { json: "id" },
    // Scalekit's published webhook source ranges.
    sourceIps: { ips: ["52.206.68.0/24", "54.236.0.0/16"] },
  },
  loopwise: {
    description: "Loopwise (Loopwise-Webhook-Signature: <hex>, no prefix)",
    signature: hexSha256("Loopwise-Webhook-Signature"),
    // Loopwise's published webhook source address.
    sourceIps: { ips: ["52.194.91.27"] },
  },
  letspost: {
    description: "LetsPost (X-LetsPost-Signature: sha256=<hex>)",
    signature: hexSha256("X-LetsPost-Signature", "sha256="),
  },
};
