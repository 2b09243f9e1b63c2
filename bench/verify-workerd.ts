/**
 * Verification cost per request inside workerd, the runtime hookgate runs in:
 * the same cases as the Node run (bench/verify-cases.ts) in a bench Worker
 * under `wrangler dev`. Per op = (wall time of a request running n ops − that
 * of a request running none) ÷ n, with n calibrated so a batch takes ~50 ms;
 * implementations interleaved batch by batch; median (and p90) over batches.
 */
import { join } from "node:path";
import { SIZES } from "./verify-cases.ts";
import { ROOT } from "../cli/wrangler.ts";
import { startDev, timedGet } from "./dev.ts";
import { median, quantile } from "./stats.ts";

export interface WorkerdOp {
  /** Median over batches of the per-op time, µs. */
  medianUs: number;
  p90Us: number;
  /** Ops per batch. */
  n: number;
  batches: number;
}

export interface WorkerdVerifyCase {
  scheme: string;
  bodyBytes: number;
  results: Record<string, WorkerdOp>;
}

/** µs of one bench request. */
const timed = async (url: string) => (await timedGet(url)) * 1000;
const p90 = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.9);

/** `impls`: only these implementations (and always hookgate and the floor, the tables' references). */
export async function benchVerifyWorkerd(opts: { quick?: boolean; impls?: readonly string[] } = {}): Promise<WorkerdVerifyCase[]> {
  const batches = opts.quick ? 5 : 25;
  const batchUs = opts.quick ? 20_000 : 50_000;
  const dev = await startDev({ config: join(ROOT, "bench/verify.wrangler.toml"), readyPath: "/healthz" });
  const out: WorkerdVerifyCase[] = [];
  try {
    for (const size of SIZES) {
      const base = `${dev.url}/run?size=${size}`;
      const schemes = (await (await fetch(`${dev.url}/cases?size=${size}`)).json()) as { scheme: string; impls: string[] }[];
      for (const { scheme, impls: all } of schemes) {
        const impls = opts.impls ? all.filter((i) => i === "hookgate" || i === "floor" || opts.impls!.includes(i)) : all;
        const run = (impl: string, n: number, extra = "") => timed(`${base}&scheme=${encodeURIComponent(scheme)}&impl=${encodeURIComponent(impl)}&n=${n}${extra}`);
        // Each implementation must verify the genuine request (the Worker throws, 500, if not); warm up; calibrate n.
        const n: Record<string, number> = {};
        for (const impl of impls) {
          await run(impl, 1, "&check");
          await run(impl, 20);
          // Double n until a batch clearly outweighs the request's own jitter (≥ a fifth of the target).
          let k = 16;
          let spent = 0;
          while (k < 1_000_000 && (spent = (await run(impl, k)) - (await run(impl, 0))) < batchUs / 5) k *= 2;
          n[impl] = Math.max(5, Math.round((k * batchUs) / Math.max(spent, 1)));
        }
        const perOp: Record<string, number[]> = Object.fromEntries(impls.map((i) => [i, []]));
        for (let b = 0; b < batches; b++) {
          for (const impl of impls) {
            const empty = await run(impl, 0);
            const full = await run(impl, n[impl]!);
            perOp[impl]!.push(Math.max(0, full - empty) / n[impl]!);
          }
        }
        out.push({
          scheme,
          bodyBytes: size,
          results: Object.fromEntries(impls.map((i) => [i, { medianUs: median(perOp[i]!), p90Us: p90(perOp[i]!), n: n[i]!, batches }])),
        });
        process.stderr.write(`  workerd ${scheme.split(" ")[0]} ${size} B: ${impls.map((i) => `${i} ${median(perOp[i]!).toFixed(1)} µs`).join(", ")}\n`);
      }
    }
  } finally {
    await dev.stop();
  }
  return out;
}
