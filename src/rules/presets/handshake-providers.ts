/**
 * Presets for providers with asymmetric signatures or a set-up handshake:
 * plain data, in the same format a tenant writes to KV.
 *
 * For `discord`, `sendgrid` and `telnyx` the route's `secrets` are the provider's
 * PUBLIC keys: Discord's "Public Key" (64 hex digits), SendGrid's "Verification
 * Key" (base64 DER SubjectPublicKeyInfo, `MFkwEwYHKoZIzj0CAQYI…`) and Telnyx's
 * public key (base64, 32 bytes).
 */
import type { ProviderInput } from "../schema.ts";
import { plain } from "./helpers.ts";

export const handshakePresets: Record<string, ProviderInput> = {
  discord: {
    description: "Discord interactions (X-Signature-Ed25519 over timestamp + body; secrets = the app's hex Ed25519 PUBLIC key). Answers PING with PONG.",
    docs: "https://discord.com/developers/docs/interactions/receiving-and-responding#security-and-authorization",
    signature: {
      type: "ed25519",
      header: "X-Signature-Ed25519",
      encoding: "hex",
      payload: "{timestamp}{body}",
      publicKey: "hex-raw",
    },
    // Discord does not publish a window; interactions are never retried, so 5 minutes is generous.
    timestamp: { from: { header: "X-Signature-Timestamp" }, format: "unix", tolerance: 300 },
    id: { json: "id" },
    handshake: { kind: "discord-ping" },
    // The interaction response IS the answer: never queued. Discord wants it within 3 s.
    answer: { deadlineMs: 3_000, mode: "direct" }, // https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
  },
  clio: {
    description:
      "Clio Manage (X-Hook-Signature: hex HMAC-SHA256 of the body; secret = the webhook's shared_secret, returned by Clio's Webhooks API). Answers the X-Hook-Secret activation by echoing it.",
    docs: "https://docs.developers.clio.com/guides/clio-manage/webhooks/",
    signature: plain("X-Hook-Signature", "sha256", "hex"),
    handshake: { kind: "x-hook-secret" },
  },
  sendgrid: {
    description:
      "Twilio SendGrid signed Event Webhook (ECDSA P-256 DER signature over timestamp + body; secrets = the base64 DER verification PUBLIC key). The body is a JSON array: dedup per item (sg_event_id) is the origin's job.",
    docs: "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features",
    signature: {
      type: "ecdsa-p256-sha256",
      header: "X-Twilio-Email-Event-Webhook-Signature",
      encoding: "base64",
      der: true,
      payload: "{timestamp}{body}",
      publicKey: "base64-spki",
    },
    timestamp: { from: { header: "X-Twilio-Email-Event-Webhook-Timestamp" }, format: "unix", tolerance: 300 },
  },
  smartcar: {
    description:
      "Smartcar (SC-Signature: hex HMAC-SHA256 of the body; secret = the Application Management Token). Answers the signed VERIFY challenge with its HMAC.",
    docs: "https://smartcar.com/docs/integrations/webhooks/payload-verification",
    signature: plain("SC-Signature", "sha256", "hex"),
    handshake: { kind: "smartcar-verify" },
  },
  telnyx: {
    description: "Telnyx API v2 (telnyx-signature-ed25519: base64 Ed25519 over {telnyx-timestamp}|{body}; secrets = the account's base64 PUBLIC key)",
    docs: "https://developers.telnyx.com/docs/messaging/webhooks#webhook-signing",
    signature: { type: "ed25519", header: "telnyx-signature-ed25519", encoding: "base64", payload: "{timestamp}|{body}", publicKey: "base64-raw" },
    // 300 s both ways, as Telnyx's SDK.
    timestamp: { from: { header: "telnyx-timestamp" }, format: "unix", tolerance: 300 },
    id: { json: "data.id" },
  },
  zoom: {
    description: "Zoom (x-zm-signature: v0=<hex HMAC-SHA256 of v0:{timestamp}:{body}>; secret = the Secret Token). Answers endpoint.url_validation.",
    docs: "https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events",
    signature: {
      type: "hmac",
      header: "x-zm-signature",
      algorithm: "sha256",
      encoding: "hex",
      format: { type: "plain", prefix: "v0=" },
      payload: "v0:{timestamp}:{body}",
    },
    timestamp: { from: { header: "x-zm-request-timestamp" }, format: "unix", tolerance: 300 },
    handshake: { kind: "zoom-url-validation" },
    answer: { deadlineMs: 3_000, successStatus: 200 }, // https://developers.zoom.us/blog/webhook-delays
  },
  dropbox: {
    description: "Dropbox (X-Dropbox-Signature: hex HMAC-SHA256 of the body; secret = the app secret). Answers the GET ?challenge= verification.",
    docs: "https://www.dropbox.com/developers/reference/webhooks",
    signature: { type: "hmac", header: "X-Dropbox-Signature", algorithm: "sha256", encoding: "hex" },
    handshake: { kind: "dropbox-challenge" },
  },
  twitch: {
    description:
      "Twitch EventSub (Twitch-Eventsub-Message-Signature: sha256=<hex HMAC-SHA256 of id + timestamp + body>). Answers webhook_callback_verification.",
    docs: "https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message",
    signature: {
      type: "hmac",
      header: "Twitch-Eventsub-Message-Signature",
      algorithm: "sha256",
      encoding: "hex",
      format: { type: "plain", prefix: "sha256=" },
      payload: "{id}{timestamp}{body}",
    },
    // Twitch: reject messages whose timestamp is older than 10 minutes.
    timestamp: { from: { header: "Twitch-Eventsub-Message-Timestamp" }, format: "iso8601", tolerance: 600 },
    id: { header: "Twitch-Eventsub-Message-Id" },
    handshake: { kind: "twitch-callback-verification" },
  },
  okta: {
    description:
      "Okta event hooks (a static secret in the Authorization header, compared in constant time; secrets = that value). Answers the one-time GET X-Okta-Verification-Challenge.",
    docs: "https://developer.okta.com/docs/concepts/event-hooks/",
    token: { header: "Authorization" },
    id: { json: "eventId" },
    handshake: { kind: "okta-verification" },
  },
  ringcentral: {
    description:
      "RingCentral webhooks (Verification-Token: the subscription's deliveryMode.verificationToken, compared in constant time; secrets = that token). No signature: the body rides on TLS only. Answers the Validation-Token echo.",
    docs: "https://developers.ringcentral.com/guide/team-messaging/events/outgoing-webhooks",
    token: { header: "Verification-Token" },
    handshake: { kind: "ringcentral-validation-token" },
  },
  xero: {
    description: "Xero (x-xero-signature: base64 HMAC-SHA256 of the body; secret = the webhook key). Answers Intent to Receive: 200 genuine, 401 not.",
    docs: "https://developer.xero.com/documentation/guides/webhooks/overview/",
    signature: { type: "hmac", header: "x-xero-signature", algorithm: "sha256", encoding: "base64" },
    handshake: { kind: "xero-intent-to-receive" },
  },
};
