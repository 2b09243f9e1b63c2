/**
 * Zoom `endpoint.url_validation`: a signed POST with `payload.plainToken`;
 * the answer is `{ plainToken, encryptedToken }`, encryptedToken being the hex
 * HMAC-SHA256 of plainToken under the webhook secret token. Zoom repeats it
 * every 72 hours. https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint
 */
import type { HandshakeKind } from "./kind.ts";
import { fail } from "../shared/verdict.ts";
import { challengeToken, jsonAnswer, jsonObject } from "./challenge.ts";
import { hmacKey } from "../verify/keys.ts";
import { encodeHex, utf8 } from "../verify/encoding.ts";

export const zoomUrlValidation: HandshakeKind = {
  signing: "signed",
  matches: (req) => req.method === "POST" && req.field("event") === "endpoint.url_validation",
  async answer(req, ctx) {
    const plainToken = challengeToken(jsonObject(jsonObject(req.json())?.payload)?.plainToken, "JSON field payload.plainToken");
    if (!plainToken.ok) return plainToken;
    const key = ctx.secret === undefined ? null : hmacKey(ctx.secret, ctx.secretEncoding, "SHA-256");
    if (!key) return fail({ code: "config_invalid", detail: "zoom-url-validation needs the route's secret token" });
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await key, utf8.encode(plainToken.value)));
    return { ok: true, value: jsonAnswer({ plainToken: plainToken.value, encryptedToken: encodeHex(mac) }) };
  },
};
