/** Developer tools, hosting, CI, CMS and infrastructure providers. */
import type { ProviderInput } from "../schema.ts";
import { pairs, plain } from "./helpers.ts";

export const devtoolsPresets: Record<string, ProviderInput> = {
  gitlab: {
    description: "GitLab (X-Gitlab-Token: the webhook's secret token, compared in constant time). No signature: the body rides on TLS only.",
    docs: "https://docs.gitlab.com/user/project/integrations/webhooks/#validate-payloads-by-using-a-secret-token",
    token: { header: "X-Gitlab-Token" },
    id: { header: "Idempotency-Key" },
  },
  jira: {
    description: "Jira Cloud admin webhooks with a secret (X-Hub-Signature: sha256=<hex>)",
    docs: "https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks",
    signature: plain("X-Hub-Signature", "sha256", "hex", "sha256="),
    id: { header: "X-Atlassian-Webhook-Identifier" },
  },
  akeneo: {
    description: "Akeneo PIM Events API (X-Akeneo-Request-Signature: hex HMAC-SHA256 of {X-Akeneo-Request-Timestamp}.{body}, keyed with the connection's secret)",
    docs: "https://api.akeneo.com/events-documentation/security.html",
    signature: plain("X-Akeneo-Request-Signature", "sha256", "hex", "", "{timestamp}.{body}"),
    timestamp: { from: { header: "X-Akeneo-Request-Timestamp" }, format: "unix", tolerance: 300 },
  },
  autodesk: {
    description: "Autodesk Platform Services (x-adsk-signature: sha1hash=<hex HMAC-SHA1 of the body>, keyed with the secret token)",
    docs: "https://aps.autodesk.com/en/docs/webhooks/v1/tutorials/how-to-verify-payload-signature/",
    signature: plain("x-adsk-signature", "sha1", "hex", "sha1hash="),
  },
  "sonatype-nexus": {
    description: "Sonatype Nexus Repository (X-Nexus-Webhook-Signature: hex HMAC-SHA1 of the body)",
    docs: "https://help.sonatype.com/en/webhooks.html",
    signature: plain("X-Nexus-Webhook-Signature", "sha1", "hex"),
  },
  enode: {
    description: "Enode (x-enode-signature: sha1=<hex HMAC-SHA1 of the body>, keyed with the webhook's secret)",
    docs: "https://developers.enode.com/docs/webhooks",
    signature: plain("x-enode-signature", "sha1", "hex", "sha1="),
  },
  cloudsignal: {
    description: "Cloudprinter CloudSignal Webhooks v2.0: a pre-shared key (the Webhook API key) in the JSON body's apikey field, compared in constant time. It authenticates the sender only: nothing is signed, the body is protected by TLS alone. Cloudprinter retries until 200 or 204, up to 100 times over 7 days.",
    docs: "https://docs.cloudprinter.com/client/cloudsignal-webhooks-v2-0",
    token: { json: "apikey" },
  },
  meraki: {
    description: "Cisco Meraki alerts: a pre-shared key in the JSON body's sharedSecret field, compared in constant time. It authenticates the sender only: nothing is signed, the body is protected by TLS alone.",
    docs: "https://developer.cisco.com/meraki/webhooks/introduction/#shared-secret",
    token: { json: "sharedSecret" },
    id: { json: "alertId" },
  },
  mongodb: {
    description: "MongoDB Atlas alerts (X-MMS-Signature: base64 HMAC-SHA1 of the body, keyed with the webhook secret)",
    docs: "https://www.mongodb.com/docs/atlas/tutorial/webhook-integration/",
    signature: plain("X-MMS-Signature", "sha1", "base64"),
  },
  hygraph: {
    description: "Hygraph, formerly GraphCMS (gcms-signature: sign=<base64 HMAC-SHA256>, env=<environment>, t=<ms>). The HMAC covers JSON.stringify({Body: <the body as a string>, EnvironmentName, TimeStamp}), as @hygraph/utils builds it; an environment name that JSON escapes (quotes, backslashes) would not verify.",
    docs: "https://www.npmjs.com/package/@hygraph/utils",
    signature: pairs("gcms-signature", "sign", "base64", '{"Body":{body:json},"EnvironmentName":"{field:env}","TimeStamp":{timestamp}}'),
    timestamp: { from: { signatureField: "t" }, format: "unix-ms", tolerance: 300 },
  },
  sanity: {
    description: "Sanity (sanity-webhook-signature: t=<ms>,v1=<base64url HMAC-SHA256 of {t}.{body}>)",
    docs: "https://www.sanity.io/docs/webhooks",
    signature: pairs("sanity-webhook-signature", "v1", "base64url", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix-ms", tolerance: 300 },
    id: { header: "idempotency-key" },
  },
  contentful: {
    description:
      "Contentful webhooks and app events (x-contentful-signature: hex HMAC-SHA256 of method, path, the headers listed in x-contentful-signed-headers and the body, joined by newlines; keyed with the signing secret). The list must include x-contentful-timestamp (ms, 30 s TTL as node-apps-toolkit) and itself.",
    docs: "https://www.contentful.com/developers/docs/webhooks/request-verification/",
    signature: {
      ...plain("x-contentful-signature", "sha256", "hex", "", "{method}\n{path:escaped}\n{headers}\n{body}"),
      signedHeaders: { header: "x-contentful-signed-headers", required: ["x-contentful-timestamp", "x-contentful-signed-headers"] },
    },
    timestamp: { from: { header: "x-contentful-timestamp" }, format: "unix-ms", tolerance: 30 },
  },
  cursor: {
    description: "Cursor background agents (X-Webhook-Signature: sha256=<hex>)",
    docs: "https://docs.cursor.com/background-agent/api/webhooks",
    signature: plain("X-Webhook-Signature", "sha256", "hex", "sha256="),
    id: { header: "X-Webhook-ID" },
  },
  "vercel-log-drains": {
    description: "Vercel log drains (x-vercel-signature: hex HMAC-SHA1 of the body, keyed with the drain secret)",
    docs: "https://vercel.com/docs/drains/security",
    signature: plain("x-vercel-signature", "sha1", "hex"),
  },
  bitbucket: {
    description: "Bitbucket Cloud (X-Hub-Signature: sha256=<hex>)",
    docs: "https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/#Secure-webhooks",
    signature: plain("X-Hub-Signature", "sha256", "hex", "sha256="),
    id: { header: "X-Request-UUID" },
  },
  linear: {
    description: "Linear (Linear-Signature: hex HMAC-SHA256 of the body; body webhookTimestamp in ms, accepted within 60 s as Linear advises)",
    docs: "https://linear.app/developers/webhooks#securing-webhooks",
    signature: plain("Linear-Signature", "sha256", "hex"),
    timestamp: { from: { json: "webhookTimestamp" }, format: "unix-ms", tolerance: 60 },
    id: { header: "Linear-Delivery" },
  },
  vercel: {
    description: "Vercel (x-vercel-signature: hex HMAC-SHA1 of the body)",
    docs: "https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks",
    signature: plain("x-vercel-signature", "sha1", "hex"),
    id: { json: "id" },
  },
  "vmware-workspace-one": {
    description: "VMware (Omnissa) Workspace ONE UEM event notifications (HTTP Basic credentials set on the notification; secret = base64 of user:password). No signature: the body rides on TLS only.",
    docs: "https://ngrok.com/docs/integrations/webhooks/vmware-webhooks",
    token: { header: "Authorization", prefix: "Basic " },
  },
  sentry: {
    description: "Sentry integration platform (Sentry-Hook-Signature: hex HMAC-SHA256 of the body, keyed with the client secret)",
    docs: "https://docs.sentry.io/organization/integrations/integration-platform/webhooks/#sentry-hook-signature",
    signature: plain("Sentry-Hook-Signature", "sha256", "hex"),
    id: { header: "Request-ID" },
  },
  "signal-sciences": {
    description: "Signal Sciences / Fastly Next-Gen WAF generic webhooks (X-SigSci-Signature: hex HMAC-SHA256 of the body, keyed with the integration's signing key)",
    docs: "https://docs.fastly.com/signalsciences/integrations/generic-webhooks/",
    signature: plain("X-SigSci-Signature", "sha256", "hex"),
  },
  circleci: {
    description: "CircleCI (circleci-signature: v1=<hex>, comma-separated versions)",
    docs: "https://circleci.com/docs/webhooks/#validate-webhooks",
    signature: pairs("circleci-signature", "v1", "hex", "{body}"),
    id: { json: "id" },
  },
  heroku: {
    description: "Heroku app webhooks (Heroku-Webhook-Hmac-SHA256: base64 HMAC-SHA256 of the body)",
    docs: "https://devcenter.heroku.com/articles/app-webhooks#securing-webhook-requests",
    signature: plain("Heroku-Webhook-Hmac-SHA256", "sha256", "base64"),
    id: { header: "Heroku-Webhook-Id" },
  },
  launchdarkly: {
    description: "LaunchDarkly (X-LD-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://docs.launchdarkly.com/home/connect/webhooks#signing-webhooks",
    signature: plain("X-LD-Signature", "sha256", "hex"),
  },
  gitea: {
    description: "Gitea (X-Gitea-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://docs.gitea.com/usage/webhooks",
    signature: plain("X-Gitea-Signature", "sha256", "hex"),
    id: { header: "X-Gitea-Delivery" },
  },
  forgejo: {
    description: "Forgejo (X-Forgejo-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://forgejo.org/docs/latest/user/webhooks/",
    signature: plain("X-Forgejo-Signature", "sha256", "hex"),
    id: { header: "X-Forgejo-Delivery" },
  },
  gogs: {
    description: "Gogs (X-Gogs-Signature: hex HMAC-SHA256 of the body)",
    docs: "https://gogs.io/docs/features/webhook",
    signature: plain("X-Gogs-Signature", "sha256", "hex"),
    id: { header: "X-Gogs-Delivery" },
  },
  npm: {
    description: "npm hooks (x-npm-signature: sha256=<hex>)",
    docs: "https://github.com/npm/npm-hook-receiver",
    signature: plain("x-npm-signature", "sha256", "hex", "sha256="),
  },
  buildkite: {
    description: "Buildkite (X-Buildkite-Signature: timestamp=…,signature=<hex> over {timestamp}.{body})",
    docs: "https://buildkite.com/docs/apis/webhooks#webhook-signature",
    signature: pairs("X-Buildkite-Signature", "signature", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "timestamp" }, format: "unix", tolerance: 300 },
  },
  snyk: {
    description: "Snyk (X-Hub-Signature: sha256=<hex>)",
    docs: "https://docs.snyk.io/snyk-api/how-to-use-snyk-webhooks-to-connect-snyk-to-slack-with-aws-lambda",
    signature: plain("X-Hub-Signature", "sha256", "hex", "sha256="),
  },
  "terraform-cloud": {
    description: "HCP Terraform / Terraform Enterprise notifications (X-TFE-Notification-Signature: hex HMAC-SHA512 of the body)",
    docs: "https://developer.hashicorp.com/terraform/cloud-docs/api-docs/notification-configurations#notification-authenticity",
    signature: plain("X-TFE-Notification-Signature", "sha512", "hex"),
  },
  "trendmicro-conformity": {
    description: "Trend Micro Cloud One Conformity (X-Conformity-Signature: hex HMAC-SHA256 of the body, keyed with the webhook security token)",
    docs: "https://cloudone.trendmicro.com/docs/conformity/webhook-communication/",
    signature: plain("X-Conformity-Signature", "sha256", "hex"),
  },
  workos: {
    description: "WorkOS (WorkOS-Signature: t=<ms>, v1=<hex> over {t}.{body}); tolerance 180 s as WorkOS's SDKs",
    docs: "https://workos.com/docs/events/data-syncing/webhooks/3-process-the-events/b-validate-the-requests-manually",
    signature: pairs("WorkOS-Signature", "v1", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix-ms", tolerance: 180 },
    id: { json: "id" },
  },
  hostedhooks: {
    description: "HostedHooks (HostedHooks-Signature: t=<unix>,s=<hex HMAC-SHA256 of {t}.{body}>, keyed with the endpoint's signing secret)",
    docs: "https://docs.hostedhooks.com/security/security-features/webhook-signatures",
    signature: pairs("HostedHooks-Signature", "s", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
  },
  hookdeck: {
    description: "Hookdeck (x-hookdeck-signature: base64 HMAC-SHA256 of the body)",
    docs: "https://hookdeck.com/docs/authentication#hookdeck-webhook-signature-verification",
    signature: plain("x-hookdeck-signature", "sha256", "base64"),
    id: { header: "x-hookdeck-event-id" },
  },
  segment: {
    description: "Twilio Segment destination webhooks (X-Signature: hex HMAC-SHA1 of the body)",
    docs: "https://segment.com/docs/connections/destinations/catalog/webhooks/",
    signature: plain("X-Signature", "sha1", "hex"),
    id: { json: "messageId" },
  },
  mux: {
    description: "Mux (mux-signature: t=…,v1=<hex> over {t}.{body})",
    docs: "https://www.mux.com/docs/core/verify-webhook-signatures",
    signature: pairs("mux-signature", "v1", "hex", "{timestamp}.{body}"),
    timestamp: { from: { signatureField: "t" }, format: "unix", tolerance: 300 },
    id: { json: "id" },
  },
  storyblok: {
    description: "Storyblok (webhook-signature: hex HMAC-SHA1 of the body)",
    docs: "https://www.storyblok.com/docs/guide/in-depth/webhooks#securing-a-webhook",
    signature: plain("webhook-signature", "sha1", "hex"),
  },
  webflow: {
    description: "Webflow, OAuth-app webhooks only (x-webflow-signature: hex HMAC-SHA256 of {x-webflow-timestamp}:{body}; timestamp in ms)",
    docs: "https://developers.webflow.com/data/docs/working-with-webhooks#validating-request-signatures",
    signature: plain("x-webflow-signature", "sha256", "hex", "", "{timestamp}:{body}"),
    timestamp: { from: { header: "x-webflow-timestamp" }, format: "unix-ms", tolerance: 300 },
  },
  ghost: {
    description: "Ghost (x-ghost-signature: sha256=<hex>, t=<ms> over the body followed by the timestamp)",
    docs: "https://ghost.org/docs/webhooks/",
    signature: pairs("x-ghost-signature", "sha256", "hex", "{body}{timestamp}"),
    timestamp: { from: { signatureField: "t" }, format: "unix-ms", tolerance: 300 },
  },
  pagerduty: {
    description: "PagerDuty v3 webhooks (X-PagerDuty-Signature: v1=<hex>[,v1=…])",
    docs: "https://developer.pagerduty.com/docs/webhooks-overview#webhook-signatures",
    signature: pairs("X-PagerDuty-Signature", "v1", "hex", "{body}"),
    id: { json: "event.id" },
  },
};
