/**
 * Okta event hook one-time verification: a GET with header
 * `X-Okta-Verification-Challenge`, answered with `{"verification": <value>}`.
 * Okta does not sign it, so only a short URL-safe token is echoed.
 * https://developer.okta.com/docs/concepts/event-hooks/#one-time-verification-request
 */
import type { HandshakeKind } from "./kind.ts";
import { challengeToken, jsonAnswer } from "./challenge.ts";

const HEADER = "X-Okta-Verification-Challenge";

export const oktaVerification: HandshakeKind = {
  signing: "unsigned",
  matches: (req) => req.method === "GET" && req.headers.has(HEADER),
  answer(req) {
    const challenge = challengeToken(req.headers.get(HEADER)?.trim(), `header ${HEADER}`);
    return challenge.ok ? { ok: true, value: jsonAnswer({ verification: challenge.value }) } : challenge;
  },
};
