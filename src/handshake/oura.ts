/**
 * Oura subscription verification: an unsigned GET `?verification_token=…&challenge=…`,
 * answered with `{"challenge": "<challenge>"}` only when `verification_token` is one of
 * the route's `tokenSecrets` (the token given to Oura when subscribing; constant-time).
 * https://cloud.ouraring.com/v2/docs (Webhooks: "Verification Process")
 */
import type { HandshakeKind } from "./kind.ts";
import { fail } from "../shared/verdict.ts";
import { jsonAnswer } from "./challenge.ts";
import { one } from "./get-challenges.ts";
import { matchAny } from "../auth/equal.ts";

export const ouraVerification: HandshakeKind = {
  signing: "unsigned",
  matches: (req) => req.method === "GET" && req.url.searchParams.has("challenge"),
  async answer(req, ctx) {
    if (!ctx.tokens) return fail({ code: "config_invalid", detail: "oura-verification needs the route's tokenSecrets" });
    // Any characters: the token is compared, never echoed.
    const token = req.url.searchParams.getAll("verification_token");
    if (token.length !== 1 || (await matchAny(token[0]!, ctx.tokens)) < 0) return fail({ code: "token_mismatch", detail: "verification_token is not one of tokenSecrets" });
    const challenge = one(req, "challenge");
    return challenge.ok ? { ok: true, value: jsonAnswer({ challenge: challenge.value }) } : challenge;
  },
};
