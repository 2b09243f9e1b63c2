/**
 * `hookgate rules pull | diff | list` against real local KV (wrangler's own
 * storage in a temporary --persist-to directory), after a real `rules push`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { runCli } from "./helpers/cli.ts";
import { diffRules } from "../../cli/diff.ts";
import { RulesFileSchema } from "../../src/rules/schema.ts";

let dir: string;
const kv = () => ["--local", "--persist-to", dir];
const example = JSON.parse(await readFile(new URL("../../examples/rules.json", import.meta.url), "utf8"));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookgate-rules-kv-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("rules list / pull / diff through local KV", () => {
  it("list says when KV is empty; after a push it shows every path, provider and origin", async () => {
    const empty = await runCli(["rules", "list", ...kv()]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("holds no routes");
    expect((await runCli(["rules", "push", "examples/rules.json", ...kv()])).code).toBe(0);
    const list = await runCli(["rules", "list", ...kv()]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/PATH\s+PROVIDER\s+ORIGIN\s+METHODS\s+SECRETS/);
    expect(list.stdout).toMatch(/\/hooks\/github\s+github\s+http:\/\/127\.0\.0\.1:8788\s+POST\s+1/);
    expect(list.stdout).toMatch(/\/hooks\/acme\s+acme\s+/);
    expect(list.stdout).toContain("4 route(s) in RULES (local); custom providers: acme");
  }, 180_000);

  it("pull writes a rules file with $schema that round-trips: same routes, same providers, diff says same", async () => {
    const out = join(dir, "sub", "pulled.json");
    await mkdir(dirname(out), { recursive: true });
    const pull = await runCli(["rules", "pull", "--out", out, ...kv()]);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(`pulled 4 route(s), 1 custom provider(s) from RULES (local) into ${out}`);
    const pulled = JSON.parse(await readFile(out, "utf8"));
    expect(existsSync(resolve(dirname(out), pulled.$schema))).toBe(true);
    expect(pulled.$schema).toMatch(/hookgate\.schema\.json$/);
    expect(pulled.routes).toEqual(example.routes);
    expect(pulled.providers).toEqual(example.providers);
    const same = await runCli(["rules", "diff", out, ...kv()]);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toContain("same 4 route(s) and 1 provider(s) match");
  }, 180_000);

  it("diff names each added, removed and changed route and field, never a literal secret, and exits 1", async () => {
    const changed = structuredClone(example);
    changed.routes[0].origin = "https://new.example.com";
    changed.routes[1].secrets.push("env:STRIPE_OLD");
    changed.routes[1].methods = ["POST"]; // the default written out: no difference
    changed.routes.splice(2, 1);
    changed.routes.push({ path: "/hooks/new", provider: "lean", secrets: ["do-not-print-me"] });
    changed.providers.acme.signature.algorithm = "sha512";
    const file = join(dir, "changed.json");
    await writeFile(file, JSON.stringify(changed));
    const diff = await runCli(["rules", "diff", file, ...kv()]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('~ route /hooks/github  changed: KV → file\n    origin: "http://127.0.0.1:8788" → "https://new.example.com"');
    expect(diff.stdout).toContain('~ route /hooks/stripe  changed: KV → file\n    secrets[1]: + "env:STRIPE_OLD"\n');
    expect(diff.stdout).toContain("+ route /hooks/new  only in the file: push adds it");
    expect(diff.stdout).toContain("- route /hooks/standard  only in KV: push removes it");
    expect(diff.stdout).toContain('~ provider acme  changed: KV → file\n    signature.algorithm: "sha256" → "sha512"');
    expect(diff.stdout).toContain("5 difference(s), 1 route(s) unchanged");
    // The hint pushes to the same KV the diff read (here local, in this directory), never to remote.
    expect(diff.stdout).toContain(`\`hookgate rules push ${file} --local --persist-to ${dir}\` applies them`);
    expect(diff.stdout + diff.stderr).not.toContain("do-not-print-me");
  }, 180_000);

  it("push removes the routes no longer in the file (one key list), and nothing else", async () => {
    const smaller = structuredClone(example);
    smaller.routes = smaller.routes.filter((r: { path: string }) => r.path !== "/hooks/standard");
    const file = join(dir, "smaller.json");
    await writeFile(file, JSON.stringify(smaller));
    const push = await runCli(["rules", "push", file, ...kv()]);
    expect(push.code, push.stdout + push.stderr).toBe(0);
    expect(push.stdout).toContain("pushed 4 key(s) to RULES (local), removed 1 stale: route:/hooks/standard\n");
  }, 180_000);

  it("diff of an invalid file exits 2 with per-field errors and reads no KV", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify({ routes: [{ path: "x", provider: "github", secrets: [] }] }));
    const diff = await runCli(["rules", "diff", file, ...kv()]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain("routes[0] (x): path: must start with /");
    expect(diff.stderr).toContain("routes[0] (x): secrets:");
  });
});

describe("diffRules (pure)", () => {
  const file = RulesFileSchema.parse({ routes: [{ path: "/a", provider: "github", secrets: ["lit-1"] }] });
  it("masks literal secrets and treats defaults as equal", () => {
    const d = diffRules(file, { routes: [{ key: "route:/a", value: { path: "/a", provider: "github", secrets: ["lit-2"], maxBodyBytes: 1048576 } }], providers: {}, notJson: [] });
    expect(d).toEqual([{ kind: "changed", what: "route", name: "/a", fields: [{ field: "secrets[0]", before: "(a literal secret)", after: "(a literal secret)" }] }]);
  });
  it("shows a KV value that fails the schema as changed, not as equal", () => {
    const d = diffRules(file, { routes: [{ key: "route:/a", value: { path: "/a", provider: "github", secrets: ["lit-1"], tolerance: 0 } }], providers: {}, notJson: [] });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ kind: "changed", name: "/a" });
  });
});
