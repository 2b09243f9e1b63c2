/**
 * Starts the project's own `wrangler dev` (workerd) on a free 127.0.0.1 port,
 * waits until it answers, and stops it (the whole process group). One launcher
 * for the benchmarks (bench/e2e.ts: a config file, start-up time) and the
 * end-to-end tests (test/node/helpers/wrangler-dev.ts: persisted KV, waitReady
 * after wrangler dev restarts the Worker).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./ports.ts";
import { ROOT, wranglerBin } from "./wrangler.ts";

export interface Readiness {
  /** Path polled until it answers (e.g. "/healthz"). */
  path: string;
  method?: "GET" | "POST";
  /** Which status means ready (default: 2xx). */
  ready?: (status: number) => boolean;
  /** Between polls (default 200 ms). */
  intervalMs?: number;
  /** Give up after (default 90 s). */
  timeoutMs?: number;
  /** Abort one poll after (default: no limit). */
  requestTimeoutMs?: number;
}

export interface DevOptions {
  /** A wrangler config other than ROOT/wrangler.toml (`-c`). */
  config?: string;
  /** Local KV/DO storage directory (`--persist-to`). */
  persistTo?: string;
  /** `--var NAME:value` each. */
  vars?: Record<string, string>;
  extraArgs?: string[];
  /** wrangler's `--log-level` (default "log": the Worker's console lines are in `output()`). */
  logLevel?: "log" | "info" | "warn" | "error";
  ready: Readiness;
  /** Between SIGTERM and SIGKILL on stop (default 300 ms). */
  stopGraceMs?: number;
}

export interface Dev {
  url: string;
  /** wrangler dev's V8 inspector (CDP over WebSocket; `/json` lists the Worker's targets). */
  inspectorPort: number;
  /** Milliseconds from spawning wrangler dev to the first ready answer. */
  startupMs: number;
  /** The process group of wrangler dev and its workerd (for memory measurements: bench/body-memory.ts). */
  pgid: number | undefined;
  /** Everything wrangler dev printed (with log level "log", the Worker's log lines too). */
  output(): string;
  /** Polls the readiness path again (e.g. after wrangler dev restarted the Worker). */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Stops the process group: SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

export async function startWranglerDev(opts: DevOptions): Promise<Dev> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const vars = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      wranglerBin(),
      "dev",
      ...(opts.config ? ["-c", opts.config] : []),
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      ...(opts.persistTo ? ["--persist-to", opts.persistTo] : []),
      "--show-interactive-dev-session=false",
      "--log-level", opts.logLevel ?? "log",
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
      await new Promise((r) => setTimeout(r, opts.stopGraceMs ?? 300));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  };

  const r = opts.ready;
  const isReady = r.ready ?? ((status: number) => status >= 200 && status < 300);
  const waitReady = async (timeoutMs = r.timeoutMs ?? 90_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
      try {
        const res = await fetch(`${url}${r.path}`, { method: r.method ?? "GET", ...(r.requestTimeoutMs ? { signal: AbortSignal.timeout(r.requestTimeoutMs) } : {}) });
        await res.arrayBuffer();
        if (isReady(res.status)) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`wrangler dev did not become ready:\n${output}`);
      await new Promise((res) => setTimeout(res, r.intervalMs ?? 200));
    }
  };

  try {
    await waitReady();
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, inspectorPort, startupMs: performance.now() - started, pgid: child.pid, output: () => output, waitReady, stop };
}
