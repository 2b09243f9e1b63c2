/**
 * Loads the route for a request path from the RULES KV namespace, compiled and
 * cached in isolate memory for RULES_CACHE_SECONDS (default 10; 0 disables).
 * KV itself propagates writes within ~60 s, so a short cache costs nothing in
 * freshness and saves a KV read per request.
 */
import type { Env } from "../env.ts";
import { isPreset } from "./presets/runtime.ts";
import { providerKey, routeKey } from "./kv-keys.ts";
import { compileRoute } from "./resolve.ts";
import { NotJson, readKvJson } from "./kv-json.ts";
import type { CompiledRoute } from "./compiled.ts";

export type Loaded =
  | { kind: "found"; compiled: CompiledRoute }
  | { kind: "missing" }
  | { kind: "invalid"; detail: string };

const DEFAULT_CACHE_SECONDS = 10;
const MAX_CACHE_ENTRIES = 500;
const cache = new Map<string, { expires: number; value: Promise<Loaded> }>();

export function cacheSeconds(env: Env): number {
  const n = Number(env.RULES_CACHE_SECONDS ?? DEFAULT_CACHE_SECONDS);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_CACHE_SECONDS;
}

export function loadRoute(env: Env, path: string, nowMs: number): Promise<Loaded> {
  const ttl = cacheSeconds(env) * 1000;
  const hit = cache.get(path);
  if (hit && hit.expires > nowMs) return hit.value;
  const value = readRoute(env, path);
  if (ttl > 0) {
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    cache.set(path, { expires: nowMs + ttl, value });
    // A KV failure is not cached: the next request tries again.
    value.catch(() => cache.delete(path));
  }
  return value;
}

export function clearRouteCache(): void {
  cache.clear();
}

async function readRoute(env: Env, path: string): Promise<Loaded> {
  const key = routeKey(path);
  try {
    const raw = await readKvJson(env.RULES, key);
    if (raw === null) return { kind: "missing" };
    const result = await compileRoute(key, raw, {
      env: env as unknown as Record<string, unknown>,
      loadProvider: (name) => (isPreset(name) ? Promise.resolve(null) : readKvJson(env.RULES, providerKey(name))),
    });
    return result.ok ? { kind: "found", compiled: result.compiled } : { kind: "invalid", detail: result.detail };
  } catch (e) {
    if (e instanceof NotJson) return { kind: "invalid", detail: e.message };
    throw e;
  }
}
