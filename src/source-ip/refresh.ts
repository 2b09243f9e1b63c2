/**
 * The Cron Trigger refresh (wrangler.toml `[triggers] crons`): re-resolves
 * every hostname an allow list in use references (a route's `allow.hostnames`,
 * else its provider's `sourceIps.hostnames`, preset or KV), so requests rarely
 * wait on DNS, and keeps the last-known-good copy in STATE current.
 */
import type { Env } from "../env.ts";
import { PROVIDER_PREFIX, ROUTE_PREFIX, providerKey } from "../rules/kv-keys.ts";
import { ProviderSchema, RouteSchema } from "../rules/schema.ts";
import { presetProvider } from "../rules/resolve.ts";
import { normalizeHostname, type Allow } from "./schema.ts";
import { dnsSettings } from "./settings.ts";
import { configWarning } from "../log.ts";
import { refreshHostname } from "./dns-cache.ts";
import { NotJson, readKvJson } from "../rules/kv-json.ts";

export interface RefreshDeps {
  now(): number;
  resolverFetch: typeof fetch;
  log(line: Record<string, unknown>): void;
}

export interface RefreshSummary {
  hostnames: number;
  refreshed: string[];
  /** Resolved, but to no addresses (NXDOMAIN or no A/AAAA): requests from anywhere are denied by it. */
  empty: string[];
  lastKnownGood: string[];
  failed: { hostname: string; detail: string }[];
  /** Routes or providers that could not be read (they are reported, not fatal). */
  skipped: string[];
}

const MAX_ROUTES = 10_000;

/** Every hostname referenced by the routes stored in RULES. */
export async function referencedHostnames(rules: KVNamespace, skipped: string[] = []): Promise<string[]> {
  const hostnames = new Set<string>();
  const providers = new Map<string, Allow | undefined>();
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await rules.list({ prefix: ROUTE_PREFIX, cursor });
    for (const { name } of page.keys) {
      if (++seen > MAX_ROUTES) break;
      const route = RouteSchema.safeParse(await readJson(rules, name));
      if (!route.success) {
        skipped.push(name);
        continue;
      }
      let allow = route.data.allow;
      if (!allow && typeof route.data.provider !== "string") allow = route.data.provider.sourceIps;
      else if (!allow && typeof route.data.provider === "string") {
        const name = route.data.provider;
        if (!providers.has(name)) providers.set(name, await providerDefault(rules, name, skipped));
        allow = providers.get(name);
      }
      for (const h of allow?.hostnames ?? []) hostnames.add(normalizeHostname(h));
    }
    cursor = page.list_complete || seen > MAX_ROUTES ? undefined : page.cursor;
  } while (cursor);
  return [...hostnames].sort();
}

async function providerDefault(rules: KVNamespace, name: string, skipped: string[]): Promise<Allow | undefined> {
  const preset = presetProvider(name);
  if (preset) return preset.sourceIps;
  const parsed = ProviderSchema.safeParse(await readJson(rules, providerKey(name)));
  if (!parsed.success) {
    skipped.push(`${PROVIDER_PREFIX}${name}`);
    return undefined;
  }
  return parsed.data.sourceIps;
}

/** A stored value that is not JSON counts as invalid (skipped), like one that fails the schema. */
function readJson(kv: KVNamespace, key: string): Promise<unknown> {
  return readKvJson(kv, key).catch((e: unknown) => {
    if (e instanceof NotJson) return undefined;
    throw e;
  });
}

export async function refreshAllowLists(env: Env, deps: RefreshDeps): Promise<RefreshSummary> {
  const skipped: string[] = [];
  const hostnames = await referencedHostnames(env.RULES, skipped);
  const summary: RefreshSummary = { hostnames: hostnames.length, refreshed: [], empty: [], lastKnownGood: [], failed: [], skipped };
  const settings = dnsSettings(env);
  if (settings.problem) deps.log(configWarning(settings.problem));
  const dns = { fetch: deps.resolverFetch, url: settings.url, minTtlS: settings.minTtlS, lkgMaxAgeS: settings.lkgMaxAgeS, state: env.STATE, nowMs: deps.now() };
  await Promise.all(
    hostnames.map(async (hostname) => {
      const l = await refreshHostname(hostname, dns);
      if (l.ok && l.source === "fresh") (l.ranges.length ? summary.refreshed : summary.empty).push(hostname);
      else if (l.ok) {
        summary.lastKnownGood.push(hostname);
        summary.failed.push({ hostname, detail: l.detail ?? "resolver failed" });
      } else summary.failed.push({ hostname, detail: l.detail });
    }),
  );
  deps.log({ level: summary.failed.length || summary.empty.length ? "warn" : "info", msg: "hookgate.dns_refresh", ...summary });
  return summary;
}
