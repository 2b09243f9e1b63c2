/**
 * Dropbox webhook verification: an unsigned GET `?challenge=…`, answered by
 * echoing the challenge as text/plain with `X-Content-Type-Options: nosniff`.
 * Unsigned, so only a short URL-safe token is ever echoed.
 * https://www.dropbox.com/developers/reference/webhooks#documentation
 */
import type { HandshakeKind } from "./kind.ts";
import { fail } from "../shared/verdict.ts";
import { challengeToken, textAnswer } from "./challenge.ts";

export const dropboxChallenge: HandshakeKind = {
  signing: "unsigned",
  matches: (req) => req.method === "GET" && req.url.searchParams.has("challenge"),
  answer(req) {
    const values = req.url.searchParams.getAll("challenge");
    if (values.length !== 1) return fail({ code: "handshake_malformed", detail: `query parameter challenge given ${values.length} times` });
    const challenge = challengeToken(values[0], "query parameter challenge");
    return challenge.ok ? { ok: true, value: textAnswer(challenge.value) } : challenge;
  },
};
