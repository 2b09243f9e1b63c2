/**
 * Every command `hookgate help` lists answers `--help` with exit 0 (in-process:
 * one CLI process per command would cost a second each), plus the process-level
 * basics: `--version`, and exit 2 for a usage mistake.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import { ROOT, runCli } from "./helpers/cli.ts";

async function capture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

/** The command words of every `hookgate …` line of the help (`rules push`, `send`, `dlq replay`, …). */
export function commandsOf(help: string): string[][] {
  return [...help.matchAll(/^ {2}hookgate ((?:[a-z]+)(?: [a-z]+)?)/gm)]
    .map((m) => m[1]!.split(" "))
    .map((w) => (w.length === 2 && !["rules", "dlq"].includes(w[0]!) ? [w[0]!] : w))
    .filter((w) => w[0] !== "help");
}

describe("--help everywhere", () => {
  it("every command of `hookgate help` answers --help (and -h) with its usage and exit 0", async () => {
    const help = await capture(["help"]);
    expect(help.code).toBe(0);
    const commands = commandsOf(help.stdout);
    expect(commands.map((c) => c.join(" "))).toEqual(
      expect.arrayContaining(["rules validate", "rules push", "send", "init", "bundle", "dev", "dlq list", "dlq show", "dlq replay", "tail", "doctor"]),
    );
    for (const words of commands) {
      for (const flag of ["--help", "-h"]) {
        const run = await capture([...words, flag]);
        expect(run.code, `${words.join(" ")} ${flag}: ${run.stderr}`).toBe(0);
        expect(run.stdout, words.join(" ")).toContain(`Usage: hookgate ${words.join(" ")}`);
        expect(run.stderr).toBe("");
      }
      // `hookgate help COMMAND` prints the same.
      expect((await capture(["help", ...words])).stdout).toContain(`Usage: hookgate ${words.join(" ")}`);
    }
  });

  it("--help wins over other arguments and missing required ones", async () => {
    for (const argv of [["send", "--help"], ["rules", "push", "x.json", "--help"], ["init", "--help"], ["dlq", "replay", "--help"]]) {
      const run = await capture(argv);
      expect(run.code, argv.join(" ")).toBe(0);
    }
  });

  it("groups answer --help with their subcommands", async () => {
    const rules = await capture(["rules", "--help"]);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toContain("hookgate rules diff FILE");
    const dlq = await capture(["dlq", "--help"]);
    expect(dlq.code).toBe(0);
    expect(dlq.stdout).toContain("hookgate dlq replay");
  });
});

describe("exit codes and version", () => {
  it("--version prints package.json's version (a real process)", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    const run = await runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it("a usage mistake exits 2 and names it: unknown option, unknown command, missing FILE, bad number (a real process)", async () => {
    const unknown = await runCli(["send", "github", "--frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    expect(unknown.stderr).toContain("Usage: hookgate send PROVIDER");
    const cases: [string[], string][] = [
      [["frobnicate"], 'unknown command "frobnicate"'],
      [["rules", "push"], "rules push takes exactly one FILE"],
      [["dev", "--port", "abc"], '--port takes a whole number, not "abc"'],
      [["send", "github"], "--to URL is required"],
    ];
    for (const [argv, message] of cases) {
      const run = await capture(argv);
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect((await capture([])).code).toBe(2);
  });
});
