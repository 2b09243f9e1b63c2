/**
 * AWS SNS `SubscriptionConfirmation`: a message signed like any other (the
 * aws-sns scheme verified it, TopicArn included, before this runs). hookgate
 * confirms by fetching its SubscribeURL, only over https on the preset's SNS
 * hosts; a refused or failed confirmation is not answered 200, so SNS retries.
 * https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html
 */
import type { HandshakeKind } from "./kind.ts";
import { fail } from "../shared/verdict.ts";
import { emptyAnswer, jsonObject } from "./challenge.ts";
import { keyUrlAllowed } from "../verify/key-fetch.ts";
import { hostPattern } from "../verify/embedded-secrets.ts";

export const snsSubscriptionConfirmation: HandshakeKind = {
  signing: "signed",
  matches: (req) => req.method === "POST" && jsonObject(req.json())?.Type === "SubscriptionConfirmation",
  async answer(req, ctx) {
    const raw = jsonObject(req.json())?.SubscribeURL;
    let url: URL | undefined;
    try {
      url = new URL(String(raw));
    } catch {}
    if (!url || !ctx.net || !ctx.hosts || !keyUrlAllowed(url, hostPattern(ctx.hosts), ctx.net))
      return fail({ code: "handshake_malformed", detail: "SubscribeURL is not https on the SNS hosts" });
    const res = await ctx.net.fetch(url.href, { redirect: "manual", signal: AbortSignal.timeout(5000) }).catch((e: unknown) => e as Error);
    if (res instanceof Error || res.status !== 200)
      return fail({ code: "key_unavailable", detail: `confirming the subscription failed: ${res instanceof Error ? res.message : `HTTP ${res.status}`}` });
    return { ok: true, value: emptyAnswer() };
  },
};
