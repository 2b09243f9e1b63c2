/**
 * Handshakes as data: a provider names the kind of set-up handshake it does,
 * and the logic lives in one small file per kind (src/handshake/<kind>.ts).
 * Imports only zod (and its locale), so src/rules/schema.ts can use it without a cycle.
 */
import * as z from "zod/mini";
import "../rules/zod-locale.ts";

export const HANDSHAKE_KINDS = [
  "slack-url-verification",
  "zoom-url-validation",
  "dropbox-challenge",
  "twitch-callback-verification",
  "discord-ping",
  "xero-intent-to-receive",
  "okta-verification",
  "oura-verification",
  "twitter-crc",
  "ebay-challenge",
  "empty-post",
  "mailchimp-get",
  "worldline-endpoint-verification",
  "sns-subscription-confirmation",
  "x-hook-secret",
  "ringcentral-validation-token",
  "smartcar-verify",
] as const;
export type HandshakeKindName = (typeof HANDSHAKE_KINDS)[number];

/** Provider field: which handshake the provider performs. */
export const HandshakeSchema = z.strictObject({
  kind: z.enum(HANDSHAKE_KINDS, { message: `must be one of ${HANDSHAKE_KINDS.join(", ")}` }),
});
export type Handshake = z.infer<typeof HandshakeSchema>;

/** Route field: how this route treats its provider's handshake. */
export const RouteHandshakeSchema = z.strictObject({
  /**
   * false (default): hookgate answers a genuine handshake itself and the origin
   * never sees it. true: a genuine signed handshake is forwarded like any event
   * and the origin answers. Unsigned handshakes (GET challenges, the Clio and
   * RingCentral header echoes) are always answered by hookgate: they cannot be
   * verified, so they are never forwarded.
   */
  forward: z._default(z.boolean(), false),
});
