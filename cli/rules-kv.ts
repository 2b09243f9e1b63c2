/**
 * `hookgate rules pull | diff | list`: what the RULES KV namespace holds,
 * as a rules file, compared with a rules file, or as a table.
 */
import { writeFile } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ROUTE_PREFIX } from "../src/rules/kv-keys.ts";
import { validateRulesFile } from "../src/rules/validate.ts";
import { readStoredRules, type StoredRules } from "./kv-rules.ts";
import { diffRules } from "./diff.ts";
import { literalSecrets, redact } from "./secrets.ts";
import { explainIssue } from "./explain.ts";
import { readRulesFile } from "./rules.ts";
import { bold, cyan, dim, err, green, out, red, yellow } from "./output.ts";
import type { KvTarget } from "./wrangler.ts";

const SCHEMA_FILE = fileURLToPath(new URL("../src/rules/hookgate.schema.json", import.meta.url));

/** `$schema` as a path relative to the directory the rules file lives in. */
export function schemaRef(fromDir: string): string {
  const rel = relative(resolve(fromDir), SCHEMA_FILE).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** The CLI's own flags for this KV target, so a printed hint acts on the same KV (local stays local). */
export function targetFlags(t: KvTarget): string {
  const f: string[] = [];
  if (t.local) f.push("--local");
  if (t.persistTo) f.push("--persist-to", t.persistTo);
  if (t.env) f.push("--env", t.env);
  if (t.config) f.push("--config", t.config);
  return f.map((x) => (/^[\w@%+=:,./-]+$/.test(x) ? x : `'${x.replace(/'/g, "'\\''")}'`)).join(" ");
}

const where = (t: KvTarget) => `${t.binding} (${t.local ? "local" : "remote"}${t.env ? `, env ${t.env}` : ""})`;

function warnStored(stored: StoredRules): void {
  for (const key of stored.notJson) err(`${yellow("warning")} ${key}: the stored value is not JSON (the Worker answers 503 for it)`);
}

export function storedAsFile(stored: StoredRules, fromDir: string): Record<string, unknown> {
  const file: Record<string, unknown> = { $schema: schemaRef(fromDir), routes: stored.routes.map((r) => r.value) };
  if (Object.keys(stored.providers).length) file.providers = stored.providers;
  return file;
}

export async function pullCommand(target: KvTarget, outFile?: string): Promise<number> {
  const stored = await readStoredRules(target);
  warnStored(stored);
  const file = storedAsFile(stored, outFile ? dirname(outFile) : process.cwd());
  // Never print or write a literal secret: each becomes a placeholder that validate/push refuse.
  const literal = literalSecrets(file);
  const text = `${JSON.stringify(redact(file), null, 2)}\n`;
  if (stored.routes.length === 0) err(`${yellow("warning")} ${where(target)} holds no routes`);
  else {
    const v = validateRulesFile(file, (issue) => explainIssue(issue, file));
    for (const e of v.errors) err(`${yellow("warning")} in KV: ${e}`);
  }
  if (literal.length)
    err(
      `${yellow("warning")} ${literal.length} literal secret(s) in KV (${literal.map((l) => l.path).join(", ")}) are not shown: ` +
        "each reads as a placeholder that push refuses. Move them to Worker secrets (wrangler secret put NAME) and write env:NAME.",
    );
  if (!outFile) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(outFile, text);
  out(
    `${green("pulled")} ${stored.routes.length} route(s), ${Object.keys(stored.providers).length} custom provider(s) from ${where(target)} into ${outFile}` +
      (stored.meta?.pushedAt ? dim(` (last push ${stored.meta.pushedAt})`) : ""),
  );
  return 0;
}

/** Exit codes as diff(1): 0 same, 1 different, 2 trouble. */
export async function diffCommand(fileName: string, target: KvTarget): Promise<number> {
  const v = await readRulesFile(fileName);
  if (!v.ok) {
    for (const e of v.errors) err(`${red("error")}   ${e}`);
    err(`${red("invalid")} ${fileName}: ${v.errors.length} error(s); fix them before comparing`);
    return 2;
  }
  const stored = await readStoredRules(target);
  warnStored(stored);
  const diffs = diffRules(v.rules!, stored);
  out(`${bold("diff")} ${fileName} ${dim("(file)")} vs ${where(target)}`);
  for (const d of diffs) {
    const label = `${d.what} ${d.name}`;
    if (d.kind === "added") out(`${green(`+ ${label}`)}  ${dim("only in the file: push adds it")}`);
    else if (d.kind === "removed") out(`${red(`- ${label}`)}  ${dim("only in KV: push removes it")}`);
    else if (d.kind === "changed") {
      out(`${yellow(`~ ${label}`)}  ${dim("changed: KV → file")}`);
      for (const f of d.fields) {
        if (f.before === undefined) out(`    ${cyan(f.field)}: ${green(`+ ${f.after}`)}`);
        else if (f.after === undefined) out(`    ${cyan(f.field)}: ${red(`- ${f.before}`)}`);
        else out(`    ${cyan(f.field)}: ${red(f.before)} → ${green(f.after)}`);
      }
    }
  }
  const same = v.rules!.routes.length - diffs.filter((d) => d.what === "route" && d.kind !== "removed").length;
  if (diffs.length === 0) {
    out(`${green("same")} ${v.rules!.routes.length} route(s) and ${Object.keys(v.rules!.providers).length} provider(s) match`);
    return 0;
  }
  out(`${yellow(`${diffs.length} difference(s)`)}${same ? dim(`, ${same} route(s) unchanged`) : ""}; \`hookgate rules push ${[fileName, targetFlags(target)].filter(Boolean).join(" ")}\` applies them`);
  return 1;
}

export async function listCommand(target: KvTarget): Promise<number> {
  const stored = await readStoredRules(target);
  warnStored(stored);
  if (stored.routes.length === 0) {
    out(`${yellow("empty")} ${where(target)} holds no routes (push a rules file: hookgate rules push ${["FILE", targetFlags(target)].filter(Boolean).join(" ")})`);
    return 0;
  }
  const rows = stored.routes.map(({ key, value }) => {
    const r = (value ?? {}) as { provider?: unknown; origin?: unknown; methods?: unknown; secrets?: unknown };
    return [
      key.slice(ROUTE_PREFIX.length),
      typeof r.provider === "string" ? r.provider : r.provider ? "(inline)" : "?",
      typeof r.origin === "string" ? r.origin : "(same URL)",
      Array.isArray(r.methods) ? r.methods.join(",") : "POST",
      Array.isArray(r.secrets) ? String(r.secrets.length) : "?",
    ];
  });
  const head = ["PATH", "PROVIDER", "ORIGIN", "METHODS", "SECRETS"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  out(bold(line(head)));
  for (const r of rows) out(line(r));
  const providers = Object.keys(stored.providers);
  out();
  out(`${stored.routes.length} route(s) in ${where(target)}; custom providers: ${providers.length ? providers.join(", ") : "none"}` + (stored.meta?.pushedAt ? dim(`; last push ${stored.meta.pushedAt}`) : ""));
  return 0;
}
