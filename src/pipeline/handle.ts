/**
 * The request pipeline: one ordered list of checks, each returning a typed
 * verdict. The first failure decides the response (through toWire); the log
 * line keeps the detail (outcome.ts).
 *
 *   route → unsigned handshake → method → source IP → origin key → body (size-limited)
 *   → loop guard → verify (signature, token/JWT/required values, timestamp
 *   window, expiry) → signed handshake → dedup claim → rate limit (a 429 releases the claim)
 *   → forward (delivery.mode direct; commit on 2xx, else release)
 *   | queue (delivery.mode queue: success status; commit once durably queued)
 *   | auto (forward within the provider's deadline, else queue: src/delivery/auto.ts)
 *
 * On a report-only route (`enforce: false`) an authenticity failure is logged
 * and the request is forwarded marked `hookgate-verified: false` (enforce.ts);
 * it never claims a dedup id (a forger must not burn a genuine one) and is
 * forwarded directly even on a queue-mode route (the queue carries no verdict),
 * and it is counted in the route's separate unverified budget, never the genuine one.
 */
import type { Env } from "../env.ts";
import type { Background, Deps } from "../shared/deps.ts";
import { makeInbound } from "../shared/inbound.ts";
import { readBody } from "../http/body.ts";
import { verifyRequest } from "../verify/index.ts";
import { signedHandshake, tokenShapedBody, unsignedHandshake } from "../handshake/index.ts";
import { checkRateLimit } from "../ratelimit/check.ts";
import { claimDelivery } from "../replay/stage.ts";
import { Enforcement } from "./enforce.ts";
import { Outcome } from "./outcome.ts";
import { checkMethod, deliver, loopGuard, originSigningKey, routeFor, sourceIp } from "./stages.ts";

export { proxyEventId } from "./stages.ts";

const NO_BODY = new Uint8Array(0);
const NO_CLAIM = { ok: true, value: null } as const;

export async function handleWebhook(request: Request, env: Env, deps: Deps, background?: Background): Promise<Response> {
  const url = new URL(request.url);
  const out = new Outcome(request, url, deps, background);

  const routed = await routeFor(env, url.pathname, out.started);
  if (!routed.ok) return out.reject(routed.reason);
  const compiled = routed.value;
  out.line.provider = compiled.providerName;

  const unsigned = await unsignedHandshake(compiled, makeInbound(request, url, NO_BODY));
  if (unsigned) return out.answer(unsigned);

  const method = checkMethod(compiled, request.method);
  if (!method.ok) return out.reject(method.reason);

  // Report-only: an authenticity failure is recorded and the request carries on.
  const enforcement = new Enforcement(compiled.route.enforce);

  const source = await sourceIp(compiled, request, env, deps);
  if (!source.ok && enforcement.rejects(source.reason)) return out.reject(source.reason);
  if (source.ok) out.line.sourceList = source.value.list;

  const key = originSigningKey(env);
  if (!key.ok) return out.reject(key.reason);

  const body = await readBody(request, compiled.route.maxBodyBytes);
  if (!body.ok) return out.reject(body.reason);
  out.line.bodyBytes = body.value.byteLength;
  const req = makeInbound(request, url, body.value);
  const signingKey = await key.value;

  const loop = await loopGuard(req, signingKey);
  if (!loop.ok) return out.reject(loop.reason);

  // Keys fetched at run time (certificates, JWKS). A bare `fetch` called as net.fetch is an illegal invocation in workerd: wrap it.
  const net = { fetch: deps.keyFetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)), testOrigin: env.HOOKGATE_TEST_KEY_ORIGIN, nowMs: deps.now() };
  const verified = tokenShapedBody(compiled, req) ?? (await verifyRequest(compiled, req, net.nowMs, net));
  if (!verified.ok && enforcement.rejects(verified.reason)) return out.reject(verified.reason);
  if (verified.ok) {
    out.line.eventId = verified.value.eventId;
    const handshake = await signedHandshake(compiled, req, verified.value.secretIndex, net);
    if (handshake) return out.answer(handshake);
  }
  out.report(enforcement);

  const claimed = verified.ok && enforcement.verified ? await claimDelivery(compiled, req, verified.value, env, deps.now) : NO_CLAIM;
  if (!claimed.ok) {
    if (claimed.reason.code === "replay_duplicate") out.line.verdict = "answered";
    return out.reject(claimed.reason);
  }

  // From here every failure, and any throw, releases the claim so the provider's retry goes through.
  return out.deliver(claimed.value, async () => {
    // After the claim: only what will be delivered counts (a replay answered "duplicate" never does).
    const limited = await checkRateLimit(env, compiled, deps.now(), enforcement.verified);
    if (!limited.ok) return limited;
    return deliver(compiled, req, verified.ok ? (verified.value.eventId ?? verified.value.jti) : undefined, enforcement, signingKey, out, deps, env);
  });
}
