/**
 * What the operator console shows, read from the Worker's own bindings: the
 * routes (secrets as a count and env: names only, never a value), the
 * configuration problems the Worker can see, and the allow-list hostnames
 * with their resolved and last-known-good addresses.
 */
import type { Env } from "../env.ts";
import { ENV_SECRET, RouteSchema, type Route } from "../rules/schema.ts";
import { PROVIDER_PREFIX, ROUTE_PREFIX, providerKey } from "../rules/kv-keys.ts";
import { compileRoute } from "../rules/resolve.ts";
import { isPreset } from "../rules/presets/index.ts";
import { readKvJson } from "../rules/kv-json.ts";
import { originKey } from "../forward/proxy-signature.ts";
import { parseLogMode } from "../log.ts";
import { dnsSettings } from "../source-ip/settings.ts";
import { cachedHostname, readLastKnownGood } from "../source-ip/dns-cache.ts";

const MAX_KEYS = 1000;

async function keys(kv: KVNamespace, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete || names.length >= MAX_KEYS ? undefined : page.cursor;
  } while (cursor);
  return names;
}

const envNames = (raw: unknown) => [...new Set([...JSON.stringify(raw ?? null).matchAll(/"env:([A-Za-z_]\w*)"/g)].map((m) => m[1]!))];

function secretsView(list: readonly string[] | undefined) {
  const refs = list ?? [];
  return { count: refs.length, env: refs.map((r) => ENV_SECRET.exec(r)?.[1]).filter((n) => n !== undefined) };
}

export interface RouteView {
  path: string;
  provider?: string;
  origin?: string;
  methods?: readonly string[];
  allow?: { from: string; ips: string[]; hostnames: string[] };
  dedup?: string;
  delivery?: string;
  reportOnly?: boolean;
  rateLimit?: number;
  secrets?: { count: number; env: string[] };
  tokenSecrets?: { count: number; env: string[] };
  /** Why the route fails closed (503) as stored. */
  problem?: string;
}

/** Every stored route, the Worker's configuration problems, and the env: names the rules reference. */
export async function configView(env: Env) {
  const routes: RouteView[] = [];
  const referenced = new Set<string>();
  const usage = { queue: false, strict: false, rateLimit: false };
  for (const key of await keys(env.RULES, ROUTE_PREFIX)) {
    const path = key.slice(ROUTE_PREFIX.length);
    let raw: unknown;
    try {
      raw = await readKvJson(env.RULES, key);
    } catch (e) {
      routes.push({ path, problem: (e as Error).message });
      continue;
    }
    envNames(raw).forEach((n) => referenced.add(n));
    const parsed = RouteSchema.safeParse(raw);
    const compiled = await compileRoute(key, raw, {
      env: env as unknown as Record<string, unknown>,
      loadProvider: (name) => (isPreset(name) ? Promise.resolve(null) : readKvJson(env.RULES, providerKey(name))),
    });
    const problem = compiled.ok ? undefined : compiled.detail;
    if (!parsed.success) {
      routes.push({ path, problem: problem ?? "invalid route" });
      continue;
    }
    const r: Route = parsed.data;
    const allow = r.allow ?? (compiled.ok ? compiled.compiled.provider.sourceIps : undefined);
    const dedup = r.dedup === false ? "off" : (r.dedup?.store ?? "kv");
    usage.queue ||= r.delivery.mode === "queue";
    usage.strict ||= dedup === "strict";
    usage.rateLimit ||= r.rateLimit !== undefined;
    routes.push({
      path,
      provider: typeof r.provider === "string" ? r.provider : "inline",
      ...(r.origin ? { origin: r.origin } : {}),
      methods: r.methods,
      ...(allow ? { allow: { from: r.allow ? "route" : "provider", ips: allow.ips ?? [], hostnames: allow.hostnames ?? [] } } : {}),
      dedup,
      delivery: r.delivery.mode,
      reportOnly: r.enforce === false,
      ...(r.rateLimit ? { rateLimit: r.rateLimit.requestsPerMinute } : {}),
      secrets: secretsView(r.secrets),
      ...(r.tokenSecrets ? { tokenSecrets: secretsView(r.tokenSecrets) } : {}),
      ...(problem ? { problem } : {}),
    });
  }
  for (const key of await keys(env.RULES, PROVIDER_PREFIX)) envNames(await readKvJson(env.RULES, key).catch(() => null)).forEach((n) => referenced.add(n));

  const health: { check: string; problem: string }[] = [];
  const add = (check: string, problem: string | undefined) => problem && health.push({ check, problem });
  const secret = env.HOOKGATE_ORIGIN_SECRET;
  add(
    "HOOKGATE_ORIGIN_SECRET",
    typeof secret !== "string" || !secret ? "not set: every route fails closed (503)" : originKey(secret) ? undefined : "not valid whsec_ base64: every route fails closed (503)",
  );
  for (const name of referenced) {
    const v = env[name];
    add(`env:${name}`, typeof v === "string" && v ? undefined : "referenced by the rules but not set (wrangler secret put)");
  }
  for (const r of routes) add(`route ${r.path}`, r.problem);
  add("LOG_REQUESTS", parseLogMode(env.LOG_REQUESTS).problem);
  add("DNS_MIN_TTL_SECONDS", dnsSettings(env).problem);
  const cache = env.RULES_CACHE_SECONDS;
  add("RULES_CACHE_SECONDS", cache === undefined || /^\d+(\.\d+)?$/.test(String(cache)) ? undefined : `${JSON.stringify(cache).slice(0, 40)} is not a number of seconds; using 10`);
  add("DOH_URL", !env.DOH_URL || /^https:\/\/[^\s/]+/.test(env.DOH_URL) ? undefined : "is not an https URL (its answers decide which addresses are allowed)");
  if (usage.queue) add("DELIVERIES", env.DELIVERIES ? undefined : "a route has delivery.mode queue but the queue binding is missing");
  if (usage.strict) add("DEDUP", env.DEDUP ? undefined : "a route has dedup.store strict but the Durable Object binding is missing");
  if (usage.rateLimit) add("RATE_LIMITER", env.RATE_LIMITER ? undefined : "a route has a rateLimit but the Durable Object binding is missing");
  return { routes, health };
}

/** Each allow-list hostname the routes use: addresses now (this isolate) and the stored last-known-good copy. */
export async function allowListView(env: Env, nowMs: number) {
  const { routes } = await configView(env);
  const users = new Map<string, string[]>();
  for (const r of routes)
    for (const h of r.allow?.hostnames ?? []) {
      const n = h.toLowerCase().replace(/\.$/, "");
      users.set(n, [...(users.get(n) ?? []), r.path]);
    }
  return Promise.all(
    [...users].sort().map(async ([hostname, usedBy]) => {
      const cached = cachedHostname(hostname);
      const lkg = await readLastKnownGood(env.STATE, hostname);
      return {
        hostname,
        usedBy,
        ...(cached ? { addresses: cached.addresses, resolvedAt: cached.resolvedAtMs, source: cached.kind === "doh" ? "resolver" : "last-known-good" } : {}),
        ...(lkg ? { lastKnownGood: { addresses: lkg.addresses, resolvedAt: lkg.resolvedAtMs, ageSeconds: Math.round((nowMs - lkg.resolvedAtMs) / 1000) } } : {}),
      };
    }),
  );
}
