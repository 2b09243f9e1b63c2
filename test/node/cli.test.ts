/** The CLI as a user runs it: exit codes, messages naming route and field, the JSON Schema file. */
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, ROOT } from "./helpers/cli.ts";
import { rulesJsonSchema } from "../../cli/schema-json.ts";

async function tempFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hookgate-cli-"));
  const file = join(dir, "rules.json");
  await writeFile(file, content);
  return file;
}

describe("hookgate rules validate", () => {
  it("accepts the example rules", async () => {
    const run = await runCli(["rules", "validate", "examples/rules.json"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ok examples/rules.json: 4 route(s), 1 custom provider(s)");
  });

  it("names the route and the field of every error, and exits 1", async () => {
    const file = await tempFile(
      JSON.stringify({
        routes: [
          { path: "/hooks/a", provider: "github", secrets: ["env:1BAD"] },
          { path: "/hooks/b", provider: "github", secrets: ["x"], tolerance: 0 },
        ],
      }),
    );
    const run = await runCli(["rules", "validate", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("routes[0] (/hooks/a): secrets[0]: env: references must look like env:NAME");
    expect(run.stderr).toContain("routes[1] (/hooks/b): tolerance:");
    expect(run.stderr).toContain("invalid " + file + ": 2 error(s)");
    // validate never pushes, so it does not talk about pushing.
    expect(run.stderr).not.toContain("pushed");
  });

  it("catches what only the whole file shows: unknown providers, duplicate paths, shadowed presets, bad literal secrets", async () => {
    const file = await tempFile(
      JSON.stringify({
        providers: { github: { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex" } } },
        routes: [
          { path: "/a", provider: "nosuch", secrets: ["env:A"] },
          { path: "/a", provider: "github", secrets: ["env:A"] },
          { path: "/b", provider: "standard-webhooks", secrets: ["whsec_not base64!"] },
        ],
      }),
    );
    const run = await runCli(["rules", "validate", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('providers.github: "github" is a built-in preset');
    expect(run.stderr).toContain('routes[0] (/a): provider: "nosuch" is neither a preset nor defined under "providers"');
    expect(run.stderr).toContain("routes[1] (/a): path: duplicates routes[0]");
    expect(run.stderr).toContain("routes[2] (/b): secrets[0]: is not valid whsec");
    expect(run.stderr).toContain("a literal secret is stored in KV");
    expect(run.stderr).not.toContain("whsec_not base64!");
  });

  it("reports unreadable and non-JSON files plainly", async () => {
    const missing = await runCli(["rules", "validate", "/nonexistent/rules.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read: ENOENT");
    const notJson = await runCli(["rules", "validate", await tempFile("{ routes: ")]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain("not valid JSON");
  });

  it("invalid JSON: file, line and column, without V8's excerpt of the text", async () => {
    const file = await tempFile('{\n  "routes": [\n    {"path": "/a",}\n  ]\n}\n');
    const run = await runCli(["rules", "validate", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:3:19: not valid JSON: Expected double-quoted property name (line 3, column 19)`);
    // V8 words an unexpected token with an excerpt of the text (it may hold a secret) and no position.
    const token = await runCli(["rules", "validate", await tempFile('{"routes": [\n  {"secrets": ["s3cr3t", x]}]}')]);
    expect(token.stderr).toMatch(/:2:26: not valid JSON: Unexpected token 'x' \(line 2, column 26\)/);
    expect(token.stderr).not.toContain("s3cr3t");
    const short = await runCli(["rules", "validate", await tempFile('{"routes": [')]);
    expect(short.stderr).toContain(":1:13: not valid JSON: the text ends too early");
  });

  it("an unknown enum value names the field and the allowed values, and suggests the nearest", async () => {
    const file = await tempFile(
      JSON.stringify({ routes: [{ path: "/a", provider: "github", secrets: ["env:A"], dedup: { store: "strickt" }, methods: ["POST", "FETCH"] }] }),
    );
    const run = await runCli(["rules", "validate", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('routes[0] (/a): dedup.store: "strickt" is not allowed; allowed values: "kv", "strict" (did you mean "strict"?)');
    expect(run.stderr).toContain('routes[0] (/a): methods[1]: "FETCH" is not allowed; allowed values: "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"');
  });

  it("unknown keys and preset names suggest the nearest valid one", async () => {
    const keys = await tempFile(
      JSON.stringify({
        routes: [{ path: "/a", provider: "github", secrets: ["env:A"], orign: "https://x.example", delivery: { mode: "queue", retryDelaySeconds: [1] } }],
        providers: { acme: { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", secretEncodng: "utf8" } } },
      }),
    );
    const run = await runCli(["rules", "validate", keys]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('routes[0] (/a): unknown key "orign" (did you mean "origin"?); allowed: path, provider, secrets, origin,');
    expect(run.stderr).toContain('routes[0] (/a): delivery: unknown key "retryDelaySeconds" (did you mean "retryDelaysSeconds"?)');
    expect(run.stderr).toContain('providers.acme.signature: unknown key "secretEncodng" (did you mean "secretEncoding"?)');
    const preset = await tempFile(JSON.stringify({ routes: [{ path: "/a", provider: "githbu", secrets: ["env:A"] }, { path: "/b", provider: "stripee", secrets: ["env:A"] }] }));
    const p = await runCli(["rules", "validate", preset]);
    expect(p.stderr).toContain('routes[0] (/a): provider: "githbu" is neither a preset nor defined under "providers" (did you mean "github"?)');
    expect(p.stderr).toContain('(did you mean "stripe"?)');
    const send = await runCli(["send", "githbu", "--to", "http://127.0.0.1:9/x", "--secret", "s"]);
    expect(send.code).toBe(1);
    expect(send.stderr).toContain('"githbu" is neither a preset (custom providers: --rules FILE) (did you mean "github"?)');
  });

  it("explains usage mistakes", async () => {
    const run = await runCli(["rules", "frobnicate", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown rules command "frobnicate"');
    expect((await runCli(["help"])).stdout).toContain("hookgate rules push FILE");
  });
});

describe("JSON Schema for editors", () => {
  it("src/rules/hookgate.schema.json is generated from the current zod schema (run `npx hookgate schema --out src/rules/hookgate.schema.json`)", async () => {
    expect(await readFile(join(ROOT, "src/rules/hookgate.schema.json"), "utf8")).toBe(rulesJsonSchema());
  });
});
