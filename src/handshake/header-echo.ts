/**
 * POST handshakes the providers do not sign, answered by echoing one request
 * header in the same response header (200, empty body). Answered before
 * verification and never forwarded; only a short URL-safe token is echoed
 * (challenge.ts), so no value can split a header or carry markup.
 * - Clio Manage (`x-hook-secret`): X-Hook-Secret. Echoing it only activates the webhook: the
 *   route's secret (the webhook's `shared_secret`, from Clio's API) still verifies every event.
 *   https://docs.developers.clio.com/guides/clio-manage/webhooks/
 * - RingCentral (`ringcentral-validation-token`): Validation-Token, sent with an empty body when a
 *   subscription is created; a request with a body is not the handshake (it goes on to verification).
 *   https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks
 */
import type { HandshakeKind } from "./kind.ts";
import type { Inbound } from "../shared/inbound.ts";
import { challengeToken, emptyAnswer } from "./challenge.ts";

function headerEcho(name: string, bodiless: boolean): HandshakeKind {
  return {
    signing: "unsigned",
    matches: (req: Inbound) =>
      req.method === "POST" && req.headers.has(name) && (!bodiless || (req.headers.get("content-length") ?? "0") === "0"),
    answer(req) {
      const token = challengeToken(req.headers.get(name)?.trim(), `header ${name}`);
      if (!token.ok) return token;
      const res = emptyAnswer();
      res.headers.set(name, token.value);
      return { ok: true, value: res };
    },
  };
}

export const xHookSecret = headerEcho("X-Hook-Secret", false);
export const ringcentralValidationToken = headerEcho("Validation-Token", true);
