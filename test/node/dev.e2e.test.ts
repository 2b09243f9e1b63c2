/**
 * `hookgate dev` (npm start) as a user runs it, on ports other than the
 * defaults: the example rules must point at the example origin's actual port,
 * so the printed `hookgate send` line gets a 200 (not a 502 from a dead 8788).
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../cli/ports.ts";
import { ROOT, runCli } from "./helpers/cli.ts";

const BIN = fileURLToPath(new URL("../../cli/bin.mjs", import.meta.url));
let child: ChildProcess | undefined;
let output = "";

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
});

describe("hookgate dev --port N --origin-port M", () => {
  it("the example rules point at the origin's port: the printed send line answers 200", async () => {
    const port = await freePort();
    const originPort = await freePort();
    child = spawn(process.execPath, [BIN, "dev", "--port", String(port), "--origin-port", String(originPort)], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 150_000;
    while (!output.includes("ready")) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`hookgate dev did not become ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const line = output.split("\n").find((l) => l.includes("npx hookgate send github"))!.trim();
    expect(line).toBe(`npx hookgate send github --to http://127.0.0.1:${port}/hooks/github --secret dev-github-secret`);
    const send = await runCli(line.split(" ").slice(2));
    expect(send.stdout + send.stderr).toContain("200");
    expect(send.code, send.stdout + send.stderr).toBe(0);
  }, 200_000);
});
