/**
 * Exact Online checks a new subscription's callback URL with a POST without a body and needs a 200
 * (the Yource exact-online-client middleware; emeq/exact-api's notes of Exact's docs). It carries
 * nothing to verify or forward: answered with an empty 200, never forwarded. The body is not read
 * yet, so it is matched on `Content-Length: 0` only: a request that may carry a body is never taken for it.
 * https://support.exactonline.com/community/s/knowledge-base#All-All-DNO-Content-webhookstut
 */
import type { HandshakeKind } from "./kind.ts";
import { emptyAnswer } from "./challenge.ts";

export const emptyPost: HandshakeKind = {
  signing: "unsigned",
  matches: (req) => req.method === "POST" && req.headers.get("content-length") === "0",
  answer: () => ({ ok: true, value: emptyAnswer() }),
};
