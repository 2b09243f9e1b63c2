/** Messaging, email, support/CRM, forms, productivity and identity-verification providers. */
import type { ProviderInput } from "../schema.ts";
import { pairs, plain } from "./helpers.ts";

export const commsPresets: Record<string, ProviderInput> = {
  "microsoft-teams": {
    description: "Microsoft Teams outgoing webhooks (Authorization: HMAC <base64 HMAC-SHA256 of the body>; secret = the security token, base64)",
    docs: "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-outgoing-webhook#create-a-method-to-verify-the-outgoing-webhook-hmac-token",
    signature: { ...plain("Authorization", "sha256", "base64", "HMAC "), secretEncoding: "base64" as const },
  },
  tiktok: {
    description: "TikTok for Developers (TikTok-Signature: t=…,s=<hex HMAC-SHA256 of {t}.{body}>, keyed with the client secret)",
    docs: "https://developers.tiktok.com/doc/webhooks-verification",
    signature: pairs("TikTok-Signature", "s", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
  },
  "tiktok-shop": {
    description: "TikTok Shop (Authorization: hex HMAC-SHA256 of the app key followed by the body, keyed with the app secret; no Bearer prefix, no timestamp). Set the route's values.appKey to the app key.",
    docs: "https://github.com/EcomPHP/tiktokshop-php/blob/master/src/Webhook.php",
    signature: plain("Authorization", "sha256", "hex", "", "{value:appKey}{body}"),
  },
  nylas: {
    description: "Nylas v3 (X-Nylas-Signature: hex HMAC-SHA256 of the body, keyed with the webhook secret). Answers the GET ?challenge= check.",
    docs: "https://developer.nylas.com/docs/v3/notifications/webhooks/",
    signature: plain("X-Nylas-Signature", "sha256", "hex"),
    handshake: { kind: "dropbox-challenge" },
  },
  front: {
    description: "Front application webhooks (X-Front-Signature: base64 HMAC-SHA256 of {X-Front-Request-Timestamp}:{body}, keyed with the app's signing key)",
    docs: "https://dev.frontapp.com/docs/application-webhooks#verifying-integrity",
    signature: plain("X-Front-Signature", "sha256", "base64", "", "{timestamp}:{body}"),
    timestamp: { from: { header: "X-Front-Request-Timestamp" }, format: "auto", tolerance: 300 },
  },
  courier: {
    description: "Courier outbound webhooks (courier-signature: t=…,signature=<hex HMAC-SHA256 of {t}.{body}>)",
    docs: "https://www.courier.com/docs/platform/workspaces/outbound-webhooks",
    signature: pairs("courier-signature", "signature", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "auto", tolerance: 300 },
  },
  plivo: {
    description:
      "Plivo V3 (X-Plivo-Signature-V3: base64 HMAC-SHA256 of the URL, ?<form parameters sorted, name then value> and .<X-Plivo-Signature-V3-Nonce>, auth token; several signatures comma-separated). Callback URLs with a query are refused (ambiguous). Form or empty bodies only. Like Twilio's, the scheme joins names and values without separators: a=1&b=2 re-sent as one parameter a=1b2 verifies too.",
    docs: "https://github.com/plivo/plivo-node/blob/master/lib/utils/v3Security.js",
    signature: { ...plain("X-Plivo-Signature-V3", "sha256", "base64", "", "{url}{form:plivo}.{header:X-Plivo-Signature-V3-Nonce}"), format: { type: "list", separator: ",", prefix: "" } },
  },
  pylon: {
    description: "Pylon (usepylon.com) webhooks (X-Pylon-Signature: hex HMAC-SHA256 of the body, keyed with the webhook's secret)",
    docs: "https://kb.help.usepylon.com/articles/6080966819-how-do-i-verify-the-webhook-signatures",
    signature: plain("X-Pylon-Signature", "sha256", "hex"),
  },
  postmark: {
    description: "Postmark (HTTP Basic credentials in the webhook URL; secret = base64 of user:password). No signature: the body rides on TLS only.",
    docs: "https://postmarkapp.com/developer/webhooks/webhooks-overview#protecting-your-webhook",
    token: { header: "Authorization", prefix: "Basic " },
  },
  pipedrive: {
    description: "Pipedrive (HTTP Basic credentials set on the webhook; secret = base64 of user:password). No signature: the body rides on TLS only.",
    docs: "https://pipedrive.readme.io/docs/guide-for-webhooks",
    token: { header: "Authorization", prefix: "Basic " },
  },
  linkedin: {
    description: "LinkedIn (X-LI-Signature: hmacsha256=<hex HMAC-SHA256 of the body>, keyed with the client secret). The GET challengeCode validation is not answered by hookgate.",
    docs: "https://learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation",
    signature: plain("X-LI-Signature", "sha256", "hex", "hmacsha256="),
  },
  castle: {
    description: "Castle (X-Castle-Signature: base64 HMAC-SHA256 of the body, keyed with the API secret)",
    docs: "https://docs.castle.io/docs/webhooks",
    signature: plain("X-Castle-Signature", "sha256", "base64"),
  },
  clearbit: {
    description: "Clearbit (X-Request-Signature: sha1=<hex HMAC-SHA1 of the body>, keyed with the API key)",
    docs: "https://clearbit.com/docs#webhooks",
    signature: plain("X-Request-Signature", "sha1", "hex", "sha1="),
  },
  pusher: {
    description: "Pusher Channels (X-Pusher-Signature: hex HMAC-SHA256 of the body, keyed with the app secret)",
    docs: "https://pusher.com/docs/channels/server_api/webhooks/#authentication",
    signature: plain("X-Pusher-Signature", "sha256", "hex"),
  },
  commercelayer: {
    description: "Commerce Layer (X-CommerceLayer-Signature: base64 HMAC-SHA256 of the body, keyed with the shared secret)",
    docs: "https://docs.commercelayer.io/core/callbacks-security",
    signature: plain("X-CommerceLayer-Signature", "sha256", "base64"),
  },
  twilio: {
    description:
      "Twilio (X-Twilio-Signature: base64 HMAC-SHA1 of the full URL + each form parameter's name and value, sorted by name; JSON bodies: the signed URL's bodySHA256 query parameter must be the hex SHA-256 of the body). URL-bound: set publicUrl to the URL configured in Twilio (scheme, host, port and path exactly). Note Twilio's form scheme signs parsed parameters, not body bytes, and joins names and values without separators.",
    docs: "https://www.twilio.com/docs/usage/webhooks/webhooks-security",
    signature: plain("X-Twilio-Signature", "sha1", "base64", "", "{url}{form:sorted}"),
    bodyDigest: { from: { query: "bodySHA256" }, algorithm: "sha256", encoding: "hex", unlessForm: true },
    id: { header: "I-Twilio-Idempotency-Token" },
    // Voice and messaging webhooks answer with TwiML: the origin's answer is the point, never queued.
    answer: { deadlineMs: 15_000, mode: "direct" }, // https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides
  },
  mandrill: {
    description: "Mailchimp Transactional / Mandrill (X-Mandrill-Signature: base64 HMAC-SHA1 of the webhook URL + each POST parameter's name and value, sorted). URL-bound: set publicUrl. Form bodies only.",
    docs: "https://mailchimp.com/developer/transactional/guides/track-respond-activity-webhooks/#authenticating-webhook-requests",
    signature: plain("X-Mandrill-Signature", "sha1", "base64", "", "{url}{form:sorted}"),
  },
  mailgun: {
    description:
      "Mailgun (signature inside the JSON body: hex HMAC-SHA256 of signature.timestamp + signature.token). WARNING: Mailgun signs no part of the event itself, so the body is NOT protected: the token is the dedup id, so a replayed token is refused, but a captured request's body can be altered. Form-encoded (legacy) posts are not supported.",
    docs: "https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks",
    signature: { type: "hmac", from: { json: "signature.signature" }, algorithm: "sha256", encoding: "hex", payload: "{timestamp}{id}" },
    timestamp: { from: { json: "signature.timestamp" }, format: "unix", tolerance: 300 },
    id: { json: "signature.token" },
    bodySigned: false,
  },
  customerio: {
    description: "Customer.io reporting webhooks (X-CIO-Signature: hex HMAC-SHA256 of v0:{X-CIO-Timestamp}:{body})",
    docs: "https://docs.customer.io/api/webhooks/#section/Securely-Verifying-Requests",
    signature: plain("X-CIO-Signature", "sha256", "hex", "", "v0:{timestamp}:{body}"),
    timestamp: { from: { header: "X-CIO-Timestamp" }, format: "unix", tolerance: 300 },
    id: { json: "event_id" },
  },
  line: {
    description: "LINE Messaging API (x-line-signature: base64 HMAC-SHA256 of the body, keyed with the channel secret)",
    docs: "https://developers.line.biz/en/reference/messaging-api/#signature-validation",
    signature: plain("x-line-signature", "sha256", "base64"),
  },
  meta: {
    description: "Meta: Facebook, Instagram, WhatsApp Cloud API (X-Hub-Signature-256: sha256=<hex>, keyed with the app secret). The GET hub.challenge subscription check is not answered by hookgate.",
    docs: "https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads",
    signature: plain("X-Hub-Signature-256", "sha256", "hex", "sha256="),
  },
  webex: {
    description: "Webex (X-Spark-Signature: hex HMAC-SHA1 of the body)",
    docs: "https://developer.webex.com/docs/webhooks#handling-requests-from-webex",
    signature: plain("X-Spark-Signature", "sha1", "hex"),
  },
  intercom: {
    description: "Intercom (X-Hub-Signature: sha1=<hex>, keyed with the app's client secret)",
    docs: "https://developers.intercom.com/docs/references/webhooks/webhook-models#signed-notifications",
    signature: plain("X-Hub-Signature", "sha1", "hex", "sha1="),
    id: { json: "id" },
  },
  helpscout: {
    description: "Help Scout (X-HelpScout-Signature: base64 HMAC-SHA1 of the body)",
    docs: "https://developer.helpscout.com/webhooks/",
    signature: plain("X-HelpScout-Signature", "sha1", "base64"),
  },
  zendesk: {
    description: "Zendesk webhooks (X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of {X-Zendesk-Webhook-Signature-Timestamp}{body})",
    docs: "https://developer.zendesk.com/documentation/webhooks/verifying/",
    signature: plain("X-Zendesk-Webhook-Signature", "sha256", "base64", "", "{timestamp}{body}"),
    timestamp: { from: { header: "X-Zendesk-Webhook-Signature-Timestamp" }, format: "auto", tolerance: 300 },
    id: { header: "X-Zendesk-Webhook-Invocation-Id" },
  },
  hubspot: {
    description: "HubSpot v3 signatures (X-HubSpot-Signature-v3: base64 HMAC-SHA256 of method + URL + body + timestamp, client secret; X-HubSpot-Request-Timestamp in ms, 5 min). URL-bound: set publicUrl.",
    docs: "https://developers.hubspot.com/docs/api/webhooks/validating-requests",
    signature: plain("X-HubSpot-Signature-v3", "sha256", "base64", "", "{method}{url}{body}{timestamp}"),
    timestamp: { from: { header: "X-HubSpot-Request-Timestamp" }, format: "unix-ms", tolerance: 300 },
  },
  calendly: {
    description: "Calendly (Calendly-Webhook-Signature: t=…,v1=<hex> over {t}.{body}); tolerance 3 min as Calendly's example",
    docs: "https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures",
    signature: pairs("Calendly-Webhook-Signature", "v1", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 180 },
    answer: { deadlineMs: 15_000 }, // https://developer.calendly.com/api-docs/overview/webhooks/webhook-timeouts
  },
  cal: {
    description: "Cal.com (x-cal-signature-256: hex HMAC-SHA256 of the body)",
    docs: "https://cal.com/docs/developing/guides/automation/webhooks#verifying-the-authenticity-of-the-received-payload",
    signature: plain("x-cal-signature-256", "sha256", "hex"),
  },
  typeform: {
    description: "Typeform (Typeform-Signature: sha256=<base64>)",
    docs: "https://www.typeform.com/developers/webhooks/secure-your-webhooks/",
    signature: plain("Typeform-Signature", "sha256", "base64", "sha256="),
    id: { json: "event_id" },
  },
  tally: {
    description: "Tally forms (Tally-Signature: base64 HMAC-SHA256 of the body)",
    docs: "https://tally.so/help/webhooks",
    signature: plain("Tally-Signature", "sha256", "base64"),
    id: { json: "eventId" },
  },
  docusign: {
    description: "DocuSign Connect HMAC (X-DocuSign-Signature-1…4: base64 HMAC-SHA256 of the body, one header per configured key; any verifying is enough)",
    docs: "https://developers.docusign.com/platform/webhooks/connect/hmac/",
    signature: {
      type: "hmac",
      header: ["X-DocuSign-Signature-1", "X-DocuSign-Signature-2", "X-DocuSign-Signature-3", "X-DocuSign-Signature-4"],
      algorithm: "sha256",
      encoding: "base64",
    },
  },
  asana: {
    description: "Asana (X-Hook-Signature: hex HMAC-SHA256 of the body). The X-Hook-Secret handshake that creates the webhook is not answered by hookgate.",
    docs: "https://developers.asana.com/docs/webhooks-guide#security",
    signature: plain("X-Hook-Signature", "sha256", "hex"),
  },
  clickup: {
    description: "ClickUp (X-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://developer.clickup.com/docs/webhooksignature",
    signature: plain("X-Signature", "sha256", "hex"),
  },
  trello: {
    description: "Trello (X-Trello-Webhook: base64 HMAC-SHA1 of the body followed by the callback URL, keyed with the app secret). URL-bound: set publicUrl to the callbackURL.",
    docs: "https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/#webhook-signatures",
    signature: plain("X-Trello-Webhook", "sha1", "base64", "", "{body}{url}"),
  },
  notion: {
    description: "Notion (X-Notion-Signature: sha256=<hex>, keyed with the subscription's verification_token)",
    docs: "https://developers.notion.com/reference/webhooks#validating-event-payloads",
    signature: plain("X-Notion-Signature", "sha256", "hex", "sha256="),
    id: { json: "id" },
  },
  airtable: {
    description: "Airtable (X-Airtable-Content-MAC: hmac-sha256=<hex>; the secret is the webhook's macSecretBase64, base64-decoded)",
    docs: "https://airtable.com/developers/web/api/webhooks-overview#webhook-notification-delivery",
    signature: { ...plain("X-Airtable-Content-MAC", "sha256", "hex", "hmac-sha256="), secretEncoding: "base64" as const },
  },
  box: {
    description: "Box (BOX-SIGNATURE-PRIMARY / -SECONDARY: base64 HMAC-SHA256 of the body then BOX-DELIVERY-TIMESTAMP; configure both keys as secrets). 10 min tolerance; dedup on the body id (the delivery id changes per retry).",
    docs: "https://developer.box.com/guides/webhooks/v2/signatures-v2/",
    signature: {
      type: "hmac",
      header: ["BOX-SIGNATURE-PRIMARY", "BOX-SIGNATURE-SECONDARY"],
      algorithm: "sha256",
      encoding: "base64",
      payload: "{body}{timestamp}",
    },
    timestamp: { from: { header: "BOX-DELIVERY-TIMESTAMP" }, format: "iso8601", tolerance: 600 },
    id: { json: "id" },
  },
  frameio: {
    description: "Frame.io (X-Frameio-Signature: v0=<hex> over v0:{X-Frameio-Request-Timestamp}:{body})",
    docs: "https://developer.frame.io/docs/automations-webhooks/webhooks-overview#security-and-verification",
    signature: plain("X-Frameio-Signature", "sha256", "hex", "v0=", "v0:{timestamp}:{body}"),
    timestamp: { from: { header: "X-Frameio-Request-Timestamp" }, format: "unix", tolerance: 300 },
  },
  todoist: {
    description: "Todoist (X-Todoist-Hmac-SHA256: base64 HMAC-SHA256 of the body, keyed with the app's client secret)",
    docs: "https://developer.todoist.com/sync/v9/#webhooks",
    signature: plain("X-Todoist-Hmac-SHA256", "sha256", "base64"),
    id: { header: "X-Todoist-Delivery-ID" },
  },
  aiprise: {
    description: "AiPrise verification callbacks (X-HMAC-SIGNATURE: hex HMAC-SHA256 of the body, keyed with the API private key)",
    docs: "https://docs.aiprise.com/docs/callbacks-authentication",
    signature: plain("X-HMAC-SIGNATURE", "sha256", "hex"),
  },
  airship: {
    description:
      "Airship Open Channels (X-UA-SIGNATURE: hex HMAC-SHA256 of {X-UA-TIMESTAMP}:{body}, keyed with the signature secret). The HMAC covers the JSON: a delivery sent gzip-encoded (Content-Encoding: gzip) fails verification, hookgate verifies the bytes received and does not decompress",
    docs: "https://support.airship.com/hc/en-us/articles/360032501831-Implementing-a-Signature-Hash-and-Validating-an-Open-Channel-Webhook",
    signature: plain("X-UA-SIGNATURE", "sha256", "hex", "", "{timestamp}:{body}"),
    timestamp: { from: { header: "X-UA-TIMESTAMP" }, format: "unix", tolerance: 300 },
  },
  acuity: {
    description: "Acuity Scheduling (X-Acuity-Signature: base64 HMAC-SHA256 of the body, keyed with the API key)",
    docs: "https://developers.acuityscheduling.com/docs/webhooks#verifying-webhook-requests",
    signature: plain("X-Acuity-Signature", "sha256", "base64"),
  },
  elevenlabs: {
    description: "ElevenLabs (ElevenLabs-Signature: t=…,v0=<hex> over {t}.{body}); tolerance 30 min as ElevenLabs's SDK",
    docs: "https://elevenlabs.io/docs/product-guides/administration/webhooks",
    signature: pairs("ElevenLabs-Signature", "v0", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 1800 },
  },
  faundit: {
    description: "Faundit (X-Faundit-Signature-Next: hex HMAC-SHA256 of v1:{X-Faundit-Timestamp}:{body}; the legacy X-Faundit-Signature signs only the timestamp and is ignored)",
    docs: "https://faundit.gitbook.io/faundit-api-v2/webhooks",
    signature: plain("X-Faundit-Signature-Next", "sha256", "hex", "", "v1:{timestamp}:{body}"),
    timestamp: { from: { header: "X-Faundit-Timestamp" }, format: "auto", tolerance: 300 },
  },
  go1: {
    description: "Go1 (Go1-Signature: t=<unix>,v1=<hex HMAC-SHA256 of {t}.{body}>, keyed with the webhook's secret_key)",
    docs: "https://developers.go1.com/docs/developer-tools/webhooks/security",
    signature: pairs("Go1-Signature", "v1", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
  },
  oura: {
    description:
      "Oura API v2 (x-oura-signature: uppercase hex HMAC-SHA256 of {x-oura-timestamp}{body}, keyed with the client secret). hookgate answers the subscription's GET check (?verification_token=&challenge= → {\"challenge\": ...}) when verification_token is one of the route's tokenSecrets",
    docs: "https://cloud.ouraring.com/v2/docs",
    signature: plain("x-oura-signature", "sha256", "hex", "", "{timestamp}{body}"),
    timestamp: { from: { header: "x-oura-timestamp" }, format: "auto", tolerance: 300 },
    handshake: { kind: "oura-verification" },
  },
  persona: {
    description: "Persona (Persona-Signature: t=…,v1=<hex> over {t}.{body}). During secret rotation Persona sends two space-separated t=…,v1=… groups: only the last group's v1 is read, so rotate the secret here first.",
    docs: "https://docs.withpersona.com/docs/webhooks-best-practices#checking-signatures",
    signature: pairs("Persona-Signature", "v1", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
    id: { json: "data.id" },
  },
  onfido: {
    description: "Onfido (X-SHA2-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://documentation.onfido.com/api/latest/#webhooks",
    signature: plain("X-SHA2-Signature", "sha256", "hex"),
  },
  veriff: {
    description: "Veriff (X-HMAC-SIGNATURE: hex HMAC-SHA256 of the body, keyed with the shared secret key)",
    docs: "https://devdocs.veriff.com/docs/hmac-authentication-and-endpoint-security",
    signature: plain("X-HMAC-SIGNATURE", "sha256", "hex"),
  },
};
