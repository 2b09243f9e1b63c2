/**
 * The admin API, under /__hookgate/admin/ (a prefix rules cannot claim).
 * Off (404, as for any unknown path) unless the Worker secret
 * HOOKGATE_ADMIN_TOKEN is set; 401 for a missing or wrong bearer token.
 *
 *   GET  /__hookgate/admin/dead-letters?route=/path&cursor=…&limit=…
 *        → { items: [summary…], cursor? }   (summaries only: no bodies, no headers)
 *   POST /__hookgate/admin/dead-letters/replay
 *        { "route": "/path", "id": "<deliveryId>" }   one dead letter
 *        { "route": "/path", "ids": ["<deliveryId>", …] } a selection (up to 100)
 *        { "route": "/path", "all": true, "cursor"?: "…" } all of a route (up to 100 per call; `cursor` for the rest)
 *        → { replayed: [{ id, deliveryId }], failed: [{ id, error }], cursor? }
 *
 *   GET  /__hookgate/admin/dead-letters/record?route=/path&id=…   one dead letter: metadata and headers, no body
 *   GET  /__hookgate/admin/dead-letters/body?route=/path&id=…&max=N   its body as text, at most 64 KiB (`truncated`)
 *   GET  /__hookgate/admin/config        routes (secrets: count and env: names only) and configuration problems
 *   GET  /__hookgate/admin/allow-lists   allow-list hostnames: addresses, when resolved, last-known-good age
 *   GET  /__hookgate/admin/problems?route=/path&limit=N   recent rejections and origin failures, newest first
 *
 * A replay re-enqueues the event through the same delivery path as the
 * pipeline (same message, same consumer, same forwarding, same hookgate-id),
 * then deletes the dead letter, so a second replay of the same id finds
 * nothing (404) instead of delivering twice.
 */
import { getQueryParam } from "hono/utils/url";
import type { Env } from "../env.ts";
import type { Deps } from "../shared/deps.ts";
import { errorResponse } from "../shared/verdict.ts";
import { checkAdminToken } from "./auth.ts";
import { deleteDeadLetter, listDeadLetters, readDeadLetter, type DeadLetter } from "../delivery/dead-letter.ts";
import { enqueueDelivery } from "../delivery/enqueue.ts";
import { loadBody } from "../delivery/message.ts";
import { allowListView, configView } from "./views.ts";
import { listProblems } from "./problems.ts";

export const ADMIN_PREFIX = "/__hookgate/admin";
const MAX_PAGE = 100;
const MAX_BODY_SHOWN = 65_536;
const NO_STORE = { "cache-control": "no-store" };

const adminError = (status: number, error: string, message: string) =>
  Response.json({ error, message }, { status, headers: { "cache-control": "no-store" } });

async function replayOne(env: Env, d: DeadLetter, nowMs: number): Promise<{ ok: true; deliveryId: string } | { ok: false; error: string }> {
  const body = d.bodyLost ? null : await loadBody(env.STATE, { ref: d.bodyRef, bytes: d.bodyBytes });
  if (!body) return { ok: false, error: "the stored body has expired" };
  const queued = await enqueueDelivery(env, {
    eventId: d.eventId,
    route: d.route,
    method: d.method,
    url: d.url,
    headers: d.headers,
    clientIp: d.clientIp,
    body,
    receivedAt: d.receivedAt,
    replayOf: d.deliveryId,
    // A replay starts a new schedule (its retries are timed from now, not from the original receipt).
    scheduleFrom: nowMs,
  });
  if (!queued.ok) return { ok: false, error: "could not enqueue" };
  await deleteDeadLetter(env.STATE, d);
  return { ok: true, deliveryId: queued.value.deliveryId };
}

type Query = (key: string) => string | undefined;

/** The endpoints by "METHOD /path" (no trailing slash). */
const ENDPOINTS: Record<string, (req: Request, env: Env, query: Query, deps: Deps) => Promise<Response>> = {
  "GET /dead-letters": async (_req, env, query) => {
    const route = query("route") || undefined;
    const cursor = query("cursor") || undefined;
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(query("limit")) || MAX_PAGE));
    const page = await listDeadLetters(env.STATE, { ...(route ? { route } : {}), ...(cursor ? { cursor } : {}), limit });
    return Response.json(page, { headers: NO_STORE });
  },

  "GET /dead-letters/record": async (_req, env, query) => {
    const d = await record(env, query);
    if (d instanceof Response) return d;
    const { bodyRef: _, ...shown } = d;
    return Response.json(shown, { headers: NO_STORE });
  },

  "GET /dead-letters/body": async (_req, env, query) => {
    const d = await record(env, query);
    if (d instanceof Response) return d;
    const body = d.bodyLost ? null : await loadBody(env.STATE, { ref: d.bodyRef, bytes: d.bodyBytes });
    if (!body) return adminError(404, "not_found", "The stored body has expired.");
    const max = Math.min(MAX_BODY_SHOWN, Math.max(1, Number(query("max")) || MAX_BODY_SHOWN));
    return Response.json({ bytes: body.byteLength, truncated: body.byteLength > max, text: new TextDecoder().decode(body.subarray(0, max)) }, { headers: NO_STORE });
  },

  "GET /config": async (_req, env) => Response.json(await configView(env), { headers: NO_STORE }),
  "GET /allow-lists": async (_req, env, _query, deps) => Response.json({ hostnames: await allowListView(env, deps.now()) }, { headers: NO_STORE }),
  "GET /problems": async (_req, env, query) => {
    const limit = Math.min(200, Math.max(1, Number(query("limit")) || 100));
    return Response.json({ items: await listProblems(env.STATE, query("route") || undefined, limit) }, { headers: NO_STORE });
  },

  "POST /dead-letters/replay": async (req, env, _query, deps) => {
    let input: unknown;
    try {
      input = JSON.parse(await req.text());
    } catch {
      return adminError(400, "bad_request", "Send JSON: {\"route\": \"/path\", \"id\": \"…\"} or {\"route\": \"/path\", \"all\": true}.");
    }
    const { route, id, ids, all, cursor } = (input ?? {}) as Record<string, unknown>;
    if (typeof route !== "string" || !route.startsWith("/"))
      return adminError(400, "bad_request", "route must be the route path, e.g. \"/hooks/github\".");
    if (typeof id === "string" && id) {
      const d = await readDeadLetter(env.STATE, route, id);
      if (!d) return adminError(404, "not_found", "No dead letter with this id on this route.");
      const r = await replayOne(env, d, deps.now());
      if (!r.ok) return adminError(503, "unavailable", `Replay failed: ${r.error}.`);
      deps.log({ route, method: d.method, eventId: d.eventId, verdict: "queued", reason: "admin_replay" });
      return Response.json({ replayed: [{ id, deliveryId: r.deliveryId }], failed: [] });
    }
    const selection = Array.isArray(ids) && ids.length <= MAX_PAGE && ids.every((i) => typeof i === "string") ? (ids as string[]) : undefined;
    if (all !== true && !selection) return adminError(400, "bad_request", "Give an id, ids (up to 100), or all: true.");
    const page = selection
      ? { items: selection.map((deliveryId) => ({ deliveryId })) }
      : await listDeadLetters(env.STATE, { route, limit: MAX_PAGE, ...(typeof cursor === "string" && cursor ? { cursor } : {}) });
    const replayed: { id: string; deliveryId: string }[] = [];
    const failed: { id: string; error: string }[] = [];
    for (const s of page.items) {
      const d = await readDeadLetter(env.STATE, route, s.deliveryId);
      if (!d) {
        if (selection) failed.push({ id: s.deliveryId, error: "not found" });
        continue;
      }
      const r = await replayOne(env, d, deps.now());
      if (r.ok) replayed.push({ id: s.deliveryId, deliveryId: r.deliveryId });
      else failed.push({ id: s.deliveryId, error: r.error });
    }
    deps.log({ route, method: "POST", verdict: "queued", reason: "admin_replay", detail: `replayed ${replayed.length}, failed ${failed.length}` });
    return Response.json({ replayed, failed, ...("cursor" in page && page.cursor ? { cursor: page.cursor } : {}) });
  },
};

/**
 * The admin API as one function of (request, env, method, path below the prefix). Like any route path,
 * an endpoint also answers with one trailing slash; HEAD arrives as GET (src/app.ts).
 */
export function adminApp(deps: Deps) {
  return async (req: Request, env: Env, method: string, path: string): Promise<Response> => {
    const auth = await checkAdminToken(env.HOOKGATE_ADMIN_TOKEN, req.headers.get("authorization"));
    if (auth === "disabled") return errorResponse({ code: "route_not_found" });
    if (auth === "unauthorized") {
      deps.log({ route: new URL(req.url).pathname, method: req.method, verdict: "rejected", reason: "admin_unauthorized" });
      const res = adminError(401, "unauthorized", "A valid admin bearer token is required.");
      res.headers.set("www-authenticate", 'Bearer realm="hookgate-admin"');
      return res;
    }
    const endpoint = adminEndpointKey(method, path);
    return endpoint ? ENDPOINTS[endpoint]!(req, env, (k) => getQueryParam(req.url, k) as string | undefined, deps) : errorResponse({ code: "route_not_found" });
  };
}

/** The admin endpoint a method and a (decoded) path below the prefix reach, or undefined (404). */
export function adminEndpointKey(method: string, path: string): string | undefined {
  const key = `${method} ${path.endsWith("/") ? path.slice(0, -1) : path}`;
  return Object.hasOwn(ENDPOINTS, key) ? key : undefined;
}

async function record(env: Env, query: Query): Promise<DeadLetter | Response> {
  const d = await readDeadLetter(env.STATE, query("route") ?? "", query("id") ?? "");
  return d ?? adminError(404, "not_found", "No dead letter with this id on this route.");
}
