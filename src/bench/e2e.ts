/**
 * End to end through `wrangler dev` (workerd): hookgate's full pipeline against
 * a bare pass-through Worker, both forwarding to the same local Node origin,
 * loaded by autocannon in a separate process. The two are measured alternately
 * (A, B, A, B, …) in one run so that the machine's background load hits both.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { pushCommand } from "../cli/rules.ts";
import { ROOT } from "../cli/wrangler.ts";
import { startWranglerDev, type Dev } from "../cli/wrangler-dev.ts";
import type { LoadArgs, LoadResult } from "./load.ts";

const require = createRequire(import.meta.url);
const ORIGIN_SECRET = "whsec_YmVuY2gtb3JpZ2luLXNlY3JldC0zMi1ieXRlcy1sb25n";
const GH_SECRET = "bench-github-secret";

/** wrangler dev for the benchmark: quiet logs; ready at the first answer under 500 (50 ms polls, 2 s each, 120 s in all). */
const startDev = (o: { config?: string; persistTo?: string; vars?: Record<string, string>; readyPath: string }) =>
  startWranglerDev({
    config: o.config,
    persistTo: o.persistTo,
    vars: o.vars,
    logLevel: "warn",
    stopGraceMs: 500,
    ready: { path: o.readyPath, method: "GET", ready: (status) => status < 500, intervalMs: 50, timeoutMs: 120_000, requestTimeoutMs: 2000 },
  });

export interface E2eResult {
  connections: number;
  roundSeconds: number;
  rounds: { hookgate: LoadResult; noDedup: LoadResult; passthrough: LoadResult }[];
  /** Full pipeline: source IP (static list), signature, dedup (KV claim), proxy signature, forward. */
  hookgate: LoadResult;
  /** The same route with `dedup: false`, to show what the dedup KV round trips cost under wrangler dev's local KV. */
  noDedup: LoadResult;
  passthrough: LoadResult;
  /** hookgate req/s ÷ pass-through req/s (mean of per-round ratios). */
  throughputRatio: number;
  noDedupRatio: number;
  /** Time from spawning a fresh `wrangler dev` (hookgate) to its first response, ms. */
  hookgateStartupMs: number;
  originReceived: number;
}

function startOrigin(): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, received: () => received });
    }),
  );
}

function runLoad(args: LoadArgs): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve("tsx/cli"), join(ROOT, "src/bench/load.ts"), JSON.stringify(args)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as LoadResult);
      } catch {
        reject(new Error(`load generator failed (${code}):\n${out}\n${err}`));
      }
    });
  });
}

function mean(rs: LoadResult[]): LoadResult {
  const avg = (f: (r: LoadResult) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
  const sum = (f: (r: LoadResult) => number) => rs.reduce((s, r) => s + f(r), 0);
  return {
    requestsPerSec: avg((r) => r.requestsPerSec),
    p50Ms: avg((r) => r.p50Ms),
    p99Ms: avg((r) => r.p99Ms),
    total: sum((r) => r.total),
    ok2xx: sum((r) => r.ok2xx),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

export async function benchE2e(opts: { rounds?: number; roundSeconds?: number; connections?: number } = {}): Promise<E2eResult> {
  const rounds = opts.rounds ?? 3;
  const roundSeconds = opts.roundSeconds ?? 6;
  const connections = opts.connections ?? 8;
  const origin = await startOrigin();
  const persistTo = await mkdtemp(join(tmpdir(), "hookgate-bench-"));
  const devs: Dev[] = [];
  try {
    // hookgate's full pipeline: the real Worker, rules pushed with the real CLI.
    const rulesFile = join(persistTo, "rules.json");
    await writeFile(
      rulesFile,
      JSON.stringify({
        routes: [
          // Static source-IP allow list (the load comes from 127.0.0.1), dedup on (X-GitHub-Delivery), forward.
          { path: "/hooks/github", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, allow: { ips: ["127.0.0.1", "::1"] } },
          { path: "/hooks/github-nodedup", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, allow: { ips: ["127.0.0.1", "::1"] }, dedup: false },
        ],
      }),
    );
    if ((await pushCommand(rulesFile, { binding: "RULES", local: true, persistTo })) !== 0) throw new Error("rules push failed");
    const hookgate = await startDev({
      persistTo,
      vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, GH_SECRET, RULES_CACHE_SECONDS: "60" },
      readyPath: "/healthz",
    });
    devs.push(hookgate);
    const passthrough = await startDev({ config: join(ROOT, "src/bench/passthrough.wrangler.toml"), vars: { ORIGIN: origin.url }, readyPath: "/" });
    devs.push(passthrough);

    const load = (dev: Dev, tag: string, seconds: number, path = "/hooks/github") =>
      runLoad({ url: `${dev.url}${path}`, secret: GH_SECRET, durationSec: seconds, connections, idPrefix: `${tag}-${Date.now()}` });
    // Warm both (JIT, connection pools, rules cache) before measuring.
    await load(hookgate, "warm-hg", 2);
    await load(passthrough, "warm-pt", 2);
    await load(hookgate, "warm-nd", 2, "/hooks/github-nodedup");

    const results: E2eResult["rounds"] = [];
    for (let i = 0; i < rounds; i++) {
      const h = await load(hookgate, `hg${i}`, roundSeconds);
      const p = await load(passthrough, `pt${i}`, roundSeconds);
      const n = await load(hookgate, `nd${i}`, roundSeconds, "/hooks/github-nodedup");
      results.push({ hookgate: h, noDedup: n, passthrough: p });
      process.stderr.write(
        `  round ${i + 1}/${rounds}: hookgate ${h.requestsPerSec.toFixed(0)} req/s, pass-through ${p.requestsPerSec.toFixed(0)} req/s, hookgate without dedup ${n.requestsPerSec.toFixed(0)} req/s\n`,
      );
    }
    const h = mean(results.map((r) => r.hookgate));
    const p = mean(results.map((r) => r.passthrough));
    if (h.non2xx || h.errors) process.stderr.write(`  warning: hookgate answered ${h.non2xx} non-2xx, ${h.errors} errors\n`);
    return {
      connections,
      roundSeconds,
      rounds: results,
      hookgate: h,
      noDedup: mean(results.map((r) => r.noDedup)),
      passthrough: p,
      throughputRatio: results.reduce((s, r) => s + r.hookgate.requestsPerSec / r.passthrough.requestsPerSec, 0) / results.length,
      noDedupRatio: results.reduce((s, r) => s + r.noDedup.requestsPerSec / r.passthrough.requestsPerSec, 0) / results.length,
      hookgateStartupMs: hookgate.startupMs,
      originReceived: origin.received(),
    };
  } finally {
    for (const d of devs) await d.stop();
    await new Promise((r) => origin.server.close(() => r(undefined)));
    origin.server.closeAllConnections();
    await rm(persistTo, { recursive: true, force: true });
  }
}
