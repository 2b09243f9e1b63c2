/**
 * Smartcar VERIFY: a POST signed like any event (SC-Signature, verified first:
 * answering an unsigned one would hand out HMACs under the key that signs
 * bodies) carrying `data.challenge` (v4, `eventType: "VERIFY"`) or
 * `payload.challenge` (v2, `eventName: "verify"`); the answer is
 * `{"challenge": hex HMAC-SHA256(application management token, challenge)}`.
 * https://smartcar.com/docs/integrations/webhooks/callback-verification
 */
import type { HandshakeKind } from "./kind.ts";
import { challengeMac, challengeToken, jsonAnswer, jsonObject } from "./challenge.ts";
import { encodeHex } from "../verify/encoding.ts";

export const smartcarVerify: HandshakeKind = {
  signing: "signed",
  matches: (req) => req.method === "POST" && (req.field("eventType") === "VERIFY" || req.field("eventName") === "verify"),
  async answer(req, ctx) {
    const body = jsonObject(req.json());
    const challenge = challengeToken(jsonObject(body?.data ?? body?.payload)?.challenge, "JSON field data.challenge");
    if (!challenge.ok) return challenge;
    const mac = await challengeMac(ctx, challenge.value, "smartcar-verify");
    return mac.ok ? { ok: true, value: jsonAnswer({ challenge: encodeHex(mac.value) }) } : mac;
  },
};
