/** hookgate CLI entry: `hookgate <command> …`. Returns the exit code. */
import { parseArgs } from "node:util";
import { writeFile } from "node:fs/promises";
import { pushCommand, validateCommand } from "./rules.ts";
import { diffCommand, listCommand, pullCommand } from "./rules-kv.ts";
import { rulesJsonSchema } from "./schema-json.ts";
import { devCommand } from "./dev.ts";
import { sendCommand, SEND_USAGE } from "./send/command.ts";
import { initCommand } from "./init.ts";
import { bundleCommand } from "./bundle.ts";
import { err, out, red } from "./output.ts";
import type { KvTarget } from "./wrangler.ts";

const USAGE = `hookgate: a verifying ingress proxy for webhooks

Usage:
  hookgate rules validate FILE                 check a rules file with the Worker's own schema
  hookgate rules push FILE [kv options]        validate, then write routes/providers to the RULES KV
  hookgate rules pull [--out FILE] [kv options]  KV → rules file (stdout without --out)
  hookgate rules diff FILE [kv options]        file vs KV, per route and field (exit 0 same, 1 different, 2 error)
  hookgate rules list [kv options]             routes in KV: path, provider, origin
    kv options:
      --local                                  local KV (wrangler dev) instead of remote
      --persist-to DIR                         local KV directory (default .wrangler/state)
      --env NAME                               wrangler environment (a tenant)
      --config FILE                            wrangler config (default wrangler.toml)
${SEND_USAGE}
  hookgate init TENANT [--print] [--config FILE]  add [env.TENANT] to wrangler.toml and write rules.TENANT.json
  hookgate bundle [--env NAME] [--config FILE]  build the Worker as wrangler deploy would (dry run); print its size
  hookgate schema [--out FILE]                 print (or write) the rules JSON Schema
  hookgate dev [--port N] [--origin-port N]    run locally: example rules, echo origin, wrangler dev (npm start)
  hookgate help
`;

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    err(`${red("error")} ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "rules":
      return rules(rest);
    case "send":
      return sendCommand(rest);
    case "init": {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { print: { type: "boolean", default: false }, config: { type: "string" } } });
      if (positionals.length !== 1) return usage("init takes exactly one TENANT name");
      return initCommand(positionals[0]!, { print: values.print, config: values.config });
    }
    case "bundle": {
      const { values } = parseArgs({ args: rest, options: { env: { type: "string" }, config: { type: "string" } } });
      return bundleCommand(values);
    }
    case "schema": {
      const { values } = parseArgs({ args: rest, options: { out: { type: "string" } } });
      const schema = rulesJsonSchema();
      if (values.out) await writeFile(values.out, schema);
      else process.stdout.write(schema);
      return 0;
    }
    case "dev": {
      const { values } = parseArgs({ args: rest, options: { port: { type: "string" }, "origin-port": { type: "string" } } });
      return devCommand({ port: Number(values.port ?? 8787), originPort: Number(values["origin-port"] ?? 8788) });
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      out(USAGE);
      return command === undefined ? 1 : 0;
    default:
      return usage(`unknown command "${command}"`);
  }
}

function usage(message: string): number {
  err(`${red("error")} ${message}\n`);
  err(USAGE);
  return 1;
}

async function rules(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      local: { type: "boolean", default: false },
      "persist-to": { type: "string" },
      env: { type: "string" },
      config: { type: "string" },
      out: { type: "string" },
    },
  });
  const target: KvTarget = { binding: "RULES", local: values.local!, persistTo: values["persist-to"], env: values.env, config: values.config };
  if (!["validate", "push", "diff", "pull", "list"].includes(sub ?? ""))
    return usage(`unknown rules command "${sub ?? ""}" (validate, push, pull, diff, list)`);
  const takesFile = sub === "validate" || sub === "push" || sub === "diff";
  if (takesFile && positionals.length !== 1) return usage(`rules ${sub} takes exactly one FILE`);
  if (!takesFile && positionals.length > 0) return usage(`rules ${sub ?? ""} takes no FILE`);
  if (values.out && sub !== "pull") return usage("--out is for rules pull");
  const file = positionals[0]!;
  switch (sub) {
    case "validate":
      return validateCommand(file);
    case "push":
      return pushCommand(file, target);
    case "diff":
      return diffCommand(file, target);
    case "pull":
      return pullCommand(target, values.out);
    case "list":
      return listCommand(target);
    default:
      return usage(`unknown rules command "${sub ?? ""}" (validate, push, pull, diff, list)`);
  }
}
