/**
 * Validates a whole rules file (what the CLI pushes): the shared schema, plus
 * what only the whole file can tell: unique paths, provider names that exist,
 * custom providers that do not shadow presets, literal secrets that decode.
 * Pure (no Worker or Node APIs), so the CLI and the tests use it as is.
 */
import { ENV_SECRET, isHeaderSignature, isHmac, ProviderSchema, RulesFileSchema, type Provider, type RulesFile } from "./schema.ts";
import { embeddedSecretProblem } from "../verify/embedded-secrets.ts";
import { isPreset, presets } from "./presets/index.ts";
import { formatIssues } from "./issues.ts";
import { didYouMean } from "./nearest.ts";
import type * as z from "zod/mini";
import { publicKeyMaterial } from "../verify/public-key-material.ts";

export interface Validation {
  ok: boolean;
  errors: string[];
  warnings: string[];
  rules?: RulesFile;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function literalSecretProblem(secret: string, encoding: string): string | null {
  if (encoding === "utf8") return null;
  const b64 = encoding === "whsec" && secret.startsWith("whsec_") ? secret.slice(6) : secret;
  return BASE64.test(b64) && b64.length > 0 ? null : `is not valid ${encoding} (the provider's secrets are ${encoding})`;
}

/** Asymmetric schemes (ed25519, ecdsa) take the provider's PUBLIC key as the route secret. */
function publicKeyProblem(spec: Parameters<typeof publicKeyMaterial>[0], value: string): string | null {
  const material = publicKeyMaterial(spec, value);
  return typeof material === "string" ? `${material} (${spec.type} routes take the provider's PUBLIC key)` : null;
}

/** `routes[2].secrets` → `routes[2] (/hooks/x): secrets`, so an error names the route as well as the field. */
function nameRoutes(lines: string[], input: unknown): string[] {
  const routes = (input as { routes?: unknown } | null)?.routes;
  return lines.map((line) =>
    line.replace(/^rules: routes\[(\d+)\]\.?/, (whole, i: string) => {
      const path = Array.isArray(routes) ? (routes[Number(i)] as { path?: unknown } | undefined)?.path : undefined;
      return `routes[${i}]${typeof path === "string" ? ` (${path})` : ""}: `;
    }).replace(/: : /, ": "),
  );
}

/**
 * `explain`: a friendlier message for a schema issue (the CLI's, which knows the
 * input and the allowed keys); by default zod's own message.
 */
export function validateRulesFile(input: unknown, explain?: (issue: z.core.$ZodIssue) => string | undefined): Validation {
  const parsed = RulesFileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: nameRoutes(formatIssues(parsed.error, "rules", explain), input), warnings: [] };
  const rules = parsed.data;
  const errors: string[] = [];
  const warnings: string[] = [];

  for (const name of Object.keys(rules.providers)) {
    if (isPreset(name))
      errors.push(`providers.${name}: "${name}" is a built-in preset; give your provider another name`);
  }

  const seen = new Map<string, number>();
  rules.routes.forEach((route, i) => {
    const where = `routes[${i}] (${route.path})`;
    const first = seen.get(route.path);
    if (first !== undefined) errors.push(`${where}: path: duplicates routes[${first}]`);
    else seen.set(route.path, i);

    let provider: Provider | undefined;
    if (typeof route.provider === "string") {
      if (isPreset(route.provider)) provider = ProviderSchema.parse(presets[route.provider]);
      else provider = rules.providers[route.provider];
      if (!provider)
        errors.push(
          `${where}: provider: "${route.provider}" is neither a preset nor defined under "providers"${didYouMean(route.provider, [...Object.keys(presets), ...Object.keys(rules.providers)])}`,
        );
    } else provider = route.provider;

    route.secrets.forEach((secret, j) => {
      if (ENV_SECRET.test(secret)) return;
      warnings.push(`${where}: secrets[${j}]: a literal secret is stored in KV; prefer env:NAME (a Worker secret)`);
      // Without a signature the secrets are token / JWT keys, used as UTF-8.
      const spec = provider?.signature;
      const problem = !spec ? null : isHmac(spec) ? literalSecretProblem(secret, spec.secretEncoding) : isHeaderSignature(spec) ? publicKeyProblem(spec, secret) : embeddedSecretProblem(spec, secret);
      if (problem) errors.push(`${where}: secrets[${j}]: ${problem}`);
    });
    for (const field of ["tokenSecrets", "jwtSecrets"] as const)
      route[field]?.forEach((secret, j) => {
        if (!ENV_SECRET.test(secret))
          warnings.push(`${where}: ${field}[${j}]: a literal secret is stored in KV; prefer env:NAME (a Worker secret)`);
      });
    if (provider?.handshake?.kind === "oura-verification" && !route.tokenSecrets)
      warnings.push(`${where}: tokenSecrets: Oura's subscription check is answered only when its verification_token is one of them; set them to the token you give Oura`);
    if (provider?.requireAllow && !route.allow && !provider.sourceIps)
      errors.push(`${where}: this provider's scheme includes a source-IP allow list: set the route's allow`);
  });

  return { ok: errors.length === 0, errors, warnings, rules };
}
