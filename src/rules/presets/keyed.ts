/**
 * Presets for RSA / JWS / fetched-key / body-embedded schemes and the GET
 * handshakes that go with them. Plain data, as a tenant writes it to KV.
 * What the route's `secrets` hold differs per scheme: each description says.
 */
import type { ProviderInput } from "../schema.ts";
import { plain } from "./helpers.ts";

export const keyedPresets: Record<string, ProviderInput> = {
  alipay: {
    description:
      "Alipay asynchronous notifications (RSA2: base64 SHA256withRSA in the form parameter sign, over every other parameter but sign_type, sorted by name, name=value joined by &, values decoded). secrets = the Alipay public key (PEM or base64). Needs charset utf-8; sign_type itself is not signed.",
    docs: "https://github.com/alipay/alipay-sdk-nodejs-all#alipaysdkchecknotifysignpostdata-raw",
    signature: { type: "rsa", from: { form: "sign" }, algorithm: "sha256", payload: "{form:pairs}", formExclude: ["sign", "sign_type"] },
    id: { form: "notify_id" },
  },
  "aws-sns": {
    description:
      "Amazon SNS HTTP(S) subscriptions (SignatureVersion 1 and 2; the certificate is fetched from SigningCertURL, https on sns.<region>.amazonaws.com only). secrets = the TopicArns this route accepts. Confirms SubscriptionConfirmation by fetching its SubscribeURL. Timestamp window 1 h: widen per route if your delivery policy retries longer.",
    docs: "https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html",
    signature: { type: "remote-key", scheme: "aws-sns", hosts: ["sns.*.amazonaws.com", "sns.*.amazonaws.com.cn"] },
    timestamp: { from: { json: "Timestamp" }, format: "iso8601", tolerance: 3600 },
    id: { json: "MessageId" },
    handshake: { kind: "sns-subscription-confirmation" },
  },
  paypal: {
    description:
      "PayPal (SHA256withRSA over transmission id | time | webhook id | CRC32 of the body; the certificate is fetched from PAYPAL-CERT-URL, https on PayPal's API hosts only). secrets = the webhook id(s).",
    docs: "https://developer.paypal.com/api/rest/webhooks/rest/",
    signature: { type: "remote-key", scheme: "paypal", hosts: ["api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com"] },
    id: { json: "id" },
  },
  bridge: {
    description: "Bridge (bridge.xyz) webhooks (X-Webhook-Signature: t=<ms>,v0=<base64 SHA256withRSA over the SHA-256 digest of {t}.{body}>). secrets = the webhook's PEM public key.",
    docs: "https://apidocs.bridge.xyz/platform/additional-information/webhooks/signature",
    signature: { type: "rsa", header: "X-Webhook-Signature", algorithm: "sha256", format: { type: "pairs", separator: ",", assign: "=", key: "v0" }, payload: "{timestamp}.{body}", prehash: "sha256" },
    timestamp: { from: { signatureField: "t" }, format: "unix-ms", tolerance: 600 },
  },
  circle: {
    description:
      "Circle v2 notifications (X-Circle-Signature: base64 DER ECDSA P-256/SHA-256 of the body; the key is fetched by X-Circle-Key-Id). secrets = your product's key endpoint, e.g. https://api.circle.com/v2/notifications/publicKey (unauthenticated endpoints only).",
    docs: "https://developers.circle.com/api-reference/verify-webhook-signatures",
    signature: { type: "remote-key", scheme: "circle", hosts: ["api.circle.com", "api-sandbox.circle.com", "gateway-api.circle.com", "gateway-api-testnet.circle.com"] },
    id: { json: "notificationId" },
  },
  fireblocks: {
    description: "Fireblocks webhooks v2 (Fireblocks-Webhook-Signature: detached RS512 JWS over the body). secrets = the JWKS URL of your region, e.g. https://keys.fireblocks.io/.well-known/jwks.json.",
    docs: "https://developers.fireblocks.com/reference/validating-webhooks",
    signature: { type: "jws", header: "Fireblocks-Webhook-Signature", algorithms: ["RS512"], detached: true, jwksHosts: ["*.fireblocks.io"] },
  },
  "fireblocks-v1": {
    description: "Fireblocks legacy webhooks (Fireblocks-Signature: base64 RSA-SHA512 of the body). secrets = Fireblocks' published PEM public key for your environment.",
    docs: "https://developers.fireblocks.com/reference/validate-requests-v2",
    signature: { type: "rsa", header: "Fireblocks-Signature", algorithm: "sha512", encoding: "base64" },
  },
  utila: {
    description: "Utila webhooks (x-utila-signature: base64 RSASSA-PSS with SHA-512, salt 64 bytes, over the raw body). secrets = Utila's webhook PEM public key (Console: Vault Settings, Webhooks). No timestamp: replays are stopped by dedup on the event id only.",
    docs: "https://docs.utila.io/reference/webhooks",
    signature: { type: "rsa", header: "x-utila-signature", algorithm: "sha512", padding: "pss" },
    id: { json: "id" },
  },
  wix: {
    description: "Wix app webhooks (the body is an RS256 JWT). secrets = the app's PEM public key.",
    docs: "https://dev.wix.com/docs/build-apps/develop-your-app/api-integrations/events-and-webhooks/handle-events-with-webhooks",
    signature: { type: "jws", algorithms: ["RS256"] },
  },
  fusionauth: {
    description:
      "FusionAuth signed webhooks (X-FusionAuth-Signature-JWT with request_body_sha256 = base64 SHA-256 of the body; HS256 / RS256 / ES256). secrets = the HMAC secret or the PEM public key.",
    docs: "https://fusionauth.io/docs/extend/events-and-webhooks/signing",
    signature: { type: "jws", header: "X-FusionAuth-Signature-JWT", algorithms: ["HS256", "RS256", "ES256"], bodyClaim: "request_body_sha256" },
  },
  adyen: {
    description:
      "Adyen standard webhooks (HMAC-SHA256 of each item's pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success, in additionalData.hmacSignature). secrets = the hex HMAC key. Other fields are NOT signed by Adyen.",
    docs: "https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures/",
    signature: { type: "adyen" },
    bodySigned: false,
  },
  twitter: {
    description: "X / Twitter Account Activity (x-twitter-webhooks-signature: sha256= base64 HMAC-SHA256 of the body, consumer secret). Answers the CRC GET.",
    docs: "https://docs.x.com/x-api/webhooks/introduction",
    signature: plain("x-twitter-webhooks-signature", "sha256", "base64", "sha256="),
    handshake: { kind: "twitter-crc" },
  },
  worldline: {
    description: "Worldline Connect / Direct (X-GCS-Signature: base64 HMAC-SHA256 of the body). Answers the endpoint verification GET.",
    docs: "https://docs.connect.worldline-solutions.com/documentation/webhooks/event-structure/",
    signature: plain("X-GCS-Signature", "sha256", "base64"),
    id: { json: "id" },
    handshake: { kind: "worldline-endpoint-verification" },
  },
};
