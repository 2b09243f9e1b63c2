/** Payments, billing and commerce providers. */
import type { ProviderInput } from "../schema.ts";
import { pairs, plain } from "./helpers.ts";

export const paymentsPresets: Record<string, ProviderInput> = {
  paddle: {
    description: "Paddle Billing (Paddle-Signature: ts=…;h1=…, several h1 during rotation). Tolerance 5 s, as Paddle's SDK; widen per route if clocks drift.",
    docs: "https://developer.paddle.com/webhooks/signature-verification",
    signature: pairs("Paddle-Signature", "h1", "hex", "{timestamp}:{body}", ";"),
    timestamp: { from: { signatureField: "ts" }, format: "unix", tolerance: 5 },
    id: { json: "event_id" },
  },
  square: {
    description: "Square (base64 HMAC-SHA256 of notification URL + body). URL-bound: set the route's publicUrl to the URL registered with Square.",
    docs: "https://developer.squareup.com/docs/webhooks/step3validate",
    signature: plain("x-square-hmacsha256-signature", "sha256", "base64", "", "{url}{body}"),
    id: { json: "event_id" },
  },
  lemonsqueezy: {
    description: "Lemon Squeezy (X-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://docs.lemonsqueezy.com/help/webhooks/signing-requests",
    signature: plain("X-Signature", "sha256", "hex"),
  },
  razorpay: {
    description: "Razorpay (X-Razorpay-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://razorpay.com/docs/webhooks/validate-test/",
    signature: plain("X-Razorpay-Signature", "sha256", "hex"),
    id: { header: "x-razorpay-event-id" },
  },
  paystack: {
    description: "Paystack (x-paystack-signature: hex HMAC-SHA512 of the body, keyed with the secret key)",
    docs: "https://paystack.com/docs/payments/webhooks/",
    signature: plain("x-paystack-signature", "sha512", "hex"),
  },
  "coinbase-commerce": {
    description: "Coinbase Commerce (X-CC-Webhook-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://docs.cdp.coinbase.com/commerce-onchain/docs/webhooks-security",
    signature: plain("X-CC-Webhook-Signature", "sha256", "hex"),
    id: { json: "event.id" },
  },
  gocardless: {
    description: "GoCardless (Webhook-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://developer.gocardless.com/getting-started/staying-up-to-date-with-webhooks",
    signature: plain("Webhook-Signature", "sha256", "hex"),
  },
  checkout: {
    description: "Checkout.com (Cko-Signature: hex HMAC-SHA256 of the body, keyed with the webhook secret)",
    docs: "https://www.checkout.com/docs/developer-resources/webhooks/manage-webhooks",
    signature: plain("Cko-Signature", "sha256", "hex"),
    id: { json: "id" },
  },
  revolut: {
    description: "Revolut Business (Revolut-Signature: v1=<hex>[,v1=…] over v1.{Revolut-Request-Timestamp}.{body}; timestamp in ms)",
    docs: "https://developer.revolut.com/docs/guides/manage-accounts/webhooks/verify-the-payload-signature",
    signature: pairs("Revolut-Signature", "v1", "hex", "v1.{timestamp}.{body}"),
    timestamp: { from: { header: "Revolut-Request-Timestamp" }, format: "unix-ms", tolerance: 300 },
  },
  fastspring: {
    description: "FastSpring (X-FS-Signature: base64 HMAC-SHA256 of the body)",
    docs: "https://developer.fastspring.com/reference/message-security",
    signature: plain("X-FS-Signature", "sha256", "base64"),
  },
  maxio: {
    description: "Maxio Advanced Billing, formerly Chargify (X-Chargify-Webhook-Signature-Hmac-Sha-256: hex HMAC-SHA256 of the body)",
    docs: "https://maxio.zendesk.com/hc/en-us/articles/24266136649869-Webhooks-Reference",
    signature: plain("X-Chargify-Webhook-Signature-Hmac-Sha-256", "sha256", "hex"),
    id: { header: "X-Chargify-Webhook-Id" },
  },
  dwolla: {
    description: "Dwolla (X-Request-Signature-SHA-256: hex HMAC-SHA256 of the body)",
    docs: "https://developers.dwolla.com/docs/balance/webhooks/process-validate",
    signature: plain("X-Request-Signature-SHA-256", "sha256", "hex"),
    id: { json: "id" },
  },
  woocommerce: {
    description: "WooCommerce (X-WC-Webhook-Signature: base64 HMAC-SHA256 of the body)",
    docs: "https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks",
    signature: plain("X-WC-Webhook-Signature", "sha256", "base64"),
    id: { header: "X-WC-Webhook-Delivery-ID" },
  },
  aftership: {
    description: "AfterShip (aftership-hmac-sha256: base64 HMAC-SHA256 of the body)",
    docs: "https://www.aftership.com/docs/tracking/webhook/webhook-signature",
    signature: plain("aftership-hmac-sha256", "sha256", "base64"),
  },
  alchemy: {
    description: "Alchemy Notify (X-Alchemy-Signature: hex HMAC-SHA256 of the body, keyed with the webhook signing key)",
    docs: "https://docs.alchemy.com/reference/notify-api-quickstart#validate-the-signature-received",
    signature: plain("X-Alchemy-Signature", "sha256", "hex"),
    id: { json: "id" },
  },
};
