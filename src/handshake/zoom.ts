/**
 * Zoom `endpoint.url_validation`: a signed POST with `payload.plainToken`;
 * the answer is `{ plainToken, encryptedToken }`, encryptedToken being the hex
 * HMAC-SHA256 of plainToken under the webhook secret token. Zoom repeats it
 * every 72 hours. https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint
 */
import type { HandshakeKind } from "./kind.ts";
import { challengeMac, challengeToken, jsonAnswer, jsonObject } from "./challenge.ts";
import { encodeHex } from "../verify/encoding.ts";

export const zoomUrlValidation: HandshakeKind = {
  signing: "signed",
  matches: (req) => req.method === "POST" && req.field("event") === "endpoint.url_validation",
  async answer(req, ctx) {
    const plainToken = challengeToken(jsonObject(jsonObject(req.json())?.payload)?.plainToken, "JSON field payload.plainToken");
    if (!plainToken.ok) return plainToken;
    const mac = await challengeMac(ctx, plainToken.value, "zoom-url-validation");
    return mac.ok ? { ok: true, value: jsonAnswer({ plainToken: plainToken.value, encryptedToken: encodeHex(mac.value) }) } : mac;
  },
};
