/**
 * hookgate CLI entry: `hookgate <command> …`. Returns the exit code:
 * 0 ok, 1 a problem found or a failure, 2 a usage error.
 * Every command answers `--help` (and `-h`); `hookgate --version` prints the version.
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { pushCommand, validateCommand } from "./rules.ts";
import { diffCommand, listCommand, pullCommand } from "./rules-kv.ts";
import { rulesJsonSchema } from "./schema-json.ts";
import { devCommand } from "./dev.ts";
import { sendCommand, SEND_USAGE } from "./send/command.ts";
import { initCommand } from "./init.ts";
import { bundleCommand } from "./bundle.ts";
import { dlqListCommand, dlqReplayCommand, dlqShowCommand, DLQ_ENV_HELP } from "./dlq.ts";
import { tailCommand } from "./tail.ts";
import { doctorCommand } from "./doctor.ts";
import { err, out, red } from "./output.ts";
import { intOption, parse, UsageError } from "./usage.ts";
import { cleanWranglerText, type KvTarget } from "./wrangler.ts";

export interface Command {
  /** Command words: "rules push". */
  name: string;
  /** The line in `hookgate help`: "hookgate rules push FILE [kv options]". */
  synopsis: string;
  summary: string;
  /** What `--help` adds below the synopsis: options and notes. */
  details?: string;
  run(args: string[]): Promise<number>;
}

const KV_OPTIONS = `kv options:
  --local              local KV (wrangler dev) instead of remote
  --persist-to DIR     local KV directory (default .wrangler/state)
  --env NAME           wrangler environment (a tenant)
  --config FILE        wrangler config (default wrangler.toml)`;

const kvOptions = {
  local: { type: "boolean", default: false },
  "persist-to": { type: "string" },
  env: { type: "string" },
  config: { type: "string" },
} as const;

function kvTarget(values: { local?: boolean; "persist-to"?: string; env?: string; config?: string }): KvTarget {
  return { binding: "RULES", local: values.local ?? false, persistTo: values["persist-to"], env: values.env, config: values.config };
}

function oneFile(name: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${name} takes exactly one FILE`);
  return positionals[0]!;
}

function noPositionals(name: string, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`${name} takes no argument "${positionals[0]}"`);
}

export const COMMANDS: Command[] = [
  {
    name: "rules validate",
    synopsis: "hookgate rules validate FILE",
    summary: "check a rules file with the Worker's own schema",
    details: "Every error names the route and field. Exit 0 valid, 1 invalid. Reads no KV.",
    async run(args) {
      const { positionals } = parse(args, {}, true);
      return validateCommand(oneFile("rules validate", positionals));
    },
  },
  {
    name: "rules push",
    synopsis: "hookgate rules push FILE [kv options]",
    summary: "validate, then write routes/providers to the RULES KV",
    details: `Routes no longer in the file are removed. Nothing is written when the file is invalid.\n\n${KV_OPTIONS}`,
    async run(args) {
      const { values, positionals } = parse(args, kvOptions, true);
      return pushCommand(oneFile("rules push", positionals), kvTarget(values));
    },
  },
  {
    name: "rules pull",
    synopsis: "hookgate rules pull [--out FILE] [kv options]",
    summary: "KV → rules file (stdout without --out)",
    details: `  --out FILE           write the rules file here\n\n${KV_OPTIONS}`,
    async run(args) {
      const { values, positionals } = parse(args, { ...kvOptions, out: { type: "string" } }, true);
      noPositionals("rules pull", positionals);
      return pullCommand(kvTarget(values), values.out);
    },
  },
  {
    name: "rules diff",
    synopsis: "hookgate rules diff FILE [kv options]",
    summary: "file vs KV, per route and field (exit 0 same, 1 different, 2 error)",
    details: `Literal secrets are never printed.\n\n${KV_OPTIONS}`,
    async run(args) {
      const { values, positionals } = parse(args, kvOptions, true);
      return diffCommand(oneFile("rules diff", positionals), kvTarget(values));
    },
  },
  {
    name: "rules list",
    synopsis: "hookgate rules list [kv options]",
    summary: "routes in KV: path, provider, origin",
    details: KV_OPTIONS,
    async run(args) {
      const { values, positionals } = parse(args, kvOptions, true);
      noPositionals("rules list", positionals);
      return listCommand(kvTarget(values));
    },
  },
  {
    name: "send",
    synopsis: "hookgate send PROVIDER --to URL [options]",
    summary: "sign a delivery exactly as PROVIDER would and POST it",
    details: SEND_USAGE.split("\n").slice(1).map((l) => l.replace(/^ {4}/, "")).join("\n"),
    run: (args) => sendCommand(args),
  },
  {
    name: "init",
    synopsis: "hookgate init TENANT [--print] [--config FILE]",
    summary: "add [env.TENANT] to wrangler.toml and write rules.TENANT.json",
    details: "  --print              print the environment block; write nothing\n  --config FILE        wrangler config (default wrangler.toml)",
    async run(args) {
      const { values, positionals } = parse(args, { print: { type: "boolean", default: false }, config: { type: "string" } }, true);
      if (positionals.length !== 1) throw new UsageError("init takes exactly one TENANT name");
      return initCommand(positionals[0]!, { print: values.print, config: values.config });
    },
  },
  {
    name: "bundle",
    synopsis: "hookgate bundle [--env NAME] [--config FILE]",
    summary: "build the Worker as wrangler deploy would (dry run); print its size",
    details: "  --env NAME           wrangler environment (a tenant)\n  --config FILE        wrangler config (default wrangler.toml)",
    async run(args) {
      const { values, positionals } = parse(args, { env: { type: "string" }, config: { type: "string" } }, true);
      noPositionals("bundle", positionals);
      return bundleCommand(values);
    },
  },
  {
    name: "schema",
    synopsis: "hookgate schema [--out FILE]",
    summary: "print (or write) the rules JSON Schema",
    details: "  --out FILE           write it here instead of stdout",
    async run(args) {
      const { values, positionals } = parse(args, { out: { type: "string" } }, true);
      noPositionals("schema", positionals);
      const schema = rulesJsonSchema();
      if (values.out) await writeFile(values.out, schema);
      else process.stdout.write(schema);
      return 0;
    },
  },
  {
    name: "dev",
    synopsis: "hookgate dev [--port N] [--origin-port N]",
    summary: "run locally: example rules, echo origin, wrangler dev (npm start)",
    details: "  --port N             hookgate's port (default 8787)\n  --origin-port N      the example origin's port (default 8788); the example rules point at it",
    async run(args) {
      const { values, positionals } = parse(args, { port: { type: "string" }, "origin-port": { type: "string" } }, true);
      noPositionals("dev", positionals);
      return devCommand({ port: intOption("port", values.port, 8787), originPort: intOption("origin-port", values["origin-port"], 8788) });
    },
  },
  {
    name: "dlq list",
    synopsis: "hookgate dlq list [--route P] [--limit N] [--json]",
    summary: "dead letters of a deployed tenant, newest first",
    details: `  --route P            only this route\n  --limit N            at most N (default 100)\n  --json               machine-readable\n\n${DLQ_ENV_HELP}`,
    run: (args) => dlqListCommand(args),
  },
  {
    name: "dlq show",
    synopsis: "hookgate dlq show ID --route P [--json]",
    summary: "one dead letter: attempts, last error, times, headers",
    details: `  --route P            the dead letter's route (required)\n  --json               machine-readable\n\n${DLQ_ENV_HELP}`,
    run: (args) => dlqShowCommand(args),
  },
  {
    name: "dlq replay",
    synopsis: "hookgate dlq replay (ID… | --all) --route P [--json]",
    summary: "deliver dead letters again (same event id; each at most once)",
    details: `  --route P            the route (required)\n  --all                every dead letter of the route\n  --json               machine-readable\n\n${DLQ_ENV_HELP}`,
    run: (args) => dlqReplayCommand(args),
  },
  {
    name: "tail",
    synopsis: "hookgate tail [--env NAME] [--route P] [--verdict V] [--reason R]",
    summary: "live requests of a deployed Worker, one line each (wrangler tail)",
    details: `  --env NAME           wrangler environment (a tenant)
  --config FILE        wrangler config (default wrangler.toml)
  --route P            only this route path
  --verdict V          only this verdict (forwarded, rejected, answered, queued, retry, dead_letter)
  --reason R           only this reason code (e.g. signature_mismatch)
  --problems           only problems (rejections, origin failures, retries, dead letters)
  --json               print the matching log lines as JSON, one per line`,
    run: (args) => tailCommand(args),
  },
  {
    name: "doctor",
    synopsis: "hookgate doctor [--env NAME] [--rules FILE] [--json]",
    summary: "check a deployment's config: bindings, namespace ids, secrets (exit 0 only when all is well)",
    details: `  --env NAME           wrangler environment (a tenant); default: the top level
  --config FILE        wrangler config (default wrangler.toml)
  --rules FILE         the rules file whose env: secrets must exist (default rules.NAME.json, else none)
  --json               machine-readable`,
    run: (args) => doctorCommand(args),
  },
];

export const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

/** `  synopsis   summary`, the summary on its own line when the synopsis is long. */
const row = (c: { synopsis: string; summary: string }) =>
  c.synopsis.length <= 48 ? `  ${c.synopsis.padEnd(48)}  ${c.summary}` : `  ${c.synopsis}\n  ${"".padEnd(48)}  ${c.summary}`;

function overview(): string {
  const rows = COMMANDS.map(row);
  return `hookgate ${VERSION}: a verifying ingress proxy for webhooks

Usage:
${rows.join("\n")}
${row({ synopsis: "hookgate help [COMMAND]", summary: "this list, or one command's options" })}
${row({ synopsis: "hookgate --version", summary: "the version" })}

Every command takes --help. Exit codes: 0 ok, 1 a problem found or a failure, 2 a usage error.
`;
}

export function commandHelp(c: Command): string {
  return `Usage: ${c.synopsis}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ""}`;
}

/** The command named by the leading words of argv, and the rest. */
function find(argv: string[]): { command?: Command; rest: string[]; group?: string } {
  for (const c of COMMANDS) {
    const words = c.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command: c, rest: argv.slice(words.length) };
  }
  const group = COMMANDS.some((c) => c.name.startsWith(`${argv[0]} `)) ? argv[0] : undefined;
  return { rest: argv.slice(group ? 1 : 0), group };
}

const wantsHelp = (args: string[]) => {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
};

function groupHelp(group: string): string {
  const rows = COMMANDS.filter((c) => c.name.startsWith(`${group} `)).map(row);
  return `Usage:\n${rows.join("\n")}\n\n"hookgate ${group} COMMAND --help" shows a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === "--version" || first === "-V" || first === "version") {
    out(VERSION);
    return 0;
  }
  if (first === undefined) {
    err(overview());
    return 2;
  }
  if (first === "help" || first === "--help" || first === "-h") {
    const topic = argv.slice(1);
    if (topic.length === 0) {
      out(overview());
      return 0;
    }
    const { command, group } = find(topic);
    if (command) out(commandHelp(command));
    else if (group) out(groupHelp(group));
    else return usage(`no command "${topic.join(" ")}"`);
    return 0;
  }
  const { command, rest, group } = find(argv);
  if (!command) {
    if (group && wantsHelp(rest)) {
      out(groupHelp(group));
      return 0;
    }
    if (group && rest[0] === undefined) {
      err(`${red("error")} ${group} needs a command\n\n${groupHelp(group)}`);
      return 2;
    }
    if (group) return usage(`unknown ${group} command "${rest[0]}" (${COMMANDS.filter((c) => c.name.startsWith(`${group} `)).map((c) => c.name.split(" ")[1]).join(", ")})`);
    return usage(`unknown command "${first}"`);
  }
  if (wantsHelp(rest)) {
    out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${red("error")} ${e.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    err(`${red("error")} ${cleanWranglerText(e instanceof Error ? e.message : String(e))}`);
    return 1;
  }
}

function usage(message: string): number {
  err(`${red("error")} ${message}\n`);
  err(overview());
  return 2;
}
