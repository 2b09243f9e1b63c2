/**
 * Providers that send more than one format (Scalekit: its own
 * x-scalekit-signature, or Standard Webhooks headers). A request is verified
 * by the first alternative whose signature header it carries, else by the
 * provider itself; never by both (a forged alternative does not fall back).
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Provider } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { secretProblem } from "./secrets.ts";

export function variantFor(compiled: CompiledRoute, req: Inbound): CompiledRoute {
  for (const alt of compiled.provider.alternatives ?? []) {
    const sig = alt.signature;
    const header = sig && "header" in sig ? sig.header : undefined;
    if (!sig || !header || !req.headers.has(Array.isArray(header) ? header[0]! : header)) continue;
    const { route } = compiled;
    return {
      ...compiled,
      provider: alt as Provider,
      // Only the secrets that are keys in this format (a whsec_ secret for Standard Webhooks).
      secrets: compiled.secrets.filter((s) => secretProblem(sig, s) === null),
      tolerance: route.tolerance ?? alt.timestamp?.tolerance,
      expiresAt: route.expiresAt ?? alt.expiresAt,
    };
  }
  return compiled;
}
