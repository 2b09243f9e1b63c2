/** hookgate CLI entry: `hookgate <command> …`. Returns the exit code. */
import { parseArgs } from "node:util";
import { writeFile } from "node:fs/promises";
import { pushCommand, validateCommand } from "./rules.ts";
import { rulesJsonSchema } from "./schema-json.ts";
import { devCommand } from "./dev.ts";
import { err, out, red } from "./output.ts";

const USAGE = `hookgate: a verifying ingress proxy for webhooks

Usage:
  hookgate rules validate FILE                 check a rules file with the Worker's own schema
  hookgate rules push FILE [options]           validate, then write routes/providers to the RULES KV
      --local                                  write to local KV (wrangler dev) instead of remote
      --persist-to DIR                         local KV directory (default .wrangler/state)
      --env NAME                               wrangler environment (a tenant)
      --config FILE                            wrangler config (default wrangler.toml)
  hookgate schema [--out FILE]                 print (or write) the rules JSON Schema
  hookgate dev [--port N] [--origin-port N]    run locally: example rules, echo origin, wrangler dev
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
      err(`${red("error")} unknown command "${command}"\n`);
      err(USAGE);
      return 1;
  }
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
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    err(`${red("error")} rules ${sub ?? ""} takes exactly one FILE\n`);
    err(USAGE);
    return 1;
  }
  switch (sub) {
    case "validate":
      return validateCommand(file);
    case "push":
      return pushCommand(file, {
        binding: "RULES",
        local: values.local!,
        persistTo: values["persist-to"],
        env: values.env,
        config: values.config,
      });
    default:
      err(`${red("error")} unknown rules command "${sub ?? ""}" (validate, push)\n`);
      err(USAGE);
      return 1;
  }
}
