/**
 * `hookgate init <tenant>`: adds a `[env.<tenant>]` block to wrangler.toml
 * (its own Worker name, KV namespaces, vars, commented routes for both ways of
 * fronting a webhook URL) and writes a starter `rules.<tenant>.json`.
 * `--print` prints the block and writes nothing.
 */
import { access, appendFile, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { bold, dim, err, green, out, red, yellow } from "./output.ts";
import { schemaRef } from "./rules-kv.ts";

export const TENANT = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;

/**
 * The environment block. Wrangler does not inherit bindings or vars into an
 * environment, so every binding at the top of wrangler.toml is repeated here
 * (the init test fails when one is missing).
 */
/** Wrangler's top-level `[vars]` lines (`KEY = "value"`), repeated in the environment; defaults without a file. */
export function topLevelVars(toml?: string): string[] {
  const section = toml?.match(/^\[vars\]\s*\n([\s\S]*?)(?=^\s*\[)/m)?.[1] ?? (toml?.match(/^\[vars\]\s*\n([\s\S]*)$/m)?.[1] ?? "");
  const vars = section.split("\n").filter((l) => /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(l)).map((l) => l.trim());
  return vars.length ? vars : ['RULES_CACHE_SECONDS = "10"'];
}

export function tenantBlock(t: string, toml?: string): string {
  return `
# ── tenant "${t}" (added by \`hookgate init ${t}\`; docs/deploy.md) ──
# Deploy: npx wrangler deploy --env ${t}    Rules: npx hookgate rules push rules.${t}.json --env ${t}
[env.${t}]
name = "hookgate-${t}"
# Put hookgate in front of ${t}'s webhook URL (uncomment one):
#  a) a dedicated hostname served by hookgate alone; every route in rules.${t}.json then needs an "origin":
# routes = [{ pattern = "hooks.${t}.example.com", custom_domain = true }]
#  b) a zone route in front of the existing webhook URL; routes may omit "origin" (same URL, your origin server):
# routes = [{ pattern = "${t}.example.com/webhooks/*", zone_name = "example.com" }]
#
# Create the namespaces, then replace each id below with the one wrangler prints:
#   npx wrangler kv namespace create RULES --env ${t}
#   npx wrangler kv namespace create STATE --env ${t}
kv_namespaces = [
  { binding = "RULES", id = "REPLACE_WITH_RULES_NAMESPACE_ID" },
  { binding = "STATE", id = "REPLACE_WITH_STATE_NAMESPACE_ID" },
]
# Strict dedup and per-route rate limits: Durable Objects (classes exported by src/index.ts).
durable_objects.bindings = [
  { name = "DEDUP", class_name = "DedupObject" },
  { name = "RATE_LIMITER", class_name = "RouteRateLimiter" },
]
# Queue-mode delivery (docs/delivery.md, "Queue mode"); create the queues once:
#   npx wrangler queues create hookgate-${t}-deliveries
#   npx wrangler queues create hookgate-${t}-deliveries-dlq
queues.producers = [{ binding = "DELIVERIES", queue = "hookgate-${t}-deliveries" }]
queues.consumers = [
  { queue = "hookgate-${t}-deliveries", max_batch_size = 10, max_batch_timeout = 1, max_retries = 25, dead_letter_queue = "hookgate-${t}-deliveries-dlq" },
  { queue = "hookgate-${t}-deliveries-dlq", max_batch_size = 10, max_retries = 25 },
]
# Optional request metrics (Workers Analytics Engine; docs/operations.md, "Metrics"):
# analytics_engine_datasets = [{ binding = "HOOKGATE_METRICS", dataset = "hookgate_${t.replace(/-/g, "_")}" }]
#
# Secrets never go in this file:
#   npx wrangler secret put HOOKGATE_ORIGIN_SECRET --env ${t}
#   npx wrangler secret put GITHUB_WEBHOOK_SECRET --env ${t}   # one per env:NAME in rules.${t}.json

[env.${t}.vars]
${topLevelVars(toml).join("\n")}
`;
}

export function starterRules(t: string, fromDir: string): string {
  return `${JSON.stringify(
    {
      $schema: schemaRef(fromDir),
      routes: [
        {
          path: "/hooks/github",
          provider: "github",
          secrets: ["env:GITHUB_WEBHOOK_SECRET"],
          origin: `https://origin.${t}.example.com`,
          description: `Replace origin with ${t}'s webhook receiver (omit it behind a zone route); add one route per provider`,
        },
      ],
    },
    null,
    2,
  )}\n`;
}

/** Whether wrangler.toml already has `[env.<t>]` (or any `[env.<t>.…]` table). */
export function hasEnv(toml: string, t: string): boolean {
  const name = t.replace(/[-]/g, "\\-");
  return new RegExp(`^\\s*\\[\\[?\\s*env\\.(?:${name}|"${name}")\\s*[.\\]]`, "m").test(toml);
}

const exists = (f: string) => access(f).then(() => true, () => false);

export async function initCommand(t: string, opts: { config?: string; print?: boolean }): Promise<number> {
  if (!TENANT.test(t)) {
    err(`${red("error")} tenant "${t}": use a-z, 0-9 and - (at most 50; it becomes the Worker name hookgate-${t})`);
    return 1;
  }
  const config = resolve(opts.config ?? "wrangler.toml");
  let toml: string | undefined;
  try {
    toml = await readFile(config, "utf8");
  } catch {
    if (!opts.print) {
      err(`${red("error")} ${config}: not found (run in hookgate's directory, pass --config FILE, or --print the block)`);
      return 1;
    }
  }
  if (opts.print || toml === undefined) {
    process.stdout.write(tenantBlock(t, toml));
    return 0;
  }
  if (hasEnv(toml, t)) {
    err(`${red("error")} ${config} already has [env.${t}]; nothing changed (edit it by hand, or --print a fresh block)`);
    return 1;
  }
  await appendFile(config, `${toml.endsWith("\n") ? "" : "\n"}${tenantBlock(t, toml)}`);
  out(`${green("added")} [env.${t}] to ${config}`);

  const dir = dirname(config);
  const rulesFile = join(dir, `rules.${t}.json`);
  if (await exists(rulesFile)) out(`${yellow("kept")} ${rulesFile} (already there)`);
  else {
    await writeFile(rulesFile, starterRules(t, dir));
    out(`${green("wrote")} ${rulesFile} (one GitHub route to start from)`);
  }
  out(`
${bold("Next")} (docs/deploy.md):
  1. npx wrangler kv namespace create RULES --env ${t}     ${dim("# and STATE; put both ids into [env." + t + "]")}
     npx wrangler queues create hookgate-${t}-deliveries      ${dim("# and hookgate-" + t + "-deliveries-dlq")}
  2. npx wrangler secret put HOOKGATE_ORIGIN_SECRET --env ${t}
     npx wrangler secret put GITHUB_WEBHOOK_SECRET --env ${t}   ${dim("# one per env:NAME in the rules")}
  3. uncomment one of the routes in [env.${t}] (custom domain, or a zone route in front of the webhook URL)
  4. npx hookgate bundle --env ${t}                        ${dim("# dry-run build: the config parses and bundles")}
     npx wrangler deploy --env ${t}
  5. npx hookgate rules push rules.${t}.json --env ${t}
  6. npx hookgate send github --to https://<your host>/hooks/github --secret env:GITHUB_WEBHOOK_SECRET`);
  return 0;
}
