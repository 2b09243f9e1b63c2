/**
 * Issue 12 item 5: no literal secret appears in any CLI output. A rules file
 * full of literal secrets (route secrets, tokenSecrets, require[].equals in a
 * route, a custom provider and an inline provider) is pushed to real local KV;
 * validate, push, list, pull (stdout and --out), diff (same and changed) and
 * the error paths are run, and every byte they print or write is searched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./helpers/cli.ts";
import { isSecretPath, redact, shown } from "../../cli/secrets.ts";

let dir: string;
const kv = () => ["--local", "--persist-to", dir];

const rules = (tag: string) => ({
  providers: {
    acme: {
      signature: { type: "hmac", header: "X-Acme-Sig", algorithm: "sha256", encoding: "hex" },
      token: { header: "X-Acme-Token" },
      require: [{ from: { header: "X-Acme-App" }, equals: `PROVIDER-REQUIRE-${tag}` }],
    },
  },
  routes: [
    {
      path: "/hooks/gh",
      provider: "github",
      secrets: [`ROUTE-SECRET-A-${tag}`, `ROUTE-SECRET-B-${tag}`, "env:GH_SECRET"],
      require: [{ from: { json: "app" }, equals: `ROUTE-REQUIRE-${tag}` }],
    },
    { path: "/hooks/acme", provider: "acme", secrets: [`ACME-SIG-SECRET-${tag}`], tokenSecrets: [`TOKEN-SECRET-${tag}`] },
    {
      path: "/hooks/inline",
      provider: { token: { header: "X-Inline-Token" }, require: [{ from: { query: "k" }, equals: `INLINE-REQUIRE-${tag}` }] },
      secrets: [`INLINE-TOKEN-SECRET-${tag}`],
    },
  ],
});

const secretsOf = (tag: string) => [
  `PROVIDER-REQUIRE-${tag}`,
  `ROUTE-SECRET-A-${tag}`,
  `ROUTE-SECRET-B-${tag}`,
  `ROUTE-REQUIRE-${tag}`,
  `ACME-SIG-SECRET-${tag}`,
  `TOKEN-SECRET-${tag}`,
  `INLINE-REQUIRE-${tag}`,
  `INLINE-TOKEN-SECRET-${tag}`,
];
const ALL = [...secretsOf("OLD"), ...secretsOf("NEW"), "JSON-ERROR-SECRET"];
const outputs: { what: string; text: string }[] = [];

async function cli(what: string, args: string[]) {
  const run = await runCli(args);
  outputs.push({ what, text: run.stdout + run.stderr });
  return run;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookgate-secrets-"));
  await writeFile(join(dir, "old.json"), JSON.stringify(rules("OLD"), null, 2));
  await writeFile(join(dir, "new.json"), JSON.stringify(rules("NEW"), null, 2));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("literal secrets are never printed", () => {
  it("validate, push, list, pull, diff: masked everywhere, yet diff still sees a changed secret", async () => {
    expect((await cli("validate", ["rules", "validate", join(dir, "old.json")])).code).toBe(0);
    expect((await cli("push", ["rules", "push", join(dir, "old.json"), ...kv()])).code).toBe(0);
    expect((await cli("list", ["rules", "list", ...kv()])).code).toBe(0);

    const pull = await cli("pull", ["rules", "pull", ...kv()]);
    expect(pull.code).toBe(0);
    expect(pull.stderr).toContain("8 literal secret(s) in KV");
    const pulled = JSON.parse(pull.stdout);
    expect(pulled.routes[0].secrets[2]).toBe("env:GH_SECRET"); // a reference is a name: shown
    expect(pulled.routes[0].secrets[0]).toMatch(/^\(redacted/);

    const outFile = join(dir, "pulled.json");
    await writeFile(outFile, pull.stdout);
    // The placeholder is never pushed as a secret.
    const back = await cli("push pulled", ["rules", "push", outFile, ...kv()]);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain("routes[0].secrets[0]: is the placeholder `rules pull` writes for a literal secret");

    const diff = await cli("diff changed", ["rules", "diff", join(dir, "new.json"), ...kv()]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("secrets[0]: (a literal secret) → (a literal secret)");
    expect(diff.stdout).toContain("tokenSecrets[0]: (a literal secret) → (a literal secret)");
    expect(diff.stdout).toContain("require[0].equals: (a literal secret) → (a literal secret)");
    expect(diff.stdout).toContain('provider.require[0].equals: (a literal secret) → (a literal secret)');
  }, 240_000);

  it("error messages: a JSON syntax error next to a secret, a secret of the wrong type", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, '{"routes": [{"path": "/a", "provider": "github", "secrets": ["JSON-ERROR-SECRET", x]}]}');
    const run = await cli("invalid JSON", ["rules", "validate", broken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("not valid JSON");
    const wrongType = join(dir, "wrong-type.json");
    await writeFile(wrongType, JSON.stringify({ routes: [{ path: "/a", provider: "github", secrets: "ROUTE-SECRET-A-OLD", tokenSecrets: [42, "TOKEN-SECRET-OLD"] }] }));
    expect((await cli("wrong type", ["rules", "validate", wrongType])).code).toBe(1);
    expect((await cli("diff invalid", ["rules", "diff", wrongType, ...kv()])).code).toBe(2);
  });

  it("none of the secrets appears in anything the CLI printed or wrote", () => {
    expect(outputs.length).toBeGreaterThanOrEqual(9);
    for (const { what, text } of outputs) for (const s of ALL) expect(text, `${what} printed ${s}`).not.toContain(s);
  });
});

describe("which fields are secrets (pure)", () => {
  it("every secret list (secrets, tokenSecrets, jwtSecrets, …) and require[].equals; env: references stay visible", () => {
    for (const p of ["secrets[0]", "routes[2].tokenSecrets[1]", "jwtSecrets[0]", "require[0].equals", "providers.acme.require[3].equals"]) expect(isSecretPath(p), p).toBe(true);
    for (const p of ["require[0].from.header", "signature.secretEncoding", "description", "origin"]) expect(isSecretPath(p), p).toBe(false);
    expect(redact({ routes: [{ secrets: ["lit", "env:A"], jwtSecrets: ["jwt-lit"], require: [{ from: { header: "X" }, equals: "eq" }] }] }, "*")).toEqual({
      routes: [{ secrets: ["*", "env:A"], jwtSecrets: ["*"], require: [{ from: { header: "X" }, equals: "*" }] }],
    });
    expect(shown("tokenSecrets[0]", "lit")).toBe("(a literal secret)");
    expect(shown("tokenSecrets[0]", "env:T")).toBe('"env:T"');
  });
});

