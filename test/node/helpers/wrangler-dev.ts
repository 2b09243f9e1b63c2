/**
 * Starts the real Worker under `wrangler dev` (workerd) on a free loopback
 * port, with its own persistence directory so tests push rules with the real
 * CLI (`hookgate rules push --local --persist-to DIR`). Stops itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { freePort } from "../../../src/cli/ports.ts";
import { ROOT, runCli } from "./cli.ts";

const require = createRequire(import.meta.url);

export interface WranglerDev {
  url: string;
  persistTo: string;
  /** Everything wrangler dev printed (the Worker's log lines included). */
  output(): string;
  /**
   * Waits until the Worker answers again. Needed after a request whose body the
   * Worker refused mid-stream: wrangler dev's local proxy then sees a broken
   * upstream connection and restarts the Worker (a local-only artefact).
   */
  waitReady(): Promise<void>;
  /** Writes a rules file and pushes it with the real CLI into this instance's local KV. */
  pushRules(rules: unknown): Promise<void>;
  stop(): Promise<void>;
}

export async function startWranglerDev(opts: { vars?: Record<string, string>; extraArgs?: string[] } = {}): Promise<WranglerDev> {
  const persistTo = await mkdtemp(join(tmpdir(), "hookgate-e2e-"));
  const port = await freePort();
  const inspectorPort = await freePort();
  const vars = Object.entries({ RULES_CACHE_SECONDS: "0", ...opts.vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      require.resolve("wrangler/bin/wrangler.js"),
      "dev",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      "--persist-to", persistTo,
      "--show-interactive-dev-session=false",
      "--log-level", "log",
      ...vars,
      ...(opts.extraArgs ?? []),
    ],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await new Promise((r) => setTimeout(r, 300));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    await rm(persistTo, { recursive: true, force: true });
  };

  const waitReady = async (timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
      try {
        const res = await fetch(`${url}/healthz`, { method: "POST" });
        if (res.ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`wrangler dev did not become ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  try {
    await waitReady();
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    url,
    persistTo,
    output: () => output,
    waitReady: () => waitReady(),
    async pushRules(rules) {
      const file = join(persistTo, `rules-${Date.now()}.json`);
      await writeFile(file, JSON.stringify(rules, null, 2));
      const run = await runCli(["rules", "push", file, "--local", "--persist-to", persistTo]);
      if (run.code !== 0) throw new Error(`rules push failed:\n${run.stdout}\n${run.stderr}`);
    },
    stop,
  };
}
