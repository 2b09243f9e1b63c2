/**
 * `hookgate init <tenant>`: the block it adds to wrangler.toml builds with
 * `wrangler deploy --dry-run --env <tenant>` (through `hookgate bundle`), with
 * every top-level binding repeated (wrangler does not inherit them), and the
 * starter rules file validates.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli, ROOT } from "./helpers/cli.ts";
import { hasEnv, tenantBlock, topLevelVars } from "../../cli/init.ts";

/** The project's own wrangler.toml, with `main` and the console's assets directory pointing back into the repository. */
async function projectToml(): Promise<string> {
  return (await readFile(join(ROOT, "wrangler.toml"), "utf8"))
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(ROOT, "src/index.ts"))}`)
    .replace(/^directory = "\.\/console"$/m, `directory = ${JSON.stringify(join(ROOT, "console"))}`);
}

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookgate-init-"));
  config = join(dir, "wrangler.toml");
  await writeFile(config, await projectToml());
});

describe("hookgate init", () => {
  it("adds [env.<tenant>] and a starter rules file with $schema; the result bundles for that env", async () => {
    const run = await runCli(["init", "acme", "--config", config], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`added [env.acme] to ${config}`);
    const toml = await readFile(config, "utf8");
    expect(toml).toContain('[env.acme]\nname = "hookgate-acme"');
    expect(toml).toContain('# routes = [{ pattern = "hooks.acme.example.com", custom_domain = true }]');
    expect(toml).toContain('zone_name = "example.com" }]');
    expect(toml).toContain("npx wrangler kv namespace create RULES --env acme");
    // Every top-level var is repeated (wrangler does not inherit vars).
    for (const line of topLevelVars(toml)) expect(toml.slice(toml.indexOf("[env.acme.vars]"))).toContain(line);
    expect(topLevelVars(toml)).toContain('RULES_CACHE_SECONDS = "10"');

    const rulesFile = join(dir, "rules.acme.json");
    const rules = JSON.parse(await readFile(rulesFile, "utf8"));
    expect(existsSync(resolve(dir, rules.$schema))).toBe(true);
    expect((await runCli(["rules", "validate", rulesFile])).code).toBe(0);

    const bundle = await runCli(["bundle", "--env", "acme", "--config", config]);
    expect(bundle.stderr).toBe("");
    expect(bundle.code).toBe(0);
    expect(bundle.stdout).toMatch(/bundle ok \(env acme\) index\.js: [\d.]+ KiB, gzip [\d.]+ KiB/);
  }, 180_000);

  it("refuses to overwrite an existing environment and changes nothing", async () => {
    const before = await readFile(config, "utf8");
    const again = await runCli(["init", "acme", "--config", config], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already has [env.acme]; nothing changed");
    expect(await readFile(config, "utf8")).toBe(before);
  });

  it("--print prints the block and writes nothing; bad tenant names are refused", async () => {
    const before = await readFile(config, "utf8");
    const printed = await runCli(["init", "beta", "--print", "--config", config], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(tenantBlock("beta", before));
    expect(await readFile(config, "utf8")).toBe(before);
    expect(existsSync(join(dir, "rules.beta.json"))).toBe(false);
    const bad = await runCli(["init", "Bad_Name", "--config", config], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('tenant "Bad_Name": use a-z, 0-9 and -');
  });

  it("bundle fails when an environment lacks a top-level binding (wrangler would deploy without it)", async () => {
    const partial = join(dir, "partial.toml");
    await writeFile(partial, `${await projectToml()}\n[env.thin]\nname = "hookgate-thin"\n`);
    const run = await runCli(["bundle", "--env", "thin", "--config", partial]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"kv_namespaces" exists at the top level, but not on "env.thin"');
    expect(run.stderr).toContain("bundle incomplete");
  }, 180_000);

  it("hasEnv sees [env.x], [env.x.vars] and [[env.x.kv_namespaces]], not env.xy", () => {
    expect(hasEnv("[env.x]\n", "x")).toBe(true);
    expect(hasEnv("[env.x.vars]\n", "x")).toBe(true);
    expect(hasEnv("[[env.x.kv_namespaces]]\n", "x")).toBe(true);
    expect(hasEnv("[env.xy]\n", "x")).toBe(false);
  });
});
