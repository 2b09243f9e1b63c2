/**
 * GET challenges the providers do not sign, answered before verification from
 * a safe token only (challenge.ts):
 * - Twitter/X CRC: `?crc_token=` → `{"response_token":"sha256=<base64 HMAC-SHA256(consumer secret, crc_token)>"}`.
 *   The token alphabet excludes `{`, `"` and `:`, and a token that is itself JSON (`12345`, `true`,
 *   `-1e3`) is refused, and an event body that is not a JSON object is refused (`signsTokens`), so the
 *   answer can never be the signature of a forged body (the same key signs events).
 *   https://docs.x.com/x-api/webhooks/introduction
 * - eBay: `?challenge_code=` → `{"challengeResponse": hex SHA-256(code + verification token + endpoint)}`;
 *   the token is the route's first secret, the endpoint its publicUrl.
 *   https://developer.ebay.com/marketplace-account-deletion
 * - Mailchimp: a GET to the webhook URL when it is saved; any 200 answers it.
 *   https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/
 * - Worldline: header X-GCS-Webhooks-Endpoint-Verification, echoed as text/plain.
 *   https://docs.connect.worldline-solutions.com/documentation/webhooks
 */
import type { HandshakeKind } from "./kind.ts";
import { fail } from "../shared/verdict.ts";
import { challengeMac, challengeToken, emptyAnswer, jsonAnswer, textAnswer } from "./challenge.ts";
import { encodeBase64, encodeHex, utf8 } from "../verify/encoding.ts";

const isGet = (req: { method: string }) => req.method === "GET";
export const one = (req: { url: URL }, name: string) => {
  const values = req.url.searchParams.getAll(name);
  return values.length === 1 ? challengeToken(values[0], `query parameter ${name}`) : fail({ code: "handshake_malformed", detail: `query parameter ${name} given ${values.length} times` });
};

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export const twitterCrc: HandshakeKind = {
  signing: "unsigned",
  signsTokens: true,
  matches: (req) => isGet(req) && req.url.searchParams.has("crc_token"),
  async answer(req, ctx) {
    const token = one(req, "crc_token");
    if (!token.ok) return token;
    if (parsesAsJson(token.value)) return fail({ code: "handshake_malformed", detail: "crc_token is a JSON value: its HMAC would sign that body" });
    const mac = await challengeMac(ctx, token.value, "twitter-crc");
    return mac.ok ? { ok: true, value: jsonAnswer({ response_token: `sha256=${encodeBase64(mac.value)}` }) } : mac;
  },
};

export const ebayChallenge: HandshakeKind = {
  signing: "unsigned",
  matches: (req) => isGet(req) && req.url.searchParams.has("challenge_code"),
  async answer(req, ctx) {
    const code = one(req, "challenge_code");
    if (!code.ok) return code;
    if (!ctx.secret || !ctx.publicUrl) return fail({ code: "config_invalid", detail: "ebay-challenge needs the verification token as the route's secret and its publicUrl" });
    const digest = await crypto.subtle.digest("SHA-256", utf8.encode(code.value + ctx.secret + ctx.publicUrl));
    return { ok: true, value: jsonAnswer({ challengeResponse: encodeHex(new Uint8Array(digest)) }) };
  },
};

export const mailchimpGet: HandshakeKind = {
  signing: "unsigned",
  matches: isGet,
  answer: () => ({ ok: true, value: emptyAnswer() }),
};

const WORLDLINE = "X-GCS-Webhooks-Endpoint-Verification";
export const worldlineVerification: HandshakeKind = {
  signing: "unsigned",
  matches: (req) => isGet(req) && req.headers.has(WORLDLINE),
  answer(req) {
    const challenge = challengeToken(req.headers.get(WORLDLINE)?.trim(), `header ${WORLDLINE}`);
    return challenge.ok ? { ok: true, value: textAnswer(challenge.value) } : challenge;
  },
};
