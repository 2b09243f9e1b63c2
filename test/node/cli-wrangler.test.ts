/**
 * How the CLI passes wrangler's trouble on: plain text when the output is not a
 * terminal, a credential error that says what to run, progress only on a TTY.
 */
import { describe, expect, it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./helpers/cli.ts";
import { withProgress } from "../../cli/progress.ts";

describe("wrangler's errors through the CLI", () => {
  it("remote KV without credentials: no colour codes when not on a terminal, and says `npx wrangler login`", async () => {
    const home = await mkdtemp(join(tmpdir(), "hookgate-nologin-"));
    // A fresh config home: no wrangler login, whatever the machine has.
    const run = await runCli(["rules", "list"], { env: { XDG_CONFIG_HOME: home, HOME: home, CLOUDFLARE_API_TOKEN: "", NO_COLOR: "" } });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\x1b\[/);
    expect(run.stderr).toContain("npx wrangler login");
    expect(run.stderr).toContain("--local");
  }, 60_000);
});

describe("progress for slow wrangler calls", () => {
  const stream = (isTTY: boolean) => {
    const s = { isTTY, text: "", write: (t: string) => ((s.text += t), true) };
    return s;
  };

  it("on a TTY, a call slower than the delay shows what it waits for, then clears the line", async () => {
    const s = stream(true);
    const v = await withProgress("reading KV", () => new Promise((r) => setTimeout(() => r(42), 250)), { stream: s, delayMs: 50, intervalMs: 50 });
    expect(v).toBe(42);
    expect(s.text).toContain("reading KV");
    expect(s.text.endsWith("\r\x1b[K")).toBe(true);
  });

  it("prints nothing when not on a TTY, or when the call is quick", async () => {
    const notTty = stream(false);
    await withProgress("reading KV", () => new Promise((r) => setTimeout(r, 150)), { stream: notTty, delayMs: 10, intervalMs: 10 });
    expect(notTty.text).toBe("");
    const quick = stream(true);
    await withProgress("reading KV", async () => 1, { stream: quick, delayMs: 100 });
    expect(quick.text).toBe("");
  });
});
