/**
 * The queue consumer: delivers each queued event to the origin with the same
 * forwarding code as direct mode (buildOriginRequest/forward; the proxy
 * signature is made at delivery time), independently per message:
 *
 *   2xx                         → ack
 *   anything else, attempts ≤ N → retry at retryAt[attempt - 1] seconds after the first attempt
 *                                 (the route's retryAtSecondsAfterFirstAttempt: offsets, not gaps)
 *   after the last attempt      → dead-letter record in STATE (dlq:<route>:<id>), then ack
 *
 * Messages run concurrently (Promise.allSettled) with a per-message time
 * limit, so one slow or failing origin never holds up the others. Nothing
 * here is rate-limited: a queued event is never dropped for volume.
 *
 * The configured dead-letter queue (wrangler.toml) only receives messages this
 * consumer could not settle at all (it crashed max_retries times); its own
 * consumer, `consumeDeadLetterQueue`, turns each into the same STATE record.
 */
import { VERIFIED_HEADER } from "../forward/headers.ts";
import type { Env } from "../env.ts";
import type { Deps } from "../shared/deps.ts";
import type { Inbound } from "../shared/inbound.ts";
import { loadRoute } from "../rules/load.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import { forward } from "../forward/forward.ts";
import { originKey } from "../forward/proxy-signature.ts";
import { DEFAULT_RETRY_AT_SECONDS, MAX_RETRY_DELAY_SECONDS } from "./schema.ts";
import { isBodyRef, isDeliveryMessage, loadBody, type DeliveryMessage } from "./message.ts";
import { writeDeadLetter } from "./dead-letter.ts";

/**
 * A message's overall time limit: the longest origin timeout a route may set
 * (60 s; the default is 10 s, enforced by forward()) plus KV reads and signing.
 */
const MESSAGE_LIMIT_MS = 65_000;

/** Name of the dead-letter queue in wrangler.toml (messages the consumer never settled). */
export const DEAD_LETTER_QUEUE = "hookgate-deliveries-dlq";

export type ConsumerDeps = Pick<Deps, "now" | "fetch" | "log">;

type Attempt =
  | { ok: true; status: number }
  | { ok: false; status?: number; error: string; permanent?: boolean; compiled?: CompiledRoute };

function inboundOf(m: DeliveryMessage, body: Uint8Array): Inbound {
  return {
    method: m.method,
    url: new URL(m.url),
    headers: new Headers(m.headers),
    body,
    json: () => undefined,
    field: () => undefined,
  };
}

async function attemptDelivery(m: DeliveryMessage, body: Uint8Array | null, env: Env, deps: ConsumerDeps): Promise<Attempt> {
  if (!body) return { ok: false, error: "stored body is gone (expired)", permanent: true };
  let loaded;
  try {
    loaded = await loadRoute(env, m.route, deps.now());
  } catch (e) {
    return { ok: false, error: `rules KV read failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (loaded.kind === "missing") return { ok: false, error: "route no longer exists" };
  if (loaded.kind === "invalid") return { ok: false, error: `route invalid: ${loaded.detail}` };
  const compiled = loaded.compiled;
  const secret = env.HOOKGATE_ORIGIN_SECRET;
  const key = typeof secret === "string" && secret ? originKey(secret) : null;
  if (!key) return { ok: false, error: "HOOKGATE_ORIGIN_SECRET is not set", compiled };

  const forwarded = await forward(
    // Only verified requests are queued (report-only's unverified ones are forwarded directly).
    {
      compiled,
      req: inboundOf(m, body),
      id: m.eventId,
      clientIp: m.clientIp,
      headers: { [VERIFIED_HEADER]: "true" },
      timeoutMs: compiled.queuedOriginTimeoutMs,
    },
    { fetch: deps.fetch, originKey: await key, nowMs: deps.now() },
  );
  if (!forwarded.ok) return { ok: false, error: "detail" in forwarded.reason ? forwarded.reason.detail : forwarded.reason.code, compiled };
  const res = forwarded.value;
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  return { ok: false, status: res.status, error: `origin answered ${res.status}`, compiled };
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

export async function handleMessage(msg: Message<unknown>, env: Env, deps: ConsumerDeps, ctx?: ExecutionContext): Promise<void> {
  const m = msg.body;
  if (!isDeliveryMessage(m)) {
    // Not ours (or corrupted): nothing could ever deliver it. Log and drop.
    deps.log({ route: "?", method: "?", verdict: "dead_letter", reason: "malformed_message", detail: `queue message ${msg.id} is not a delivery`, attempt: msg.attempts });
    msg.ack();
    return;
  }
  const started = deps.now();
  const line = { route: m.route, method: m.method, eventId: m.eventId, attempt: msg.attempts };
  let body: Uint8Array | null = null;
  let result: Attempt;
  try {
    body = await loadBody(env.STATE, m.body);
    result = await withTimeout(attemptDelivery(m, body, env, deps), MESSAGE_LIMIT_MS, () => ({ ok: false, error: `delivery took over ${MESSAGE_LIMIT_MS} ms` }));
  } catch (e) {
    result = { ok: false, error: `delivery failed: ${e instanceof Error ? e.message : String(e)}` };
  }

  if (result.ok) {
    msg.ack();
    deps.log({ ...line, verdict: "forwarded", originStatus: result.status, latencyMs: deps.now() - started });
    if (isBodyRef(m.body)) {
      const cleanup = env.STATE.delete(m.body.ref).catch(() => {});
      if (ctx) ctx.waitUntil(cleanup);
    }
    return;
  }

  const offsets = result.compiled?.retryAt ?? DEFAULT_RETRY_AT_SECONDS;
  // This delivery attempt's number: auto mode's direct attempt came before the queue's first.
  const attempt = msg.attempts + (m.attemptsBefore ?? 0);
  const failure = { ...line, attempt, reason: "delivery_failed", detail: result.error, ...(result.status ? { originStatus: result.status } : {}) };
  if (!result.permanent && attempt <= offsets.length) {
    // Retry n lands offsets[n-1] seconds after the first attempt, however late this run was.
    const due = (m.scheduleFrom ?? m.receivedAt) + offsets[attempt - 1]! * 1000;
    const delaySeconds = Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(0, Math.ceil((due - deps.now()) / 1000)));
    msg.retry({ delaySeconds });
    deps.log({ ...failure, verdict: "retry", detail: `${result.error}; retry in ${delaySeconds} s` });
    return;
  }
  try {
    await writeDeadLetter(env.STATE, m, body, {
      attempts: attempt,
      ...(result.status ? { lastStatus: result.status } : {}),
      lastError: result.error,
      deadAt: deps.now(),
    });
    msg.ack();
    deps.log({ ...failure, verdict: "dead_letter" });
  } catch (e) {
    // Could not record it: keep it in the queue rather than lose it.
    msg.retry({ delaySeconds: 60 });
    deps.log({ ...failure, verdict: "retry", detail: `dead-letter write failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** Every message on its own: no head-of-line blocking, one failure never affects another. */
export async function consumeBatch(batch: MessageBatch<unknown>, env: Env, deps: ConsumerDeps, ctx?: ExecutionContext): Promise<void> {
  await Promise.allSettled(batch.messages.map((msg) => handleMessage(msg, env, deps, ctx)));
}

/**
 * Consumer of the dead-letter queue (messages the main consumer never settled):
 * record each one in STATE so the admin API can list and replay it.
 */
export async function consumeDeadLetterQueue(batch: MessageBatch<unknown>, env: Env, deps: ConsumerDeps): Promise<void> {
  await Promise.allSettled(
    batch.messages.map(async (msg) => {
      const m = msg.body;
      if (!isDeliveryMessage(m)) return msg.ack();
      try {
        const body = await loadBody(env.STATE, m.body);
        await writeDeadLetter(env.STATE, m, body, {
          attempts: msg.attempts,
          lastError: "the delivery consumer failed on every attempt",
          deadAt: deps.now(),
        });
        msg.ack();
        deps.log({ route: m.route, method: m.method, eventId: m.eventId, verdict: "dead_letter", reason: "consumer_failed" });
      } catch {
        msg.retry({ delaySeconds: 60 });
      }
    }),
  );
}
