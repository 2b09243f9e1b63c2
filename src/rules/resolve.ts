/**
 * Compiles a stored route into what the pipeline runs: parse with the shared
 * schema, resolve the provider (preset, KV, or inline) and the secrets
 * (`env:NAME` → Worker secret). Any problem fails closed with a precise detail.
 */
import { ENV_SECRET, ProviderSchema, RouteSchema, type Provider } from "./schema.ts";
import { presets, isPreset } from "./presets/index.ts";
import { formatIssues } from "./issues.ts";
import type { CompiledRoute } from "./compiled.ts";
import { secretProblem } from "../verify/secrets.ts";

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

  const secrets: string[] = [];
  for (const [i, ref] of route.secrets.entries()) {
    const m = ENV_SECRET.exec(ref);
    const value = m ? deps.env[m[1]!] : ref;
    if (typeof value !== "string" || value === "")
      return { ok: false, detail: `${where}: secrets[${i}]: Worker secret ${m?.[1]} is not set` };
    const problem = secretProblem(provider.signature, value);
    if (problem) return { ok: false, detail: `${where}: secrets[${i}]: ${problem} for provider ${providerName}` };
    secrets.push(value);
  }

  return {
    ok: true,
    compiled: { route, providerName, provider, secrets, tolerance: route.tolerance ?? provider.timestamp?.tolerance },
  };
}
