/**
 * The handshake stages of the pipeline. A provider names its handshake kind
 * (`handshake: { kind }`); the logic is one small file per kind.
 *
 * - unsignedHandshake runs right after the route is found: GET challenges the
 *   provider does not sign (Dropbox, Okta, Oura, Worldline, Mailchimp, Twitter CRC,
 *   eBay) and POST header echoes (Clio X-Hook-Secret, RingCentral Validation-Token),
 *   Exact Online's empty POST.
 *   It answers only from a safe token, and the route's `methods` need not list GET.
 * - signedHandshake runs after the request verified: Slack, Zoom, Twitch,
 *   Discord, Xero, AWS SNS SubscriptionConfirmation, Smartcar VERIFY. A handshake that fails verification is rejected like any
 *   forgery (401), so hookgate never answers for a forged one.
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import type { HandshakeKindName } from "./schema.ts";
import type { HandshakeKind } from "./kind.ts";
import { slackUrlVerification } from "./slack.ts";
import { zoomUrlValidation } from "./zoom.ts";
import { dropboxChallenge } from "./dropbox.ts";
import { twitchCallbackVerification } from "./twitch.ts";
import { discordPing } from "./discord.ts";
import { xeroIntentToReceive } from "./xero.ts";
import { oktaVerification } from "./okta.ts";
import { ouraVerification } from "./oura.ts";
import { ebayChallenge, mailchimpGet, twitterCrc, worldlineVerification } from "./get-challenges.ts";
import { snsSubscriptionConfirmation } from "./sns.ts";
import { emptyPost } from "./empty-post.ts";
import { ringcentralValidationToken, xHookSecret } from "./header-echo.ts";
import { smartcarVerify } from "./smartcar.ts";
import type { KeyNet } from "../verify/key-fetch.ts";
import { skipSpace } from "../shared/json-scan.ts";

export const handshakeKinds: Readonly<Record<HandshakeKindName, HandshakeKind>> = {
  "slack-url-verification": slackUrlVerification,
  "zoom-url-validation": zoomUrlValidation,
  "dropbox-challenge": dropboxChallenge,
  "twitch-callback-verification": twitchCallbackVerification,
  "discord-ping": discordPing,
  "xero-intent-to-receive": xeroIntentToReceive,
  "okta-verification": oktaVerification,
  "oura-verification": ouraVerification,
  "twitter-crc": twitterCrc,
  "ebay-challenge": ebayChallenge,
  "empty-post": emptyPost,
  "mailchimp-get": mailchimpGet,
  "worldline-endpoint-verification": worldlineVerification,
  "sns-subscription-confirmation": snsSubscriptionConfirmation,
  "x-hook-secret": xHookSecret,
  "ringcentral-validation-token": ringcentralValidationToken,
  "smartcar-verify": smartcarVerify,
};

/** A handshake this request is, with its answer (or the reason it is malformed). */
export interface Answered {
  kind: HandshakeKindName;
  result: Result<Response>;
}

function kindOf(compiled: CompiledRoute): [HandshakeKindName, HandshakeKind] | undefined {
  const name = compiled.provider.handshake?.kind;
  return name ? [name, handshakeKinds[name]] : undefined;
}

/** Before method check and verification: an unsigned GET challenge, or null. */
export async function unsignedHandshake(compiled: CompiledRoute, req: Inbound): Promise<Answered | null> {
  const found = kindOf(compiled);
  if (!found || found[1].signing !== "unsigned" || !found[1].matches(req)) return null;
  const spec = compiled.provider.signature;
  const secretEncoding = spec?.type === "hmac" ? spec.secretEncoding : "utf8";
  return { kind: found[0], result: await found[1].answer(req, { secret: compiled.secrets[0], secretEncoding, publicUrl: compiled.route.publicUrl, tokens: compiled.route.tokenSecrets && compiled.tokenSecrets }) };
}

/**
 * After verification succeeded: the answer to a signed handshake, or null
 * when the request is not one (or the route forwards handshakes to its origin).
 */
export async function signedHandshake(compiled: CompiledRoute, req: Inbound, secretIndex: number | undefined, net?: KeyNet): Promise<Answered | null> {
  const found = kindOf(compiled);
  if (!found || found[1].signing !== "signed" || compiled.route.handshake?.forward) return null;
  if (!found[1].matches(req)) return null;
  const spec = compiled.provider.signature;
  const secret = secretIndex === undefined ? undefined : compiled.secrets[secretIndex];
  const hosts = spec?.type === "remote-key" ? spec.hosts : undefined;
  return { kind: found[0], result: await found[1].answer(req, { secret, secretEncoding: spec?.type === "hmac" ? spec.secretEncoding : "utf8", net, hosts }) };
}

/**
 * Before verification, on a route whose handshake answer signs request-chosen tokens
 * (`signsTokens`): a body that is not a JSON object (first byte after whitespace `{`)
 * fails like a forgery, since a CRC answer could be its signature. Else undefined.
 */
export function tokenShapedBody(compiled: CompiledRoute, req: Inbound): Result<never> | undefined {
  if (!kindOf(compiled)?.[1].signsTokens) return undefined;
  return req.body[skipSpace(req.body, 0, req.body.length)] === 0x7b ? undefined : fail({ code: "signature_mismatch", detail: "the body is not a JSON object: on this route a handshake answer could be its signature" });
}
