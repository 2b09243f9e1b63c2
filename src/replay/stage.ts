/**
 * The dedup stage of the pipeline, after verification and before forwarding.
 * Only verified requests get here, so a forger cannot burn a genuine id.
 *
 * Dedup is on by default whenever the request has an id (the route's
 * `dedup.id`, else the provider's `id`, else a verified JWT's `jti`); a route
 * turns it off with `dedup: false`. A route that configures `dedup: {...}`
 * explicitly requires the id: a verified request without one is rejected
 * (400) rather than forwarded unprotected.
 *
 * Signed ids win, and an unsigned id never steers dedup alone (issue 12; see
 * docs/security.md "Event ids and dedup"). The keys claimed:
 *   - the id, when its source is signed (src/verify/signed.ts), else the JWT's `jti`;
 *   - an unsigned id, no signed timestamp: the digest of the signed bytes only
 *     (a replay with a changed id is a duplicate; a chosen id is never committed);
 *   - an unsigned id with a signed timestamp: the digest, then the id (the
 *     provider's re-signed retry carries a new timestamp but the same id);
 *   - an unsigned id and nothing signed (token only): the id, as nothing better exists.
 */
import type { Env } from "../env.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { Verified } from "../verify/index.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { describeSource, readSource } from "../verify/sources.ts";
import { sourceSigned, timestampSigned } from "../verify/signed.ts";
import { KvDedupStore } from "./kv-store.ts";
import { DurableDedupStore, parseShards, type DedupObject } from "./durable.ts";
import { reportOnce } from "../log.ts";
import { pendingSecondsFor, type DedupStore } from "./store.ts";

export interface Claim {
  store: DedupStore;
  /** Every key claimed for this delivery (committed or released together). */
  ids: string[];
}

/** Ids longer than this are not plausible event ids. */
const MAX_ID = 1024;

/** Marks a digest key apart from provider ids. */
const DIGEST_KEY = "signed-sha256:";

/** The dedup keys, in claim order; undefined when there is no usable id. */
export async function dedupKeys(compiled: CompiledRoute, req: Inbound, verified: Verified): Promise<string[] | undefined> {
  if (!compiled.dedup) return undefined;
  const { provider } = compiled;
  const source = compiled.dedup.id ?? provider.id;
  let value = source ? readSource(source, req, verified.signatureFields) : undefined;
  if (value !== undefined && value.length > MAX_ID) value = undefined;
  if (value !== undefined && sourceSigned(provider, source!)) return [value];
  if (verified.jti !== undefined) return [verified.jti];
  if (value === undefined) return undefined;
  if (!verified.signedDigest) return [value];
  const digest = DIGEST_KEY + (await verified.signedDigest());
  return timestampSigned(provider) ? [digest, value] : [digest];
}

/** The store for a route, or a config failure (strict mode without the DEDUP binding). */
export function storeFor(compiled: CompiledRoute, env: Env, now: () => number): Result<DedupStore> {
  const spec = compiled.dedup;
  if (!spec) return fail({ code: "config_invalid", detail: "dedup is off for this route" });
  const times = { now, ttlSeconds: spec.ttlSeconds, pendingSeconds: pendingSecondsFor(compiled.originTimeoutMs) };
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
  const ids = await dedupKeys(compiled, req, verified);
  if (ids === undefined) {
    if (compiled.route.dedup === undefined) return { ok: true, value: null };
    const where = compiled.dedup.id ? describeSource(compiled.dedup.id) : "the provider's id source";
    return fail({ code: "event_id_missing", detail: `dedup is configured but there is no usable event id in ${where}` });
  }
  const store = storeFor(compiled, env, now);
  if (!store.ok) return store;
  const claimed: Claim = { store: store.value, ids: [] };
  for (const id of ids) {
    const outcome = await claimOne(store.value, id);
    if (outcome.ok) {
      claimed.ids.push(id);
      continue;
    }
    // A later key refused: the earlier ones are released, so nothing is held for a request not delivered.
    await settleDelivery(claimed, false);
    return outcome;
  }
  return { ok: true, value: claimed };
}

async function claimOne(store: DedupStore, id: string): Promise<Result<null>> {
  let outcome;
  try {
    outcome = await store.claim(id);
  } catch (e) {
    return fail({ code: "dedup_unavailable", detail: `${store.kind} claim failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  switch (outcome.kind) {
    case "claimed":
      return { ok: true, value: null };
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
    for (const id of claim.ids) {
      if (accepted) await claim.store.commit(id);
      else await claim.store.release(id);
    }
    return undefined;
  } catch (e) {
    return `dedup ${accepted ? "commit" : "release"} failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
