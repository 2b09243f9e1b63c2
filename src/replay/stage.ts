/**
 * The dedup stage of the pipeline, after verification and before forwarding.
 * Only verified requests get here, so a forger cannot burn a genuine id.
 *
 * Dedup is on by default whenever the request has an id (the route's
 * `dedup.id`, else the provider's `id`, else a verified JWT's `jti`); a route
 * turns it off with `dedup: false`. A route that configures `dedup: {...}`
 * explicitly requires the id: a verified request without one is rejected
 * (400) rather than forwarded unprotected.
 */
import type { Env } from "../env.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { Verified } from "../verify/index.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { describeSource, readSource } from "../verify/sources.ts";
import { KvDedupStore } from "./kv-store.ts";
import { DurableDedupStore, parseShards, type DedupObject } from "./durable.ts";
import { reportOnce } from "../log.ts";
import { pendingSecondsFor, type DedupStore } from "./store.ts";

export interface Claim {
  store: DedupStore;
  id: string;
}

/** Ids longer than this are not plausible event ids. */
const MAX_ID = 1024;

export function dedupId(compiled: CompiledRoute, req: Inbound, verified: Verified): string | undefined {
  if (!compiled.dedup) return undefined;
  if (compiled.dedup.id) return readSource(compiled.dedup.id, req, verified.signatureFields);
  return verified.eventId ?? verified.jti;
}

/** The store for a route, or a config failure (strict mode without the DEDUP binding). */
export function storeFor(compiled: CompiledRoute, env: Env, now: () => number): Result<DedupStore> {
  const spec = compiled.dedup;
  if (!spec) return fail({ code: "config_invalid", detail: "dedup is off for this route" });
  const times = { now, ttlSeconds: spec.ttlSeconds, pendingSeconds: pendingSecondsFor(compiled.route.originTimeoutMs) };
  if (spec.store === "strict") {
    const ns = env.DEDUP as DurableObjectNamespace<DedupObject> | undefined;
    if (!ns) return fail({ code: "config_invalid", detail: "dedup store \"strict\" needs the DEDUP Durable Object binding" });
    const shards = parseShards(env.DEDUP_SHARDS);
    if (shards.problem) reportOnce(shards.problem);
    return { ok: true, value: new DurableDedupStore(ns, compiled.route.path, times, shards.layout) };
  }
  return { ok: true, value: new KvDedupStore(env.STATE, compiled.route.path, times) };
}

/** Claims the event before forwarding. Ok(null): dedup does not apply to this request. */
export async function claimDelivery(
  compiled: CompiledRoute,
  req: Inbound,
  verified: Verified,
  env: Env,
  now: () => number,
): Promise<Result<Claim | null>> {
  if (!compiled.dedup) return { ok: true, value: null };
  const id = dedupId(compiled, req, verified);
  if (id === undefined || id.length > MAX_ID) {
    if (compiled.route.dedup === undefined) return { ok: true, value: null };
    const where = compiled.dedup.id ? describeSource(compiled.dedup.id) : "the provider's id source";
    return fail({ code: "event_id_missing", detail: `dedup is configured but there is no usable event id in ${where}` });
  }
  const store = storeFor(compiled, env, now);
  if (!store.ok) return store;
  let outcome;
  try {
    outcome = await store.value.claim(id);
  } catch (e) {
    return fail({ code: "dedup_unavailable", detail: `${store.value.kind} claim failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  switch (outcome.kind) {
    case "claimed":
      return { ok: true, value: { store: store.value, id } };
    case "duplicate":
      return fail({ code: "replay_duplicate", detail: `event ${id} was already delivered` });
    case "in_flight":
      return fail({ code: "replay_in_flight", detail: `event ${id} is being delivered`, retryAfterSeconds: outcome.retryAfterSeconds });
  }
}

/**
 * After forwarding: commit when the origin accepted (2xx), else release so the
 * provider's retry is forwarded. Returns a log detail when the store failed
 * (the response still goes back as the origin gave it).
 */
export async function settleDelivery(claim: Claim | null, accepted: boolean): Promise<string | undefined> {
  if (!claim) return undefined;
  try {
    if (accepted) await claim.store.commit(claim.id);
    else await claim.store.release(claim.id);
    return undefined;
  } catch (e) {
    return `dedup ${accepted ? "commit" : "release"} failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
