/**
 * `hookgate doctor` on fixture wrangler configs (read by wrangler's own config
 * reader) with a fake wrangler answering `secret list` (HOOKGATE_WRANGLER).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./helpers/cli.ts";
import { isPlaceholderId, originSecretProblem } from "../../cli/doctor.ts";

const FAKE = fileURLToPath(new URL("./fixtures/fake-wrangler.mjs", import.meta.url));
let dir: string;

const HEADER = `name = "hookgate"\nmain = "src/index.ts"\ncompatibility_date = "2026-04-20"\n`;
const GOOD_ENV = `
[env.good]
name = "hookgate-good"
kv_namespaces = [
  { binding = "RULES", id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
  { binding = "STATE", id = "a1b2c3d4e5f60718293a4b5c6d7e8f90" },
]
durable_objects.bindings = [
  { name = "DEDUP", class_name = "DedupObject" },
  { name = "RATE_LIMITER", class_name = "RouteRateLimiter" },
]
queues.producers = [{ binding = "DELIVERIES", queue = "hookgate-good-deliveries" }]
queues.consumers = [{ queue = "hookgate-good-deliveries" }]
`;
// What a half-finished tenant looks like: ids never replaced, no Durable Objects, a producer without a consumer.
const THIN_ENV = `
[env.thin]
name = "hookgate-thin"
kv_namespaces = [
  { binding = "RULES", id = "REPLACE_WITH_RULES_NAMESPACE_ID" },
  { binding = "STATE", id = "11111111111111111111111111111111" },
]
queues.producers = [{ binding = "DELIVERIES", queue = "hookgate-thin-deliveries" }]
`;
const RULES = {
  routes: [
    { path: "/hooks/github", provider: "github", secrets: ["env:GITHUB_SECRET"], origin: "https://o.example" },
    { path: "/hooks/stripe", provider: "stripe", secrets: ["env:STRIPE_SECRET"], origin: "https://o.example", dedup: { store: "strict" }, rateLimit: { requestsPerMinute: 60 } },
  ],
};
const SECRETS = JSON.stringify({ good: ["HOOKGATE_ORIGIN_SECRET", "GITHUB_SECRET", "STRIPE_SECRET"], thin: ["GITHUB_SECRET"] });

const doctor = (args: string[], env: Record<string, string> = {}) =>
  runCli(["doctor", "--config", join(dir, "wrangler.toml"), ...args], { env: { HOOKGATE_WRANGLER: FAKE, FAKE_SECRETS: SECRETS, ...env } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookgate-doctor-"));
  await writeFile(join(dir, "wrangler.toml"), HEADER + GOOD_ENV + THIN_ENV);
  await writeFile(join(dir, "rules.good.json"), JSON.stringify(RULES));
  await writeFile(join(dir, "rules.thin.json"), JSON.stringify(RULES));
});

describe("hookgate doctor", () => {
  it("a complete tenant: all is well, exit 0 (rules.NAME.json found next to the config)", async () => {
    const run = await doctor(["--env", "good"]);
    expect(run.stdout).toContain("all is well");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("rules.good.json: 2 route(s)");
  }, 60_000);

  it("a half-finished tenant: placeholder ids, missing bindings, missing secrets, routes that fail closed; exit 1; --json", async () => {
    const run = await doctor(["--env", "thin", "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; env: string; findings: { level: string; check: string; message: string }[] };
    expect(report).toMatchObject({ ok: false, env: "thin" });
    const problems = report.findings.filter((f) => f.level === "problem").map((f) => f.message);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('KV RULES id "REPLACE_WITH_RULES_NAMESPACE_ID" is a placeholder: npx wrangler kv namespace create RULES --env thin'),
        expect.stringContaining('KV STATE id "11111111111111111111111111111111" is a placeholder'),
        expect.stringContaining("Durable Object DEDUP is missing from [env.thin]"),
        expect.stringContaining("Durable Object RATE_LIMITER is missing from [env.thin]"),
        expect.stringContaining("queue hookgate-thin-deliveries has a producer but no consumer in [env.thin]"),
        expect.stringContaining("HOOKGATE_ORIGIN_SECRET is not set: every route fails closed (503). npx wrangler secret put HOOKGATE_ORIGIN_SECRET --env thin"),
        expect.stringContaining("env:STRIPE_SECRET is not a secret of the Worker: routes[1] (/hooks/stripe) fail closed (503). npx wrangler secret put STRIPE_SECRET --env thin"),
        expect.stringContaining('routes[1] (/hooks/stripe): dedup.store "strict" without the DEDUP Durable Object: fails closed (503)'),
        expect.stringContaining("routes[1] (/hooks/stripe): rateLimit without the RATE_LIMITER Durable Object: fails closed (503)"),
      ]),
    );
    expect(problems.join("\n")).not.toContain("GITHUB_SECRET");
  }, 60_000);

  it("a bad HOOKGATE_ORIGIN_SECRET in .dev.vars or the shell is named (never shown); no credentials says npx wrangler login", async () => {
    await writeFile(join(dir, ".dev.vars"), 'HOOKGATE_ORIGIN_SECRET="whsec_not-base64!"\n');
    const run = await doctor(["--env", "good"], { HOOKGATE_ORIGIN_SECRET: "short" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("HOOKGATE_ORIGIN_SECRET in .dev.vars starts with whsec_ but the rest is not base64");
    expect(run.stdout).toContain("HOOKGATE_ORIGIN_SECRET in this shell's environment is 5 characters; use at least 32");
    expect(run.stdout + run.stderr).not.toContain("not-base64!");
    const noLogin = await doctor(["--env", "good"], { FAKE_SECRETS: undefined as unknown as string });
    expect(noLogin.code).toBe(1);
    expect(noLogin.stdout).toContain("cannot list the Worker's secrets");
    expect(noLogin.stdout).toContain("npx wrangler login");
    expect(noLogin.stdout).not.toMatch(/\x1b\[/);
  }, 60_000);

  it("an unknown environment is a usage error (exit 2)", async () => {
    const run = await doctor(["--env", "nosuch"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("has no [env.nosuch] (environments: good, thin");
  }, 60_000);

  it("placeholder ids and origin-secret formats (pure)", () => {
    for (const id of ["00000000000000000000000000000000", "REPLACE_WITH_STATE_NAMESPACE_ID", "abc", undefined]) expect(isPlaceholderId(id)).toBe(true);
    expect(isPlaceholderId("0f1e2d3c4b5a69788796a5b4c3d2e1f0")).toBe(false);
    expect(originSecretProblem(`whsec_${Buffer.alloc(32, 7).toString("base64")}`)).toBeNull();
    expect(originSecretProblem(`whsec_${Buffer.alloc(8, 7).toString("base64")}`)).toContain("only 8 bytes");
    expect(originSecretProblem("x".repeat(40))).toBeNull();
  });
});
