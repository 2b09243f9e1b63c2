/**
 * End to end through `wrangler dev` (workerd): hookgate's full pipeline against
 * a bare pass-through Worker, both forwarding to the same local Node origin,
 * loaded by autocannon in a separate process. The two are measured alternately
 * (A, B, A, B, …) in one run so that the machine's background load hits both.
 */
import { createServer, type Server } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { pushCommand } from "../cli/rules.ts";
import { ROOT, runNode } from "../cli/wrangler.ts";
import type { Dev } from "../cli/wrangler-dev.ts";
import { startDev } from "./dev.ts";
import type { LoadArgs, LoadResult } from "./load.ts";

const require = createRequire(import.meta.url);
const ORIGIN_SECRET = "whsec_YmVuY2gtb3JpZ2luLXNlY3JldC0zMi1ieXRlcy1sb25n";
const GH_SECRET = "bench-github-secret";


/** The hookgate routes measured against the pass-through Worker, all with the same source-IP list and signature. */
export const VARIANTS = [
  { key: "hookgate", label: "hookgate (full pipeline: static IP, signature, dedup, forward)", path: "/hooks/github", dedup: undefined, logs: "all" },
  { key: "kvDedup", label: "hookgate, dedup store \"kv\"", path: "/hooks/github-kv", dedup: { store: "kv" }, logs: "all" },
  { key: "strictDedup", label: "hookgate, dedup store \"strict\" (16 Durable Object shards per route)", path: "/hooks/github-strict", dedup: { store: "strict" }, logs: "all" },
  // The previous strict layout, one Durable Object per event id, side by side (DEDUP_SHARDS=per-id).
  { key: "strictPerId", label: "hookgate, dedup store \"strict\", one object per id (previous layout)", path: "/hooks/github-strict", dedup: { store: "strict" }, logs: "all", shards: "per-id" },
  // The same stores with wrangler dev's local state (SQLite files of KV and Durable Objects) on tmpfs instead of disk.
  { key: "kvDedupShm", label: "hookgate, dedup store \"kv\", local state on tmpfs (/dev/shm)", path: "/hooks/github-kv", dedup: { store: "kv" }, logs: "all", persist: "tmpfs" },
  { key: "strictDedupShm", label: "hookgate, dedup store \"strict\" (16 shards), local state on tmpfs (/dev/shm)", path: "/hooks/github-strict", dedup: { store: "strict" }, logs: "all", persist: "tmpfs" },
  { key: "noDedup", label: "hookgate, dedup: false", path: "/hooks/github-nodedup", dedup: false, logs: "all" },
  { key: "quiet", label: "hookgate full pipeline, LOG_REQUESTS=problems", path: "/hooks/github", dedup: undefined, logs: "problems" },
  { key: "quietNoDedup", label: "hookgate, dedup: false, LOG_REQUESTS=problems", path: "/hooks/github-nodedup", dedup: false, logs: "problems" },
] as const satisfies readonly { key: string; label: string; path: string; dedup: unknown; logs: "all" | "problems"; shards?: string; persist?: "tmpfs" }[];
export type VariantKey = (typeof VARIANTS)[number]["key"];

export interface E2eResult {
  connections: number;
  roundSeconds: number;
  rounds: (Record<VariantKey, LoadResult> & { passthrough: LoadResult })[];
  /** Mean over rounds, per variant. `hookgate` is the default route (dedup on, default store). */
  variants: Record<VariantKey, LoadResult>;
  passthrough: LoadResult;
  /** variant req/s ÷ pass-through req/s (mean of per-round ratios). */
  ratios: Record<VariantKey, number>;
  /** The default full pipeline's ratio (ratios.hookgate): the issue's target. */
  throughputRatio: number;
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

async function runLoad(args: LoadArgs): Promise<LoadResult> {
  const run = await runNode([require.resolve("tsx/cli"), join(ROOT, "bench/load.ts"), JSON.stringify(args)], { cwd: ROOT });
  const line = run.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as LoadResult;
  } catch {
    throw new Error(`load generator failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
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
  // tmpfs for the variants that keep wrangler dev's local state in memory (tmpdir() is on disk here).
  const shm = await mkdtemp(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "hookgate-bench-"));
  const devs: Dev[] = [];
  try {
    // hookgate's full pipeline: the real Worker, rules pushed with the real CLI; one instance per LOG_REQUESTS mode,
    // each with its own local storage.
    const rulesFile = join(persistTo, "rules.json");
    const paths = [...new Map(VARIANTS.map((v) => [v.path, v])).values()];
    await writeFile(
      rulesFile,
      JSON.stringify({
        // Static source-IP allow list (the load comes from 127.0.0.1), signature, dedup (X-GitHub-Delivery), forward.
        routes: paths.map((v) => ({
          path: v.path,
          provider: "github",
          secrets: ["env:GH_SECRET"],
          origin: origin.url,
          allow: { ips: ["127.0.0.1", "::1"] },
          ...(v.dedup === undefined ? {} : { dedup: v.dedup }),
        })),
      }),
    );
    // One instance per (LOG_REQUESTS, DEDUP_SHARDS) pair the variants use.
    const instanceKey = (v: (typeof VARIANTS)[number]) => `${v.logs}|${"shards" in v ? v.shards : ""}|${"persist" in v ? v.persist : ""}`;
    const instances = new Map<string, Dev>();
    for (const v of VARIANTS) {
      const key = instanceKey(v);
      if (instances.has(key)) continue;
      const dir = "persist" in v ? join(shm, `instance-${instances.size}`) : join(persistTo, `instance-${instances.size}`);
      if ((await pushCommand(rulesFile, { binding: "RULES", local: true, persistTo: dir })) !== 0) throw new Error("rules push failed");
      const dev = await startDev({
        persistTo: dir,
        vars: {
          HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET,
          GH_SECRET,
          RULES_CACHE_SECONDS: "60",
          LOG_REQUESTS: v.logs,
          ...("shards" in v ? { DEDUP_SHARDS: v.shards } : {}),
        },
        readyPath: "/healthz",
      });
      instances.set(key, dev);
      devs.push(dev);
    }
    const instanceOf = (v: (typeof VARIANTS)[number]) => instances.get(instanceKey(v))!;
    const hookgate = instanceOf(VARIANTS[0]);
    const passthrough = await startDev({ config: join(ROOT, "bench/passthrough.wrangler.toml"), vars: { ORIGIN: origin.url }, readyPath: "/" });
    devs.push(passthrough);

    const load = (dev: Dev, tag: string, seconds: number, path = "/hooks/github") =>
      runLoad({ url: `${dev.url}${path}`, secret: GH_SECRET, durationSec: seconds, connections, idPrefix: `${tag}-${Date.now()}` });
    // Warm every route and the pass-through (JIT, connection pools, rules cache) before measuring.
    for (const v of VARIANTS) await load(instanceOf(v), `warm-${v.key}`, 2, v.path);
    await load(passthrough, "warm-pt", 2);

    const results: E2eResult["rounds"] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate: pass-through between the hookgate variants, each variant once per round.
      const round = { passthrough: await load(passthrough, `pt${i}`, roundSeconds) } as E2eResult["rounds"][number];
      for (const v of VARIANTS) round[v.key] = await load(instanceOf(v), `${v.key}${i}`, roundSeconds, v.path);
      results.push(round);
      process.stderr.write(
        `  round ${i + 1}/${rounds}: pass-through ${round.passthrough.requestsPerSec.toFixed(0)} req/s; ${VARIANTS.map((v) => `${v.key} ${round[v.key].requestsPerSec.toFixed(0)}`).join(", ")}\n`,
      );
    }
    const variants = Object.fromEntries(VARIANTS.map((v) => [v.key, mean(results.map((r) => r[v.key]))])) as Record<VariantKey, LoadResult>;
    const ratios = Object.fromEntries(
      VARIANTS.map((v) => [v.key, results.reduce((s, r) => s + r[v.key].requestsPerSec / r.passthrough.requestsPerSec, 0) / results.length]),
    ) as Record<VariantKey, number>;
    for (const v of VARIANTS) {
      const r = variants[v.key];
      if (r.non2xx || r.errors) process.stderr.write(`  warning: ${v.key} answered ${r.non2xx} non-2xx, ${r.errors} errors\n`);
    }
    return {
      connections,
      roundSeconds,
      rounds: results,
      variants,
      passthrough: mean(results.map((r) => r.passthrough)),
      ratios,
      throughputRatio: ratios.hookgate,
      hookgateStartupMs: hookgate.startupMs,
      originReceived: origin.received(),
    };
  } finally {
    for (const d of devs) await d.stop();
    await new Promise((r) => origin.server.close(() => r(undefined)));
    origin.server.closeAllConnections();
    await rm(persistTo, { recursive: true, force: true });
    await rm(shm, { recursive: true, force: true });
  }
}
