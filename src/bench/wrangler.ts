/** Starts `wrangler dev` for the benchmarks on a free 127.0.0.1 port and stops it (the whole process group). */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { freePort } from "../cli/ports.ts";

const require = createRequire(import.meta.url);
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Dev {
  url: string;
  /** Milliseconds from spawning wrangler dev to the first successful response. */
  startupMs: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startDev(opts: { config?: string; persistTo?: string; vars?: Record<string, string>; readyPath: string }): Promise<Dev> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const vars = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      require.resolve("wrangler/bin/wrangler.js"),
      "dev",
      ...(opts.config ? ["-c", opts.config] : []),
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      ...(opts.persistTo ? ["--persist-to", opts.persistTo] : []),
      "--show-interactive-dev-session=false",
      "--log-level", "warn",
      ...vars,
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
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { method: "GET", signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, startupMs: performance.now() - started, output: () => output, stop };
}
