/**
 * The pipeline's small stages, each one call that returns a verdict, so that
 * handle.ts reads as the ordered list of stages. The big ones (verify,
 * handshake, rate limit, dedup, forward, queue) live in their own folders.
 */
import type { Env } from "../env.ts";
import type { Deps } from "../shared/deps.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import { fail, pass, type Check, type Result } from "../shared/verdict.ts";
import { reportOnce } from "../log.ts";
import { loadRoute } from "../rules/load.ts";
import { MAX_ROUTE_PATH } from "../rules/schema.ts";
import { checkSourceIp, type Allowed } from "../source-ip/check.ts";
import { dnsSettings } from "../source-ip/settings.ts";
import { originKey } from "../forward/proxy-signature.ts";
import { isOwnForward } from "../forward/loop.ts";
import { forward } from "../forward/forward.ts";
import { queueVerified } from "../delivery/stage.ts";
import type { Delivered, Outcome } from "./outcome.ts";
import type { Enforcement } from "./enforce.ts";

/** A safe id for hookgate-id: the provider's id when it is a plain token, else a fresh UUID. */
export function proxyEventId(eventId: string | undefined): string {
  return eventId && /^[\x21-\x7e]{1,256}$/.test(eventId) ? eventId : crypto.randomUUID();
}

export async function routeFor(env: Env, path: string, nowMs: number): Promise<Result<CompiledRoute>> {
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

export function checkMethod(compiled: CompiledRoute, method: string): Check {
  const allowed = compiled.route.methods;
  return allowed.includes(method as never) ? pass : fail({ code: "method_not_allowed", allowed });
}

/** The source-IP check with the Worker's DNS settings (a bad setting is reported once). */
export function sourceIp(compiled: CompiledRoute, request: Request, env: Env, deps: Deps): Promise<Result<Allowed>> {
  const dns = dnsSettings(env);
  if (dns.problem) reportOnce(dns.problem);
  return checkSourceIp(compiled, request.headers, {
    fetch: deps.resolverFetch,
    url: dns.url,
    minTtlS: dns.minTtlS,
    lkgMaxAgeS: dns.lkgMaxAgeS,
    state: env.STATE,
    nowMs: deps.now(),
  });
}

/** The key hookgate signs forwarded requests with (imported while the body is read). */
export function originSigningKey(env: Env): Result<Promise<CryptoKey>> {
  const secret = env.HOOKGATE_ORIGIN_SECRET;
  const key = typeof secret === "string" && secret ? originKey(secret) : null;
  if (!key) return fail({ code: "config_invalid", detail: "HOOKGATE_ORIGIN_SECRET is not set (or is not valid whsec_ base64)" });
  return { ok: true, value: key };
}

export async function loopGuard(req: Inbound, signingKey: CryptoKey): Promise<Check> {
  if (await isOwnForward(req, signingKey))
    return fail({ code: "loop_detected", detail: "hookgate's own forwarded request came back; the route needs an origin" });
  return pass;
}

/**
 * delivery.mode queue (verified requests only: the queue carries no verdict): durably queued counts as
 * delivered. Otherwise forward now (marked with `enforcement`'s verdict): delivered when the origin answers 2xx.
 */
export async function deliver(
  compiled: CompiledRoute,
  req: Inbound,
  eventId: string | undefined,
  enforcement: Enforcement,
  signingKey: CryptoKey,
  out: Outcome,
  deps: Deps,
  env: Env,
): Promise<Result<Delivered>> {
  const id = proxyEventId(eventId);
  const clientIp = out.line.clientIp;
  if (compiled.route.delivery.mode === "queue" && enforcement.verified) {
    const queued = await queueVerified(env, { compiled, req, id, clientIp, receivedAt: out.started });
    if (!queued.ok) return queued;
    return { ok: true, value: { verdict: "queued", response: queued.value.response, accepted: true } };
  }
  const forwarded = await forward(
    { compiled, req, id, clientIp, headers: enforcement.originHeaders() },
    { fetch: deps.fetch, originKey: signingKey, nowMs: deps.now() },
  );
  if (!forwarded.ok) return forwarded;
  const status = forwarded.value.status;
  return { ok: true, value: { verdict: "forwarded", response: forwarded.value, accepted: status >= 200 && status < 300, originStatus: status } };
}
