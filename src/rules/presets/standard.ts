/**
 * Senders that sign with Standard Webhooks (or Svix, the same scheme under
 * svix-* header names), as their own docs state. Same data as the
 * `standard-webhooks` / `svix` core presets, under the provider's name so a
 * tenant finds it.
 */
import type { ProviderInput } from "../schema.ts";
import { standard } from "./helpers.ts";

export const standardPresets: Record<string, ProviderInput> = {
  clerk: standard("svix", "Clerk (signs with Svix: svix-id / svix-timestamp / svix-signature; secret whsec_…)", "https://clerk.com/docs/webhooks/sync-data"),
  resend: standard("svix", "Resend (signs with Svix: svix-id / svix-timestamp / svix-signature; secret whsec_…)", "https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests"),
  openai: standard("webhook", "OpenAI webhooks (Standard Webhooks; secret whsec_…)", "https://platform.openai.com/docs/guides/webhooks"),
  replicate: standard("webhook", "Replicate (Standard Webhooks; secret whsec_… from /v1/webhooks/default/secret)", "https://replicate.com/docs/topics/webhooks/verify-webhook"),
  render: standard("webhook", "Render (Standard Webhooks; secret whsec_…)", "https://render.com/docs/webhooks"),
  dodopayments: standard("webhook", "Dodo Payments (Standard Webhooks; secret whsec_…)", "https://docs.dodopayments.com/developer-resources/webhooks"),
  liveblocks: standard("webhook", "Liveblocks (Standard Webhooks; secret whsec_…)", "https://liveblocks.io/docs/platform/webhooks"),
  polar: standard(
    "webhook",
    "Polar (Standard Webhooks headers; unusual: the key is the secret's UTF-8 bytes as written, not base64-decoded: Polar's SDK base64-encodes the secret before verifying)",
    "https://docs.polar.sh/integrate/webhooks/delivery",
    "utf8",
  ),
};
