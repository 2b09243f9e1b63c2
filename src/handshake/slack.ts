/**
 * Slack Events API `url_verification`: a signed POST whose JSON body has
 * `type: "url_verification"` and a `challenge` to echo.
 * https://api.slack.com/events/url_verification
 */
import type { HandshakeKind } from "./kind.ts";
import { challengeToken, jsonAnswer, jsonObject } from "./challenge.ts";

export const slackUrlVerification: HandshakeKind = {
  signing: "signed",
  matches: (req) => req.method === "POST" && req.field("type") === "url_verification",
  answer(req) {
    const challenge = challengeToken(jsonObject(req.json())?.challenge, "JSON field challenge");
    return challenge.ok ? { ok: true, value: jsonAnswer({ challenge: challenge.value }) } : challenge;
  },
};
