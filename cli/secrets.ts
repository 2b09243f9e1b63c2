/**
 * Literal secrets never leave the CLI: every secret-bearing field of a rules
 * file (`secrets[N]`, `tokenSecrets[N]`, any other `…Secrets[N]`, `require[N].equals`, in routes,
 * custom providers and inline providers) is shown masked in diff, list, pull
 * and error messages. `env:NAME` references are names, not secrets: shown.
 */
import { ENV_SECRET } from "../src/rules/schema.ts";

/** What `rules pull` writes in place of a literal secret; `rules validate`/`push` refuse it, so it is never pushed as a secret. */
export const REDACTED = "(redacted literal secret: put it back, or better use env:NAME)";
export const MASK = "(a literal secret)";

/**
 * A field path (`routes[0].secrets[1]`, `tokenSecrets[0]`, `require[0].equals`) whose value is a secret.
 * Any `…secrets` / `…Secrets` list counts (`jwtSecrets` and whatever key list comes next).
 */
export function isSecretPath(path: string): boolean {
  return /(?:^|\.)(?:[A-Za-z]*[sS]ecrets?(?:\[\d+\])?|require(?:\[\d+\])?(?:\.equals)?)$/.test(path);
}

export const isLiteralSecret = (value: unknown) => !(typeof value === "string" && ENV_SECRET.test(value));

/** A copy of a rules-shaped value with every literal secret replaced by `mask` (paths as in diff: `a.b[0]`). */
export function redact(value: unknown, mask = REDACTED, path = ""): unknown {
  if (path && isSecretPath(path) && (typeof value !== "object" || value === null) && isLiteralSecret(value)) return mask;
  if (Array.isArray(value)) return value.map((v, i) => redact(v, mask, `${path}[${i}]`));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, mask, path ? `${path}.${k}` : k)]));
  return value;
}

/** How diff shows one leaf value. */
export function shown(path: string, value: unknown): string {
  return isSecretPath(path) && (typeof value !== "object" || value === null) && isLiteralSecret(value) ? MASK : JSON.stringify(value);
}

/** The literal secrets of a rules-shaped value, with their paths. */
export function literalSecrets(value: unknown, path = ""): { path: string; value: string }[] {
  if (path && isSecretPath(path) && typeof value === "string") return isLiteralSecret(value) ? [{ path, value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => literalSecrets(v, path ? `${path}.${k}` : k));
  return [];
}

/** The `env:NAME` references of a rules-shaped value (names only), with their paths. */
export function envReferences(value: unknown, path = ""): { path: string; name: string }[] {
  if (path && isSecretPath(path) && typeof value === "string") {
    const m = ENV_SECRET.exec(value);
    return m ? [{ path, name: m[1]! }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => envReferences(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => envReferences(v, path ? `${path}.${k}` : k));
  return [];
}

