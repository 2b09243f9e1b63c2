/**
 * Verification cost per request, in one Node process: hookgate's real
 * verifier (src/verify, WebCrypto only) against the libraries a tenant would
 * otherwise use, and against the floor: one bare `crypto.subtle.verify` HMAC
 * over the same signed bytes with a pre-imported key.
 *
 * Every implementation verifies the same genuine request (same secret, same
 * signed bytes). Implementations are interleaved in rounds so that drift in a
 * shared, noisy machine hits all of them alike.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { median, summarize, type Summary } from "./stats.ts";
import { casesFor, expectOk, SIZES, type Op } from "./verify-cases.ts";

// A full GC between batches (outside the timed region), so that one library's
// garbage (the pure-JS ones copy a 1 MiB body several times) is not collected
// on another implementation's clock.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export interface OpSummary extends Summary {
  /** Process CPU time (all threads: WebCrypto runs on Node's thread pool) per op, median over batches. */
  cpuUs: number;
}

export interface VerifyCase {
  scheme: string;
  bodyBytes: number;
  results: Record<string, OpSummary>;
}

/** Runs every op in interleaved rounds until each has `samples` timings (after warm-up). */
async function measure(ops: Record<string, Op>, samples: number, warmup: number): Promise<Record<string, OpSummary>> {
  const names = Object.keys(ops);
  for (const name of names) expectOk(name, await ops[name]!());
  for (let i = 0; i < warmup; i++) for (const name of names) await ops[name]!();
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const batch = Math.max(1, Math.floor(samples / 20));
  while (times[names[0]!]!.length < samples) {
    for (const name of names) {
      const op = ops[name]!;
      const t = times[name]!;
      collect();
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < batch; i++) {
        const start = process.hrtime.bigint();
        await op();
        t.push(Number(process.hrtime.bigint() - start));
      }
      const used = process.cpuUsage(cpu0);
      cpu[name]!.push((used.user + used.system) / batch);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { ...summarize(times[n]!), cpuUs: median(cpu[n]!) }]));
}

export async function benchVerify(opts: { quick?: boolean } = {}): Promise<VerifyCase[]> {
  const nowMs = Date.now();
  const results: VerifyCase[] = [];
  for (const size of SIZES) {
    // Enough samples for a stable median and p99, bounded in time for the 1 MiB case.
    const samples = opts.quick ? 50 : size <= 1024 ? 4000 : size <= 64 * 1024 ? 1000 : 150;
    const warmup = opts.quick ? 5 : size <= 1024 ? 1000 : size <= 64 * 1024 ? 200 : 20;
    for (const { scheme, ops } of await casesFor(size, nowMs)) {
      results.push({ scheme, bodyBytes: size, results: await measure(ops, samples, warmup) });
    }
  }
  return results;
}
