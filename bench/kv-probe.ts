/**
 * The cost of one operation on wrangler dev's local KV simulator, which the
 * end-to-end benchmark's dedup rows pay and production KV does not in the same
 * way: serial gets and puts on fresh keys, (time of N − time of none) ÷ N,
 * median over batches.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../cli/wrangler.ts";
import { startDev, timedGet } from "./dev.ts";
import { median } from "./stats.ts";

export interface KvProbeResult {
  /** Median ms per operation, per kind ("mixed" = one get and one put, what a KV dedup delivery costs). */
  msPerOp: Record<"get" | "put" | "mixed", number>;
  opsPerBatch: number;
  batches: number;
}

export async function benchKvProbe(opts: { quick?: boolean } = {}): Promise<KvProbeResult> {
  const batches = opts.quick ? 3 : 9;
  const n = opts.quick ? 50 : 200;
  const persistTo = await mkdtemp(join(tmpdir(), "hookgate-kv-probe-"));
  const dev = await startDev({ config: join(ROOT, "bench/kv-probe.wrangler.toml"), persistTo, readyPath: `/?op=none&n=0` });
  try {
    const kinds = ["get", "put", "mixed"] as const;
    const samples: Record<(typeof kinds)[number], number[]> = { get: [], put: [], mixed: [] };
    for (const k of kinds) await timedGet(`${dev.url}/?op=${k}&n=20`); // warm up
    for (let b = 0; b < batches; b++)
      for (const k of kinds) {
        const empty = await timedGet(`${dev.url}/?op=none&n=0`);
        samples[k].push(((await timedGet(`${dev.url}/?op=${k}&n=${n}`)) - empty) / n);
      }
    return { msPerOp: { get: median(samples.get), put: median(samples.put), mixed: median(samples.mixed) }, opsPerBatch: n, batches };
  } finally {
    await dev.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}
