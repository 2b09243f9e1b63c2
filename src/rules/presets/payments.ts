/** Payments, billing and commerce providers. */
import type { ProviderInput } from "../schema.ts";
import { pairs, plain, standard } from "./helpers.ts";

export const paymentsPresets: Record<string, ProviderInput> = {
  orb: {
    description: "Orb (X-Orb-Signature: v1=<hex HMAC-SHA256 of v1:{X-Orb-Timestamp}:{body}>; the timestamp is ISO 8601 in UTC, without a zone)",
    docs: "https://docs.withorb.com/guides/integrations-and-exports/webhooks#webhooks-verification",
    signature: plain("X-Orb-Signature", "sha256", "hex", "v1=", "v1:{timestamp}:{body}"),
    timestamp: { from: { header: "X-Orb-Timestamp" }, format: "iso8601", tolerance: 300 },
    id: { json: "id" },
  },
  nmi: {
    description: "NMI payment gateway (Webhook-Signature: t=<nonce>,s=<hex HMAC-SHA256 of {t}.{body}>, keyed with the webhooks signing key; t is a per-delivery nonce, not a time: it is the event id)",
    docs: "https://docs.nmi.com/docs/webhooks",
    signature: pairs("Webhook-Signature", "s", "hex", "{id}.{body}"),
    id: { signatureField: "t" },
  },
  nuvemshop: {
    description: "Nuvemshop / Tiendanube apps (x-linkedstore-hmac-sha256: hex HMAC-SHA256 of the body, keyed with the app's client secret)",
    docs: "https://tiendanube.github.io/api-documentation/resources/webhook",
    signature: plain("x-linkedstore-hmac-sha256", "sha256", "hex"),
  },
  picqer: {
    description: "Picqer (X-Picqer-Signature: base64 HMAC-SHA256 of the body, keyed with the hook's secret)",
    docs: "https://picqer.com/en/api/webhooks",
    signature: plain("X-Picqer-Signature", "sha256", "base64"),
  },
  pinwheel: {
    description: "Pinwheel (x-pinwheel-signature: v2=<hex HMAC-SHA256 of v2:{x-timestamp}:{body}>, keyed with the API secret)",
    docs: "https://docs.pinwheelapi.com/docs/webhook-signature-verification",
    // Pinwheel documents neither the timestamp's format nor a window: it is signed, not checked for age.
    signature: plain("x-pinwheel-signature", "sha256", "hex", "v2=", "v2:{header:x-timestamp}:{body}"),
  },
  chargebee: {
    description: "Chargebee (HTTP Basic credentials set on the webhook; secret = base64 of user:password). No signature: the body rides on TLS only.",
    docs: "https://www.chargebee.com/docs/2.0/webhook_settings.html",
    token: { header: "Authorization", prefix: "Basic " },
    id: { json: "id" },
  },
  ascend: {
    description: "Ascend (X-Ascend-Signature: t=<unix>,v1=<hex HMAC-SHA256 of {t}:{body}>, keyed with the webhook key)",
    docs: "https://developers.useascend.com/docs/webhooks",
    signature: pairs("X-Ascend-Signature", "v1", "hex", "{timestamp}:{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
  },
  bridgeapi: {
    description: "Bridge API, bridgeapi.io (BridgeApi-Signature: v1=<uppercase hex HMAC-SHA256 of the body>, one v1 per active secret)",
    docs: "https://docs.bridgeapi.io/docs/secure-your-webhooks",
    signature: pairs("BridgeApi-Signature", "v1", "hex", "{body}"),
  },
  bolt: {
    description: "Bolt (X-Bolt-Hmac-Sha256: base64 HMAC-SHA256 of the body, keyed with the signing secret)",
    docs: "https://help.bolt.com/developers/guides/webhooks/hook-verification/",
    signature: plain("X-Bolt-Hmac-Sha256", "sha256", "base64"),
  },
  "modern-treasury": {
    description: "Modern Treasury (X-Signature: hex HMAC-SHA256 of the body, keyed with the webhook key)",
    docs: "https://docs.moderntreasury.com/platform/reference/verifying-webhooks",
    signature: plain("X-Signature", "sha256", "hex"),
  },
  brex: standard("webhook", "Brex (Webhook-Id / -Timestamp / -Signature as Standard Webhooks; secret = the base64 key from GET /v1/webhooks/secrets)", "https://developer.brex.com/docs/webhooks/", "base64"),
  lithic: standard("webhook", "Lithic (Standard Webhooks; secret whsec_…)", "https://docs.lithic.com/docs/events-api#verifying-webhooks"),
  airwallex: {
    description: "Airwallex (x-signature: hex HMAC-SHA256 of {x-timestamp}{body}; the timestamp is read in ms or s)",
    docs: "https://www.airwallex.com/docs/developer-tools/webhooks/listen-for-webhook-events",
    signature: plain("x-signature", "sha256", "hex", "", "{timestamp}{body}"),
    timestamp: { from: { header: "x-timestamp" }, format: "auto", tolerance: 300 },
    id: { json: "id" },
  },
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
  shopline: {
    description: "SHOPLINE (X-Shopline-Hmac-Sha256: hex HMAC-SHA256 of the body, keyed with the app secret; hex as SHOPLINE's Go SDK verifies it)",
    docs: "https://developer.shopline.com/docs/apps/api-instructions-for-use/webhooks/overview",
    signature: plain("X-Shopline-Hmac-Sha256", "sha256", "hex"),
    id: { header: "X-Shopline-Webhook-Id" },
  },
  solidgate: {
    description: "Solidgate (signature header: base64 of the hex HMAC-SHA512 of merchant + body + merchant; the merchant header carries the webhook public key wh_pk_…). secrets = the webhook secret key (wh_sk_…).",
    docs: "https://docs.solidgate.com/payments/integrate/access-to-api/",
    signature: plain("signature", "sha512", "base64-hex", "", "{header:merchant}{body}{header:merchant}"),
  },
  synctera: {
    description: "Synctera (Synctera-Signature: hex HMAC-SHA256 of {Request-Timestamp}.{body}; two signatures joined by . while a secret rolls)",
    docs: "https://dev.synctera.com/docs/webhooks-guide",
    signature: { type: "hmac", header: "Synctera-Signature", algorithm: "sha256", encoding: "hex", format: { type: "list", separator: ".", prefix: "" }, payload: "{timestamp}.{body}" },
    timestamp: { from: { header: "Request-Timestamp" }, format: "unix", tolerance: 300 },
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
  "exact-online": {
    description:
      "Exact Online (signature inside the JSON body: HashCode = uppercase hex HMAC-SHA256 of the raw bytes of the Content member, keyed with the app's Webhook secret). The body must be exactly {\"Content\": …, \"HashCode\": …} in that order (whitespace aside): any other member, a repeated one or trailing data fails, so nothing unsigned reaches the origin. The subscription check (a POST without a body) is answered with an empty 200",
    docs: "https://support.exactonline.com/community/s/knowledge-base#All-All-DNO-Content-webhooksc",
    signature: { type: "hmac", from: { json: "HashCode" }, algorithm: "sha256", encoding: "hex", payload: "{member:Content}" },
    handshake: { kind: "empty-post" },
  },
  quoter: {
    description:
      "Quoter (a form post: hash = hex MD5 of the Hash Key followed by the timestamp and data parameters as received: a keyed digest, not an HMAC). The form must be exactly hash, timestamp and data, each once: any other parameter would not be signed, so it fails. secrets = the webhook's Hash Key (set one: without it Quoter's hash proves nothing).",
    docs: "https://help.quoter.com/en/articles/2796480-integrate-with-webhooks",
    signature: { type: "keyed-digest", from: { form: "hash" }, algorithm: "md5", encoding: "hex", payload: "{formfield:timestamp}{formfield:data}" },
    timestamp: { from: { form: "timestamp" }, format: "unix", tolerance: 300 },
  },
  recharge: {
    description: "Recharge (X-Recharge-Hmac-Sha256: hex SHA-256 of the API client secret followed by the body: a keyed digest, not an HMAC, despite the header's name)",
    docs: "https://docs.getrecharge.com/docs/webhooks-overview#validating-webhooks",
    signature: { ...plain("X-Recharge-Hmac-Sha256", "sha256", "hex"), type: "keyed-digest" },
  },
  recurly: {
    description: "Recurly JSON webhooks (recurly-signature: <ms timestamp>,<hex HMAC-SHA256 of {timestamp}.{body}>[,<hex>…]: one signature per key during a 24-hour key rotation). XML webhooks are not signed.",
    docs: "https://docs.recurly.com/recurly-subscriptions/docs/signature-verification",
    signature: { ...plain("recurly-signature", "sha256", "hex", "", "{timestamp}.{body}"), format: { type: "list", separator: ",", first: "t" } },
    timestamp: { from: { signatureField: "t" }, format: "unix-ms", tolerance: 300 },
  },
  tebex: {
    description: "Tebex (X-Signature: hex HMAC-SHA256 of the hex SHA-256 of the body, keyed with the webhook secret). Tebex sends only from 18.209.80.3 and 54.87.231.232 (add them as the route's allow). The validation webhook is signed too: the origin answers it with its id.",
    docs: "https://docs.tebex.io/developers/webhooks/overview",
    signature: plain("X-Signature", "sha256", "hex", "", "{body:sha256hex}"),
    id: { json: "id" },
  },
  fastspring: {
    description: "FastSpring (X-FS-Signature: base64 HMAC-SHA256 of the body)",
    docs: "https://developer.fastspring.com/reference/message-security",
    signature: plain("X-FS-Signature", "sha256", "base64"),
  },
  flexport: {
    description: "Flexport (X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>, keyed with the endpoint's secret token; the SHA-1 X-Hub-Signature is ignored)",
    docs: "https://apidocs.flexport.com/v3/tag/Webhook-Endpoints",
    signature: plain("X-Hub-Signature-256", "sha256", "hex", "sha256="),
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
  zerohash: {
    description: "Zero Hash (x-zh-hook-signature: hex HMAC-SHA256 of {body}{x-zh-hook-timestamp}, no separator; the timestamp is in ms)",
    docs: "https://docs.zerohash.com/reference/webhook-security",
    signature: plain("x-zh-hook-signature", "sha256", "hex", "", "{body}{timestamp}"),
    timestamp: { from: { header: "x-zh-hook-timestamp" }, format: "unix-ms", tolerance: 300 },
    id: { header: "x-zh-hook-notification-id" },
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
