/**
 * `hookgate rules validate FILE` and `hookgate rules push FILE`: the same
 * schema the Worker uses, then the routes and providers written to the RULES
 * KV namespace (key schema: src/rules/kv-keys.ts), stale routes removed.
 */
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRulesFile, type Validation } from "../src/rules/validate.ts";
import { META_KEY, PROVIDER_PREFIX, ROUTE_PREFIX, providerKey, routeKey } from "../src/rules/kv-keys.ts";
import type { RulesFile } from "../src/rules/schema.ts";
import { err, green, out, red, yellow, dim } from "./output.ts";
import { kvFlags, runWrangler, wranglerFailure, type KvTarget } from "./wrangler.ts";
import { listKeys } from "./kv-rules.ts";
import { jsonErrorAt } from "./json-error.ts";
import { explainIssue } from "./explain.ts";
import { literalSecrets, REDACTED } from "./secrets.ts";

export async function readRulesFile(file: string): Promise<Validation> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return { ok: false, errors: [`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`], warnings: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorAt(text, e as Error);
    return { ok: false, errors: [`${file}:${at.line}:${at.column}: not valid JSON: ${at.reason} (line ${at.line}, column ${at.column})`], warnings: [] };
  }
  const v = validateRulesFile(json, (issue) => explainIssue(issue, json));
  // `rules pull` writes a placeholder for each literal secret: it must never be pushed as the secret.
  const placeholders = literalSecrets(json).filter((s) => s.value === REDACTED);
  if (placeholders.length)
    return {
      ...v,
      ok: false,
      errors: [
        ...v.errors,
        ...placeholders.map((p) => `${p.path}: is the placeholder \`rules pull\` writes for a literal secret; put the secret back (better: env:NAME and a Worker secret)`),
      ],
    };
  return v;
}

/** `pushing`: say that nothing was pushed (validate never pushes, so it does not say so). */
function report(file: string, v: Validation, pushing = false): void {
  for (const w of v.warnings) err(`${yellow("warning")} ${w}`);
  for (const e of v.errors) err(`${red("error")}   ${e}`);
  if (v.ok) out(`${green("ok")} ${file}: ${v.rules!.routes.length} route(s), ${Object.keys(v.rules!.providers).length} custom provider(s)`);
  else err(`${red("invalid")} ${file}: ${v.errors.length} error(s)${pushing ? "; nothing was pushed" : ""}`);
}

export async function validateCommand(file: string): Promise<number> {
  const v = await readRulesFile(file);
  report(file, v);
  return v.ok ? 0 : 1;
}

/** The KV entries a rules file becomes. Routes are stored without defaults applied, exactly as written. */
export function kvEntries(rules: RulesFile, raw: { routes: unknown[]; providers?: Record<string, unknown> }, nowIso: string) {
  const entries: { key: string; value: string }[] = [];
  rules.routes.forEach((r, i) => entries.push({ key: routeKey(r.path), value: JSON.stringify(raw.routes[i]) }));
  for (const name of Object.keys(rules.providers)) entries.push({ key: providerKey(name), value: JSON.stringify(raw.providers![name]) });
  entries.push({
    key: META_KEY,
    value: JSON.stringify({ pushedAt: nowIso, routes: rules.routes.map((r) => r.path), providers: Object.keys(rules.providers) }),
  });
  return entries;
}

/** `shownAs`: the name to print for `file` (hookgate dev pushes a rewritten copy of examples/rules.json). */
export async function pushCommand(file: string, target: KvTarget, shownAs = file): Promise<number> {
  const v = await readRulesFile(file);
  report(shownAs, v, true);
  if (!v.ok) return 1;
  const raw = JSON.parse(await readFile(file, "utf8"));
  const entries = kvEntries(v.rules!, raw, new Date().toISOString());

  const dir = await mkdtemp(join(tmpdir(), "hookgate-push-"));
  try {
    const putFile = join(dir, "put.json");
    await writeFile(putFile, JSON.stringify(entries));
    const put = await runWrangler(["kv", "bulk", "put", putFile, ...kvFlags(target)]);
    if (put.code !== 0) {
      err(`${red("error")} ${wranglerFailure("wrangler kv bulk put", put)}`);
      return 1;
    }
    const wanted = new Set(entries.map((e) => e.key));
    // One list of the whole namespace (one wrangler call, not one per prefix).
    const existing = (await listKeys(target)).filter((k) => k.startsWith(ROUTE_PREFIX) || k.startsWith(PROVIDER_PREFIX));
    const stale = existing.filter((k) => !wanted.has(k));
    if (stale.length) {
      const delFile = join(dir, "delete.json");
      await writeFile(delFile, JSON.stringify(stale));
      const del = await runWrangler(["kv", "bulk", "delete", delFile, "--force", ...kvFlags(target)]);
      if (del.code !== 0) {
        err(`${red("error")} ${wranglerFailure("wrangler kv bulk delete", del)}`);
        return 1;
      }
    }
    out(`${green("pushed")} ${entries.length - 1} key(s) to ${target.binding} (${target.local ? "local" : "remote"})${stale.length ? `, removed ${stale.length} stale: ${stale.join(", ")}` : ""}`);
    out(dim("KV propagates to every location within about 60 s; the Worker caches routes for RULES_CACHE_SECONDS."));
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
