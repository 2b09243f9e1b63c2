/**
 * The request pipeline: one ordered list of checks, each returning a typed
 * verdict. The first failure decides the response (through toWire); the log
 * line keeps the detail.
 *
 *   route → unsigned handshake → method → source IP → origin key → body (size-limited)
 *   → loop guard → verify (signature, token/JWT/required values, timestamp
 *   window, expiry) → signed handshake → rate limit → dedup claim
 *   → forward (delivery.mode direct; commit on 2xx, else release)
 *   | queue (delivery.mode queue: success status; commit once durably queued)
 *   | auto (forward within the provider's deadline, else queue: src/delivery/auto.ts)
 *
 * On a report-only route (`enforce: false`) an authenticity failure is logged
 * and the request is forwarded marked `hookgate-verified: false` (enforce.ts);
 * it never claims a dedup id (a forger must not burn a genuine one) and is
 * forwarded directly even on a queue-mode route (the queue carries no verdict).
 */
import type { Env } from "../env.ts";
import type { Background, Deps } from "../shared/deps.ts";
import { reportOnce, type Logger, type RequestLog } from "../log.ts";
import { loadRoute } from "../rules/load.ts";
import { readBody } from "../http/body.ts";
import { verifyRequest } from "../verify/index.ts";
import { forward } from "../forward/forward.ts";
import { claimDelivery, settleDelivery, type Claim } from "../replay/stage.ts";
import { originKey } from "../forward/proxy-signature.ts";
import { isOwnForward } from "../forward/loop.ts";
import { makeInbound } from "../shared/inbound.ts";
import { checkRateLimit } from "../ratelimit/check.ts";
import { queueVerified } from "../delivery/stage.ts";
import { deliverAuto } from "../delivery/auto.ts";
import { errorResponse, fail, type Reason, type Result } from "../shared/verdict.ts";
import { Enforcement } from "./enforce.ts";
import { signedHandshake, unsignedHandshake, type Answered } from "../handshake/index.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import { MAX_ROUTE_PATH } from "../rules/schema.ts";
import { checkSourceIp } from "../source-ip/check.ts";
import { dnsSettings } from "../source-ip/settings.ts";


/** A safe id for hookgate-id: the provider's id when it is a plain token, else a fresh UUID. */
export function proxyEventId(eventId: string | undefined): string {
  return eventId && /^[\x21-\x7e]{1,256}$/.test(eventId) ? eventId : crypto.randomUUID();
}

async function routeFor(env: Env, path: string, nowMs: number): Promise<Result<CompiledRoute>> {
  // No route can be stored under a longer path (KV key limit): answer 404 without asking KV.
  if (path.length > MAX_ROUTE_PATH) return fail({ code: "route_not_found" });
  try {
    const loaded = await loadRoute(env, path, nowMs);
    switch (loaded.kind) {
      case "found":
        return { ok: true, value: loaded.compiled };
      case "missing":
        return fail({ code: "route_not_found" });
      case "invalid":
        return fail({ code: "config_invalid", detail: loaded.detail });
    }
  } catch (e) {
    return fail({ code: "internal_error", detail: `rules KV read failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}


export async function handleWebhook(request: Request, env: Env, deps: Deps, background?: Background): Promise<Response> {
  const started = deps.now();
  const url = new URL(request.url);
  const clientIp = request.headers.get("cf-connecting-ip") ?? undefined;
  // The path is attacker-chosen: keep log lines bounded.
  const route = url.pathname.length > MAX_ROUTE_PATH ? `${url.pathname.slice(0, 64)}…(${url.pathname.length} chars)` : url.pathname;
  const line: RequestLog = { route, method: request.method, verdict: "rejected", clientIp };

  /**
   * Commits or releases a dedup claim once the response is decided. With an
   * ExecutionContext the write (and then this request's log line, which reports
   * a failed write in `detail`) finishes after the response: one KV round trip
   * less on the provider's clock.
   */
  let settling: Promise<string | undefined> | undefined;
  const settle = (claim: Claim | null, accepted: boolean): void => {
    if (claim) settling = settleDelivery(claim, accepted);
  };
  const emit = (): void => {
    if (!settling) return deps.log(line);
    const done = settling.then((problem) => {
      if (problem) line.detail = line.detail ? `${line.detail}; ${problem}` : problem;
      deps.log(line);
    });
    background?.waitUntil(done);
  };

  const reject = (reason: Reason): Response => {
    line.reason = reason.code;
    if ("detail" in reason) line.detail = reason.detail;
    line.latencyMs = deps.now() - started;
    emit();
    return errorResponse(reason);
  };

  const routed = await routeFor(env, url.pathname, started);
  if (!routed.ok) return reject(routed.reason);
  const compiled = routed.value;
  line.provider = compiled.providerName;

  const answer = (handshake: Answered): Response => {
    line.handshake = handshake.kind;
    if (!handshake.result.ok) return reject(handshake.result.reason);
    line.verdict = "answered";
    line.latencyMs = deps.now() - started;
    deps.log(line);
    return handshake.result.value;
  };


  const unsigned = await unsignedHandshake(compiled, makeInbound(request, url, new Uint8Array(0)));
  if (unsigned) return answer(unsigned);

  if (!compiled.route.methods.includes(request.method as never))
    return reject({ code: "method_not_allowed", allowed: compiled.route.methods });

  const enforcement = new Enforcement(compiled.route.enforce);
  const dns = dnsSettings(env);
  if (dns.problem) reportOnce(dns.problem);
  const source = await checkSourceIp(compiled, request.headers, {
    fetch: deps.resolverFetch,
    url: dns.url,
    minTtlS: dns.minTtlS,
    state: env.STATE,
    nowMs: deps.now(),
  });
  if (!source.ok) {
    if (enforcement.rejects(source.reason)) return reject(source.reason);
  } else line.sourceList = source.value.list;

  const secret = env.HOOKGATE_ORIGIN_SECRET;
  const key = typeof secret === "string" && secret ? originKey(secret) : null;
  if (!key) return reject({ code: "config_invalid", detail: "HOOKGATE_ORIGIN_SECRET is not set (or is not valid whsec_ base64)" });

  const body = await readBody(request, compiled.route.maxBodyBytes);
  if (!body.ok) return reject(body.reason);
  line.bodyBytes = body.value.byteLength;
  const req = makeInbound(request, url, body.value);
  const signingKey = await key;
  if (await isOwnForward(req, signingKey))
    return reject({ code: "loop_detected", detail: "hookgate's own forwarded request came back; the route needs an origin" });

  const verified = await verifyRequest(compiled, req, deps.now());
  if (!verified.ok) {
    if (enforcement.rejects(verified.reason)) return reject(verified.reason);
  } else {
    line.eventId = verified.value.eventId;
    const handshake = await signedHandshake(compiled, req, verified.value.secretIndex);
    if (handshake) return answer(handshake);
  }
  if (!enforcement.enforce) {
    line.verified = enforcement.verified;
    if (!enforcement.verified) {
      line.unverified = enforcement.failures.map((f) => f.code);
      line.reason = line.unverified[0];
      line.detail = enforcement.failures.map((f) => ("detail" in f ? `${f.code}: ${f.detail}` : f.code)).join("; ");
    }
  }

  const limited = await checkRateLimit(env, compiled, deps.now());
  if (!limited.ok) return reject(limited.reason);

  const claimed = verified.ok && enforcement.verified ? await claimDelivery(compiled, req, verified.value, env, deps.now) : ({ ok: true, value: null } as const);
  if (!claimed.ok) {
    if (claimed.reason.code === "replay_duplicate") line.verdict = "answered";
    return reject(claimed.reason);
  }

  const deliver = async (): Promise<Response> => {
    const id = proxyEventId(verified.ok ? (verified.value.eventId ?? verified.value.jti) : undefined);
    if (compiled.mode === "queue" && enforcement.verified) {
      const queued = await queueVerified(env, { compiled, req, id, clientIp, receivedAt: started });
      // Durably queued counts as done; a failure releases the claim so the provider's retry goes through.
      settle(claimed.value, queued.ok);
      if (!queued.ok) return reject(queued.reason);
      line.verdict = "queued";
      line.latencyMs = deps.now() - started;
      emit();
      return queued.value.response;
    }

    if (compiled.mode === "auto" && enforcement.verified) {
      const auto = await deliverAuto(env, { compiled, req, id, clientIp, headers: enforcement.originHeaders(), receivedAt: started }, { fetch: deps.fetch, originKey: signingKey, now: deps.now, nowMs: deps.now() });
      settle(claimed.value, auto.ok && auto.value.accepted);
      if (!auto.ok) return reject(auto.reason);
      const { verdict, originStatus, detail } = auto.value;
      Object.assign(line, { verdict }, originStatus !== undefined && { originStatus }, detail && { detail });
      line.latencyMs = deps.now() - started;
      emit();
      return auto.value.response;
    }

    const forwarded = await forward(
      { compiled, req, id, clientIp, headers: enforcement.originHeaders() },
      { fetch: deps.fetch, originKey: signingKey, nowMs: deps.now() },
    );
    // Commit on 2xx; release on anything else so the provider's retry is forwarded.
    settle(claimed.value, forwarded.ok && forwarded.value.status >= 200 && forwarded.value.status < 300);
    if (!forwarded.ok) return reject(forwarded.reason);

    line.verdict = "forwarded";
    line.originStatus = forwarded.value.status;
    line.latencyMs = deps.now() - started;
    emit();
    return forwarded.value;
  };
  try {
    return await deliver();
  } catch (e) {
    // An unexpected throw between the claim and its settlement (the app answers 503): release the
    // claim so the provider's retry is forwarded, instead of leaving the id held.
    if (claimed.value && !settling) {
      const release = settleDelivery(claimed.value, false);
      if (background) background.waitUntil(release);
    }
    throw e;
  }
}
