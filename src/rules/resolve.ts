/**
 * Compiles a stored route into what the pipeline runs: parse with the shared
 * schema, resolve the provider (preset, KV, or inline) and the secrets
 * (`env:NAME` → Worker secret). Any problem fails closed with a precise detail.
 */
import { DEFAULT_DEDUP_TTL_SECONDS, DEFAULT_ORIGIN_TIMEOUT_MS, ENV_SECRET, ProviderSchema, RouteSchema, type Provider } from "./schema.ts";
// The Worker bundles the presets without their descriptions (cli/presets-runtime.ts).
import { runtimePresets as presets, isPreset } from "./presets/runtime.ts";
import { formatIssues } from "./issues.ts";
import type { CompiledRequirement, CompiledRoute } from "./compiled.ts";
import { secretProblem } from "../verify/secrets.ts";
import { compileAllow } from "../source-ip/compile.ts";
import { DEFAULT_DEADLINE_MS, DEFAULT_MODE, DEFAULT_SUCCESS_STATUS, retryOffsets } from "../delivery/schema.ts";

export type Compiled = { ok: true; compiled: CompiledRoute } | { ok: false; detail: string };

const parsedPresets = new Map<string, Provider>();

export function presetProvider(name: string): Provider | undefined {
  if (!isPreset(name)) return undefined;
  let p = parsedPresets.get(name);
  if (!p) {
    p = ProviderSchema.parse(presets[name]);
    parsedPresets.set(name, p);
  }
  return p;
}

export interface ResolveDeps {
  /** Reads a custom provider's raw JSON (from KV), or null when absent. */
  loadProvider(name: string): Promise<unknown>;
  /** Worker secrets and vars. */
  env: Record<string, unknown>;
}

export async function compileRoute(where: string, raw: unknown, deps: ResolveDeps): Promise<Compiled> {
  const parsed = RouteSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, detail: formatIssues(parsed.error, where).join("; ") };
  const route = parsed.data;

  let provider: Provider;
  let providerName: string;
  if (typeof route.provider === "string") {
    providerName = route.provider;
    const preset = presetProvider(providerName);
    if (preset) provider = preset;
    else {
      const rawProvider = await deps.loadProvider(providerName);
      if (rawProvider === null || rawProvider === undefined)
        return { ok: false, detail: `${where}: provider "${providerName}" is neither a preset nor stored in KV` };
      const p = ProviderSchema.safeParse(rawProvider);
      if (!p.success) return { ok: false, detail: formatIssues(p.error, `provider:${providerName}`).join("; ") };
      provider = p.data;
    }
  } else {
    providerName = "inline";
    provider = route.provider;
  }

  // `{value:name}` in a signed payload comes from the route's `values`; a missing one is a configuration error here
  // (and, were it ever reached, an unrenderable payload that fails the request).
  for (const m of JSON.stringify([provider.signature, provider.alternatives]).matchAll(/\{value:([^}]+)\}/g))
    if (!Object.hasOwn(route.values ?? {}, m[1]!))
      return { ok: false, detail: `${where}: values.${m[1]} is not set (the provider signs {value:${m[1]}})` };

  const secrets: string[] = [];
  // Without a signature, `secrets` are the token / JWT keys: used as UTF-8.
  for (const [i, ref] of route.secrets.entries()) {
    const value = resolveRef(ref, deps.env);
    if (value === null) return { ok: false, detail: `${where}: secrets[${i}]: Worker secret ${ENV_SECRET.exec(ref)?.[1]} is not set` };
    // Without a signature, `secrets` are the token / JWT keys, used as UTF-8.
    const problem = provider.signature ? secretProblem(provider.signature, value) : null;
    if (problem) return { ok: false, detail: `${where}: secrets[${i}]: ${problem} for provider ${providerName}` };
    secrets.push(value);
  }

  const keyLists: Record<"tokenSecrets" | "jwtSecrets", string[]> = { tokenSecrets: [], jwtSecrets: [] };
  for (const field of ["tokenSecrets", "jwtSecrets"] as const) {
    for (const [i, ref] of (route[field] ?? []).entries()) {
      const value = resolveRef(ref, deps.env);
      if (value === null) return { ok: false, detail: `${where}: ${field}[${i}]: Worker secret ${ENV_SECRET.exec(ref)?.[1]} is not set` };
      keyLists[field].push(value);
    }
  }
  const tokenSecrets = keyLists.tokenSecrets.length > 0 ? keyLists.tokenSecrets : secrets;

  const required: CompiledRequirement[] = [];
  for (const [list, name] of [
    [provider.require ?? [], `provider ${providerName} require`],
    [route.require ?? [], `${where}: require`],
  ] as const) {
    for (const [i, r] of list.entries()) {
      const value = resolveRef(r.equals, deps.env);
      if (value === null) return { ok: false, detail: `${name}[${i}]: Worker secret ${ENV_SECRET.exec(r.equals)?.[1]} is not set` };
      required.push({ from: r.from, value });
    }
  }

  const dedup: CompiledRoute["dedup"] =
    route.dedup === false
      ? false
      : { id: route.dedup?.id, ttlSeconds: route.dedup?.ttlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS, store: route.dedup?.store ?? "kv" };

  if (provider.requireAllow && !route.allow && !provider.sourceIps)
    return { ok: false, detail: `${where}: provider ${providerName}'s scheme includes a source-IP allow list: set the route's allow` };
  const allow = compileAllow(route.allow, provider.sourceIps);
  if (!allow.ok) return { ok: false, detail: `${where}: ${allow.detail}` };

  const d = route.delivery;
  const deadlineMs = d.deadlineMs ?? provider.answer?.deadlineMs ?? DEFAULT_DEADLINE_MS;

  return {
    ok: true,
    compiled: {
      route,
      providerName,
      provider,
      secrets,
      tokenSecrets,
      jwtSecrets: keyLists.jwtSecrets.length > 0 ? keyLists.jwtSecrets : tokenSecrets,
      tolerance: route.tolerance ?? provider.timestamp?.tolerance,
      expiresAt: route.expiresAt ?? provider.expiresAt,
      required,
      dedup,
      allow: allow.value,
      rateLimit: route.rateLimit === false ? undefined : (route.rateLimit ?? provider.rateLimit),
      mode: d.mode ?? provider.answer?.mode ?? DEFAULT_MODE,
      deadlineMs,
      successStatus: d.successStatus ?? provider.answer?.successStatus ?? DEFAULT_SUCCESS_STATUS,
      originTimeoutMs: route.originTimeoutMs ?? Math.max(100, deadlineMs - d.safetyMarginMs),
      queuedOriginTimeoutMs: route.originTimeoutMs ?? DEFAULT_ORIGIN_TIMEOUT_MS,
      retryAt: retryOffsets(d),
    },
  };
}

/** A configured value: `env:NAME` → the Worker secret (null when unset), anything else as written. */
function resolveRef(ref: string, env: Record<string, unknown>): string | null {
  const m = ENV_SECRET.exec(ref);
  const value = m ? env[m[1]!] : ref;
  return typeof value === "string" && value !== "" ? value : null;
}
