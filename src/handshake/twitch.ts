/**
 * Twitch EventSub `webhook_callback_verification`: a signed POST (header
 * Twitch-Eventsub-Message-Type) whose JSON `challenge` is echoed as text/plain.
 * https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request
 */
import type { HandshakeKind } from "./kind.ts";
import { challengeToken, jsonObject, textAnswer } from "./challenge.ts";

export const twitchCallbackVerification: HandshakeKind = {
  signing: "signed",
  matches: (req) =>
    req.method === "POST" && req.headers.get("Twitch-Eventsub-Message-Type")?.trim().toLowerCase() === "webhook_callback_verification",
  answer(req) {
    const challenge = challengeToken(jsonObject(req.json())?.challenge, "JSON field challenge");
    return challenge.ok ? { ok: true, value: textAnswer(challenge.value) } : challenge;
  },
};
