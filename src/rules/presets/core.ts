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


const leanSignature = {
  type: "hmac",
  header: "lean-signature",
  algorithm: "sha512",
  encoding: "hex",
  format: { type: "plain", prefix: "sha512=" },
} as const;
/** Lean: "a success status code (200)" within 10 seconds, else retries after 1, 2, 5, 10, 60 and 180 minutes (Lean's webhook document). */
const LEAN_ANSWER = { deadlineMs: 10_000, successStatus: 200 }; // Lean's webhook document: "a success status code (200)" within 10 s
const standardWebhooks = standard("webhook", "", "");

export const corePresets: Record<string, ProviderInput> = {
  github: {
    description: "GitHub webhooks (X-Hub-Signature-256)",
    docs: "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
    answer: { deadlineMs: 10_000 }, // https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds
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
    // Slash commands and interactivity show the answer's text to the user: direct unless a route says otherwise.
    answer: { deadlineMs: 3_000, mode: "direct" }, // https://api.slack.com/apis/events-api#responding
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
    answer: { deadlineMs: 5_000, successStatus: 200 }, // https://shopify.dev/docs/apps/webhooks/configuration/https
  },
  "standard-webhooks": standard(
    "webhook",
    "Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature)",
    "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md",
  ),
  svix: standard("svix", "Svix senders (Clerk, Resend, …): svix-id / svix-timestamp / svix-signature", "https://docs.svix.com/receiving/verifying-payloads/how-manual"),
  lean: {
    description: "Lean Technologies, production (lean-signature: sha512=<hex>)",
    signature: leanSignature,
    // Lean's published production source; the sandbox's is in lean-sandbox only.
    sourceIps: { ips: ["193.123.78.188"], hostnames: ["webhooks.leantech.me"] },
    answer: LEAN_ANSWER,
  },
  "lean-sandbox": {
    description: "Lean Technologies, sandbox (lean-signature: sha512=<hex>)",
    signature: leanSignature,
    sourceIps: { ips: ["193.123.89.181"], hostnames: ["webhooks.sandbox.leantech.me"] },
    answer: LEAN_ANSWER,
  },
  scalekit: {
    description: "Scalekit (x-scalekit-signature: sha256=<hex>, or Standard Webhooks headers)",
    signature: hexSha256("x-scalekit-signature", "sha256="),
    // Scalekit asks receivers to reject events whose body `created` is over 5 minutes old.
    timestamp: { from: { json: "created" }, format: "auto", tolerance: 300 },
    id: { json: "id" },
    // Scalekit's published webhook source ranges.
    sourceIps: { ips: ["52.206.68.0/24", "54.236.0.0/16"] },
    alternatives: [standardWebhooks],
    // Scalekit documents 100 requests per minute: the default of a scalekit route (a route's rateLimit overrides it).
    rateLimit: { requestsPerMinute: 100 },
  },
  loopwise: {
    description: "Loopwise (Loopwise-Webhook-Signature: <hex>, no prefix)",
    signature: hexSha256("Loopwise-Webhook-Signature"),
    // Loopwise's published webhook source address.
    sourceIps: { ips: ["52.194.91.27"] },
  },
  // The "implementing webhooks properly" article's scheme, with its numbers. Header names are ours (the article
  // names no headers): a tenant whose sender uses others copies this into a custom provider.
  "psk-jwt": {
    description: "Pre-shared key + 20 s HS256 JWT + ValidUntil + the route's allow list (docs/providers.md#psk-jwt)",
    token: { header: "X-Webhook-Key" },
    jwt: { maxLifetime: 20 },
    timestamp: { from: { header: "X-Webhook-Sent-At" }, format: "unix", tolerance: 20 },
    expiresAt: { from: { header: "X-Webhook-Valid-Until" }, format: "unix", maxSeconds: 20, maxAfterTimestamp: 20 },
    requireAllow: true,
  },
  letspost: {
    description: "LetsPost (X-LetsPost-Signature: sha256=<hex>)",
    signature: hexSha256("X-LetsPost-Signature", "sha256="),
  },
};
