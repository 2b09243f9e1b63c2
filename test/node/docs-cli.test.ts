/** The README's quick start and docs/cli.md stay in step with what the CLI prints. */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, runCli } from "./helpers/cli.ts";
import { tryLines } from "../../cli/dev.ts";

const readme = await readFile(join(ROOT, "README.md"), "utf8");
const cliDoc = await readFile(join(ROOT, "docs/cli.md"), "utf8");

/** The command names of `hookgate help` ("rules push", "send", …), without `help` itself. */
async function helpCommands(): Promise<string[]> {
  const help = (await runCli(["help"])).stdout;
  return [...help.matchAll(/^ {2}hookgate ((?:rules |dlq )?[a-z]+)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
}

describe("docs vs the CLI", () => {
  it("README's quick start shows the same send command `npm start` prints when ready", async () => {
    const [first] = await tryLines(8787);
    expect(first).toBe("npx hookgate send github --to http://127.0.0.1:8787/hooks/github --secret dev-github-secret");
    expect(readme).toContain(`\`\`\`sh\n${first}\n\`\`\``);
  });

  it("docs/cli.md lists every command of `hookgate help`, and no command it does not have", async () => {
    const commands = await helpCommands();
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const c of commands) expect(cliDoc, c).toContain(`| \`${c}`);
    const from = cliDoc.indexOf("\n## Commands\n");
    expect(from, "docs/cli.md has a ## Commands section").toBeGreaterThanOrEqual(0);
    const next = cliDoc.indexOf("\n## ", from + 1);
    const table = cliDoc.slice(from, next < 0 ? undefined : next);
    const documented = [...table.matchAll(/^\| `((?:rules |dlq )?[a-z]+)/gm)].map((m) => m[1]!);
    expect(documented.length).toBeGreaterThanOrEqual(commands.length);
    for (const d of documented) expect(commands, d).toContain(d);
  });

  it("docs/cli.md's send table has every option of `hookgate send --help` (--field, --value, …)", async () => {
    const usage = (await runCli(["send", "--help"])).stdout;
    const flags = [...new Set([...usage.matchAll(/^ {2,6}(--[a-z-]+)/gm)].map((m) => m[1]!))];
    expect(flags).toEqual(expect.arrayContaining(["--to", "--secret", "--field", "--value"]));
    const from = cliDoc.indexOf("\n## send\n");
    const section = cliDoc.slice(from, cliDoc.indexOf("\n## ", from + 1));
    for (const f of flags) expect(section, f).toMatch(new RegExp(`^\\| \`${f}[ \`]`, "m"));
  });
});
