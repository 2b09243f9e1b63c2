/**
 * Reads the rules stored in the RULES KV namespace back into the shape of a
 * rules file: `route:*` keys become routes, `provider:*` keys providers.
 * Two wrangler calls whatever the number of keys: one list, one bulk get.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { META_KEY, PROVIDER_PREFIX, ROUTE_PREFIX } from "../src/rules/kv-keys.ts";
import { kvFlags, runWrangler, wranglerFailure, type KvTarget } from "./wrangler.ts";

export interface StoredRules {
  /** Routes as stored (exactly as they were written), in the last push's order, then by path. */
  routes: { key: string; value: unknown }[];
  providers: Record<string, unknown>;
  meta?: { pushedAt?: string; routes?: string[]; providers?: string[] };
  /** Keys whose value is not JSON (the Worker fails those routes closed). */
  notJson: string[];
}

/** The JSON wrangler prints before its own trailing messages. */
function jsonOf(stdout: string, open: "[" | "{"): unknown {
  const close = open === "[" ? "]" : "}";
  const start = stdout.indexOf(open);
  const end = stdout.lastIndexOf(close);
  if (start < 0 || end < start) throw new Error(`unexpected wrangler output:\n${stdout}`);
  return JSON.parse(stdout.slice(start, end + 1));
}

export async function listKeys(target: KvTarget, prefix?: string): Promise<string[]> {
  const run = await runWrangler(["kv", "key", "list", ...(prefix ? ["--prefix", prefix] : []), ...kvFlags(target)]);
  if (run.code !== 0) throw new Error(wranglerFailure("wrangler kv key list", run));
  return (jsonOf(run.stdout, "[") as { name: string }[]).map((k) => k.name);
}

async function bulkGet(target: KvTarget, keys: string[]): Promise<Record<string, string | null>> {
  if (keys.length === 0) return {};
  const dir = await mkdtemp(join(tmpdir(), "hookgate-get-"));
  try {
    const file = join(dir, "keys.json");
    await writeFile(file, JSON.stringify(keys));
    const run = await runWrangler(["kv", "bulk", "get", file, ...kvFlags(target)]);
    if (run.code !== 0) throw new Error(wranglerFailure("wrangler kv bulk get", run));
    const got = jsonOf(run.stdout, "{") as Record<string, { value: string | null } | string | null>;
    const values: Record<string, string | null> = {};
    for (const k of keys) {
      const v = got[k];
      values[k] = v !== null && typeof v === "object" ? v.value : (v ?? null);
    }
    return values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function readStoredRules(target: KvTarget): Promise<StoredRules> {
  const keys = (await listKeys(target)).filter((k) => k.startsWith(ROUTE_PREFIX) || k.startsWith(PROVIDER_PREFIX) || k === META_KEY);
  const values = await bulkGet(target, keys);
  const stored: StoredRules = { routes: [], providers: {}, notJson: [] };
  const parse = (key: string): unknown => {
    const text = values[key];
    if (text === null || text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      stored.notJson.push(key);
      return undefined;
    }
  };
  const meta = parse(META_KEY);
  if (meta && typeof meta === "object") stored.meta = meta as StoredRules["meta"];
  for (const key of keys) {
    if (key === META_KEY) continue;
    const value = parse(key);
    if (value === undefined) continue;
    if (key.startsWith(ROUTE_PREFIX)) stored.routes.push({ key, value });
    else stored.providers[key.slice(PROVIDER_PREFIX.length)] = value;
  }
  const order = new Map((stored.meta?.routes ?? []).map((p, i) => [`${ROUTE_PREFIX}${p}`, i]));
  const rank = (k: string) => order.get(k) ?? Number.MAX_SAFE_INTEGER;
  stored.routes.sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return stored;
}
