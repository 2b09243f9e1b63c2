/** The README's quick start and CLI reference stay in step with what the CLI prints. */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runCli } from "./helpers/cli.ts";
import { tryLines } from "../../cli/dev.ts";

const readme = await readFile(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("quick start shows the same send command `npm start` prints when ready", async () => {
    const [first] = await tryLines(8787);
    expect(first).toBe("npx hookgate send github --to http://127.0.0.1:8787/hooks/github --secret dev-github-secret");
    expect(readme).toContain(`\`\`\`sh\n${first}\n\`\`\``);
  });

  it("the CLI reference (README's, and docs/cli.md's Commands) lists every command of `hookgate help`", async () => {
    const help = (await runCli(["help"])).stdout;
    const commands = [...help.matchAll(/^ {2}hookgate ((?:rules |dlq )?[a-z]+)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
    expect(commands.length).toBeGreaterThanOrEqual(15);
    const docs = join(ROOT, "docs/cli.md");
    const cliDoc = existsSync(docs) ? await readFile(docs, "utf8") : "";
    const reference = (readme.includes("## CLI reference") ? readme.slice(readme.indexOf("## CLI reference")) : "") + cliDoc.slice(cliDoc.indexOf("## Commands"));
    for (const c of commands) expect(reference, c).toContain(`| \`${c}`);
  });
});
