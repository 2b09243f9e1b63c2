/**
 * Xero Intent to Receive: signed POSTs with an empty `events` list; Xero
 * expects 200 for a correct signature and 401 for an incorrect one (the verify
 * stage's answer to any bad signature). An empty batch carries nothing for the
 * origin, so hookgate answers it.
 * https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/#intent-to-receive
 */
import type { HandshakeKind } from "./kind.ts";
import { emptyAnswer, jsonObject } from "./challenge.ts";

export const xeroIntentToReceive: HandshakeKind = {
  signing: "signed",
  matches(req) {
    const body = jsonObject(req.json());
    if (!body || !("entropy" in body)) return false;
    return body.events === null || (Array.isArray(body.events) && body.events.length === 0);
  },
  answer: () => ({ ok: true, value: emptyAnswer() }),
};
