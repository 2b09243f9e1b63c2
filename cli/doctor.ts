/**
 * `hookgate doctor [--env NAME]`: what would go wrong with this deployment,
 * before a webhook finds out. Reads the wrangler config the way wrangler does
 * (its own `unstable_readConfig`: environments do not inherit bindings), the
 * rules file, and `wrangler secret list`. Exit 0 only when nothing is wrong.
 * Never prints a secret's value.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { ENV_SECRET, type RulesFile } from "../src/rules/schema.ts";
import { bold, dim, err, green, out, red, yellow } from "./output.ts";
import { parse, UsageError } from "./usage.ts";
import { cleanWranglerText, runWrangler, wranglerFailure } from "./wrangler.ts";
import { readRulesFile } from "./rules.ts";
import { envReferences } from "./secrets.ts";
import { withProgress } from "./progress.ts";

export type Level = "problem" | "note" | "ok";
export interface Finding {
  level: Level;
  check: "config" | "bindings" | "namespaces" | "secrets" | "origin-secret" | "rules" | "routes";
  message: string;
}

/** The parts of wrangler's resolved config that hookgate needs. */
export interface WorkerConfig {
  name?: string;
  kv_namespaces?: { binding: string; id?: string }[];
  durable_objects?: { bindings?: { name: string; class_name: string }[] };
  queues?: { producers?: { binding: string; queue: string }[]; consumers?: { queue: string }[] };
  vars?: Record<string, unknown>;
}

export interface DoctorInput {
  env?: string;
  config: WorkerConfig;
  rules?: { file: string; ok: boolean; errors: string[]; rules?: RulesFile };
  /** `wrangler secret list` names, or why they could not be read. */
  secrets: { names: string[] } | { error: string };
  /** Where a value of HOOKGATE_ORIGIN_SECRET can be seen locally (vars, .dev.vars, the shell): checked for format. */
  originSecretValues: { where: string; value: string }[];
}

/** A namespace id that was never replaced: `REPLACE_WITH_…`, all one digit, or not 32 hex digits. */
export const isPlaceholderId = (id: string | undefined) => !id || /^REPLACE/i.test(id) || /^(.)\1*$/.test(id) || !/^[0-9a-f]{32}$/i.test(id);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What is wrong with an origin secret's value (never the value itself). */
export function originSecretProblem(value: string): string | null {
  if (value.startsWith("whsec_")) {
    const b64 = value.slice(6);
    if (!BASE64.test(b64) || b64.length === 0) return "starts with whsec_ but the rest is not base64 (the Worker then answers every request 503)";
    const bytes = Buffer.from(b64, "base64").length;
    if (bytes < 24) return `is whsec_ with only ${bytes} bytes of key; use at least 24 (e.g. whsec_$(openssl rand -base64 32))`;
    return null;
  }
  if (value.length < 32) return `is ${value.length} characters; use at least 32 random characters or whsec_<base64> (e.g. whsec_$(openssl rand -base64 32))`;
  return null;
}

/** Every `env:NAME` the rules reference (any secret-bearing field, src: cli/secrets.ts), with the route that needs it. */
function envRefs(rules: RulesFile): { name: string; where: string }[] {
  const refs: { name: string; where: string }[] = [];
  rules.routes.forEach((r, i) => {
    const where = `routes[${i}] (${r.path})`;
    for (const ref of envReferences(r)) refs.push({ name: ref.name, where });
    // A custom provider's required values are needed by every route that uses it.
    if (typeof r.provider === "string" && Object.hasOwn(rules.providers, r.provider))
      for (const ref of envReferences(rules.providers[r.provider])) refs.push({ name: ref.name, where });
  });
  return refs;
}

export function diagnose(input: DoctorInput): Finding[] {
  const f: Finding[] = [];
  const problem = (check: Finding["check"], message: string) => f.push({ level: "problem", check, message });
  const note = (check: Finding["check"], message: string) => f.push({ level: "note", check, message });
  const ok = (check: Finding["check"], message: string) => f.push({ level: "ok", check, message });
  const c = input.config;
  const envLabel = input.env ? `[env.${input.env}]` : "the top level";
  const rules = input.rules?.ok ? input.rules.rules : undefined;

  // Bindings: environments do not inherit them, so each must be in the environment itself.
  const kv = new Map((c.kv_namespaces ?? []).map((k) => [k.binding, k.id]));
  const dos = new Set((c.durable_objects?.bindings ?? []).map((d) => d.name));
  const producers = c.queues?.producers ?? [];
  const deliveries = producers.find((p) => p.binding === "DELIVERIES");
  const uses = {
    strict: rules?.routes.some((r) => r.dedup !== undefined && r.dedup !== false && r.dedup.store === "strict") ?? true,
    rateLimit: rules?.routes.some((r) => r.rateLimit !== undefined) ?? true,
    queue: rules?.routes.some((r) => r.delivery.mode === "queue") ?? true,
  };
  const need = (have: boolean, what: string, used: boolean, why: string) => {
    if (have) ok("bindings", `${what} is bound`);
    else if (used) problem("bindings", `${what} is missing from ${envLabel}: ${why}`);
    else note("bindings", `${what} is missing from ${envLabel}; no route needs it yet (${why})`);
  };
  need(kv.has("RULES"), "KV namespace RULES", true, "the Worker has no rules; every request is answered 503");
  need(kv.has("STATE"), "KV namespace STATE", true, "dedup, dead letters and DNS last-known-good have nowhere to live");
  need(dos.has("DEDUP"), "Durable Object DEDUP", uses.strict, 'routes with dedup.store "strict" fail closed (503)');
  need(dos.has("RATE_LIMITER"), "Durable Object RATE_LIMITER", uses.rateLimit, "routes with a rateLimit fail closed (503)");
  need(deliveries !== undefined, "queue producer DELIVERIES", uses.queue, 'routes with delivery.mode "queue" fail closed (503)');
  if (deliveries && !(c.queues?.consumers ?? []).some((q) => q.queue === deliveries.queue))
    problem("bindings", `queue ${deliveries.queue} has a producer but no consumer in ${envLabel}: queued events are never delivered`);

  for (const [binding, id] of kv)
    if (isPlaceholderId(id)) problem("namespaces", `KV ${binding} id "${id ?? ""}" is a placeholder: npx wrangler kv namespace create ${binding}${input.env ? ` --env ${input.env}` : ""}, then put its id in ${envLabel}`);
    else ok("namespaces", `KV ${binding} has a namespace id`);

  // Secrets that exist (names only: values cannot be read back).
  const vars = c.vars ?? {};
  const secretNames = "names" in input.secrets ? new Set(input.secrets.names) : undefined;
  const envFlag = input.env ? ` --env ${input.env}` : "";
  if (!secretNames) problem("secrets", `cannot list the Worker's secrets: ${input.secrets && "error" in input.secrets ? input.secrets.error : ""}`);
  const isSet = (name: string) => secretNames?.has(name) || Object.hasOwn(vars, name);

  if (Object.hasOwn(vars, "HOOKGATE_ORIGIN_SECRET"))
    problem("origin-secret", `HOOKGATE_ORIGIN_SECRET is a plain var in the config (readable by anyone with the file): remove it and run npx wrangler secret put HOOKGATE_ORIGIN_SECRET${envFlag}`);
  else if (secretNames && !secretNames.has("HOOKGATE_ORIGIN_SECRET"))
    problem("origin-secret", `HOOKGATE_ORIGIN_SECRET is not set: every route fails closed (503). npx wrangler secret put HOOKGATE_ORIGIN_SECRET${envFlag}`);
  else if (secretNames) ok("origin-secret", "HOOKGATE_ORIGIN_SECRET is set");
  for (const { where, value } of input.originSecretValues) {
    const p = originSecretProblem(value);
    if (p) problem("origin-secret", `HOOKGATE_ORIGIN_SECRET in ${where} ${p}`);
    else ok("origin-secret", `HOOKGATE_ORIGIN_SECRET in ${where} is well formed`);
  }

  if (!input.rules) note("rules", "no rules file checked (pass --rules FILE): env: secrets and routes not checked");
  else if (!input.rules.ok) {
    problem("rules", `${input.rules.file} is invalid (${input.rules.errors.length} error(s)); run hookgate rules validate ${input.rules.file}`);
  } else ok("rules", `${input.rules.file}: ${rules!.routes.length} route(s)`);

  if (rules) {
    const missing = new Map<string, string[]>();
    for (const ref of envRefs(rules)) if (secretNames && !isSet(ref.name)) missing.set(ref.name, [...(missing.get(ref.name) ?? []), ref.where]);
    for (const [name, wheres] of missing)
      problem("secrets", `env:${name} is not a secret of the Worker: ${[...new Set(wheres)].join(", ")} fail closed (503). npx wrangler secret put ${name}${envFlag}`);
    for (const ref of envRefs(rules)) if (Object.hasOwn(vars, ref.name) && !secretNames?.has(ref.name)) note("secrets", `env:${ref.name} is a plain var, not a secret: anyone with the config can read it`);
    rules.routes.forEach((r, i) => {
      const where = `routes[${i}] (${r.path})`;
      const literal = [...r.secrets, ...(r.tokenSecrets ?? [])].filter((s) => !ENV_SECRET.test(s)).length;
      if (literal) note("routes", `${where}: ${literal} literal secret(s) stored in KV; prefer env:NAME`);
      if (r.delivery.mode === "queue" && !deliveries) problem("routes", `${where}: delivery.mode "queue" without a DELIVERIES producer: fails closed (503)`);
      if (r.dedup && r.dedup.store === "strict" && !dos.has("DEDUP")) problem("routes", `${where}: dedup.store "strict" without the DEDUP Durable Object: fails closed (503)`);
      if (r.rateLimit && !dos.has("RATE_LIMITER")) problem("routes", `${where}: rateLimit without the RATE_LIMITER Durable Object: fails closed (503)`);
    });
  }
  return f;
}

async function readConfig(config: string, env: string | undefined): Promise<WorkerConfig> {
  const { unstable_readConfig, experimental_readRawConfig } = await import("wrangler");
  const raw = experimental_readRawConfig({ config }).rawConfig as { env?: Record<string, unknown> };
  if (env && !Object.hasOwn(raw.env ?? {}, env))
    throw new UsageError(`${config} has no [env.${env}] (environments: ${Object.keys(raw.env ?? {}).join(", ") || "none"}; hookgate init ${env} adds one)`);
  return unstable_readConfig({ config, env }, { hideWarnings: true }) as unknown as WorkerConfig;
}

async function devVars(dir: string, env: string | undefined): Promise<{ where: string; value: string }[]> {
  const found: { where: string; value: string }[] = [];
  for (const name of env ? [`.dev.vars.${env}`, ".dev.vars"] : [".dev.vars"]) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const m = /^\s*HOOKGATE_ORIGIN_SECRET\s*=\s*"?([^"\n]*)"?\s*$/m.exec(await readFile(file, "utf8"));
    if (m) found.push({ where: name, value: m[1]! });
    break;
  }
  return found;
}

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { env: { type: "string" }, config: { type: "string" }, rules: { type: "string" }, json: { type: "boolean", default: false } },
    true,
  );
  if (positionals.length) throw new UsageError(`doctor takes no argument "${positionals[0]}"`);
  const config = resolve(values.config ?? "wrangler.toml");
  if (!existsSync(config)) throw new UsageError(`${config}: not found (run in hookgate's directory or pass --config FILE)`);
  const env = values.env;
  const workerConfig = await withProgress("reading the wrangler config", () => readConfig(config, env));

  const rulesFile = values.rules ?? (env && existsSync(join(dirname(config), `rules.${env}.json`)) ? join(dirname(config), `rules.${env}.json`) : undefined);
  let rules: DoctorInput["rules"];
  if (rulesFile) {
    const v = await readRulesFile(rulesFile);
    rules = { file: rulesFile, ok: v.ok, errors: v.errors, rules: v.rules };
  }

  const list = await runWrangler(["secret", "list", "--format", "json", "--config", config, ...(env ? ["--env", env] : [])]);
  let secrets: DoctorInput["secrets"];
  try {
    if (list.code !== 0) throw new Error(wranglerFailure("wrangler secret list", list));
    const json = list.stdout.slice(list.stdout.indexOf("["), list.stdout.lastIndexOf("]") + 1);
    secrets = { names: (JSON.parse(json) as { name: string }[]).map((s) => s.name) };
  } catch (e) {
    secrets = { error: cleanWranglerText((e as Error).message).replace(/^wrangler secret list failed:\n/, "") };
  }

  const originSecretValues = [
    ...(typeof workerConfig.vars?.HOOKGATE_ORIGIN_SECRET === "string" ? [{ where: "the config's vars", value: workerConfig.vars.HOOKGATE_ORIGIN_SECRET }] : []),
    ...(await devVars(dirname(config), env)),
    ...(process.env.HOOKGATE_ORIGIN_SECRET ? [{ where: "this shell's environment", value: process.env.HOOKGATE_ORIGIN_SECRET }] : []),
  ];
  const findings = diagnose({ env, config: workerConfig, rules, secrets, originSecretValues });
  const problems = findings.filter((x) => x.level === "problem");

  if (values.json) {
    out(JSON.stringify({ ok: problems.length === 0, env: env ?? null, config, rules: rulesFile ?? null, findings }, null, 2));
    return problems.length ? 1 : 0;
  }
  out(bold(`hookgate doctor: ${workerConfig.name ?? "?"}${env ? ` (env ${env})` : ""}, ${config}${rulesFile ? `, ${rulesFile}` : ""}`));
  for (const x of findings) {
    if (x.level === "problem") out(`${red("✗")} ${x.message}`);
    else if (x.level === "note") out(`${yellow("!")} ${x.message}`);
    else out(dim(`✓ ${x.message}`));
  }
  if (problems.length) err(`${red(`${problems.length} problem(s)`)}: fix them, then run hookgate doctor${env ? ` --env ${env}` : ""} again`);
  else out(green("all is well"));
  return problems.length ? 1 : 0;
}
