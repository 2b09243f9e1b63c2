/** Turns benchmark results into the tables `npm run bench` prints (and docs/performance.md shows). */
import type { VerifyCase } from "./verify.ts";
import type { WorkerdVerifyCase } from "./verify-workerd.ts";
import { VARIANTS, type E2eResult } from "./e2e.ts";
import type { LoadResult } from "./load.ts";
import type { BundleResult } from "./bundle.ts";
import { fmt, ratio, table } from "./stats.ts";

const kib = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MiB` : `${n / 1024} KiB`);

export function verifyTable(cases: readonly VerifyCase[]): string {
  const rows: string[][] = [];
  for (const c of cases) {
    const hg = c.results.hookgate!;
    for (const [name, s] of Object.entries(c.results)) {
      rows.push([
        c.scheme.split(" ")[0]!,
        kib(c.bodyBytes),
        name,
        fmt(s.medianUs),
        fmt(s.p99Us),
        fmt(s.cpuUs),
        ratio(s.medianUs / hg.medianUs),
        ratio(s.cpuUs / hg.cpuUs),
      ]);
    }
  }
  return table(["scheme", "body", "implementation", "median µs/op", "p99 µs/op", "CPU µs/op", "median ÷ hookgate", "CPU ÷ hookgate"], rows);
}

export function verifyWorkerdTable(cases: readonly WorkerdVerifyCase[]): string {
  const rows: string[][] = [];
  for (const c of cases) {
    const hg = c.results.hookgate!;
    const floor = c.results.floor!;
    for (const [name, s] of Object.entries(c.results))
      rows.push([c.scheme.split(" ")[0]!, kib(c.bodyBytes), name, fmt(s.medianUs), fmt(s.p90Us), ratio(s.medianUs / floor.medianUs), ratio(s.medianUs / hg.medianUs)]);
  }
  return table(["scheme", "body", "implementation", "median µs/op", "p90 µs/op", "÷ floor", "÷ hookgate"], rows);
}

export function e2eTable(e: E2eResult): string {
  const row = (name: string, r: LoadResult) => [name, fmt(r.requestsPerSec, 0), fmt(r.p50Ms, 0), fmt(r.p99Ms, 0), String(r.total), String(r.non2xx + r.errors + r.timeouts)];
  return [
    table(
      ["worker (wrangler dev)", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx/errors", "÷ pass-through"],
      [
        ...VARIANTS.map((v) => [...row(v.label, e.variants[v.key]), ratio(e.ratios[v.key])]),
        [...row("bare pass-through Worker", e.passthrough), "1.00×"],
      ],
    ),
    `\nratios are means of per-round ratios (${e.rounds.length} alternating rounds of ${e.roundSeconds} s, ${e.connections} connections); full pipeline per round: ${e.rounds
      .map((r) => ratio(r.hookgate.requestsPerSec / r.passthrough.requestsPerSec))
      .join(", ")}`,
  ].join("\n");
}

export function bundleTable(b: BundleResult, e: E2eResult | undefined): string {
  return table(
    ["Worker bundle", "value"],
    [
      ["size (minified)", `${fmt(b.totalBytes / 1024)} KiB`],
      ["gzip", `${fmt(b.gzipBytes / 1024)} KiB`],
      ["wrangler reports", b.wranglerSays.replace(/^Total Upload:\s*/, "")],
      ["module evaluation (fresh V8 process, median)", `${fmt(b.moduleEvalMs)} ms`],
      ...(e ? [["fresh `wrangler dev` to first response", `${fmt(e.hookgateStartupMs / 1000, 1)} s`]] : []),
    ],
  );
}

export interface Target {
  name: string;
  met: boolean;
  value: string;
}

/** hookgate within 1.2× of the floor and no slower than any library, per scheme and size. */
function verifyTargets(where: string, cases: readonly { scheme: string; bodyBytes: number; results: Record<string, { medianUs: number }> }[]): Target[] {
  const out: Target[] = [];
  for (const c of cases) {
    const hg = c.results.hookgate!;
    const floor = c.results.floor!;
    const label = `${where} ${c.scheme.split(" ")[0]} ${kib(c.bodyBytes)}`;
    out.push({ name: `${label}: hookgate ≤ 1.2× floor (median)`, met: hg.medianUs <= 1.2 * floor.medianUs, value: ratio(hg.medianUs / floor.medianUs) });
    const libs = Object.entries(c.results).filter(([n]) => !["hookgate", "floor", "hookgate + event id"].includes(n));
    for (const [name, s] of libs)
      out.push({ name: `${label}: hookgate no slower than ${name} (median)`, met: hg.medianUs <= s.medianUs, value: ratio(hg.medianUs / s.medianUs) });
  }
  return out;
}

export function targets(
  v: VerifyCase[] | undefined,
  w: WorkerdVerifyCase[] | undefined,
  e: E2eResult | undefined,
  b: BundleResult | undefined,
): Target[] {
  const out: Target[] = [...verifyTargets("node", v ?? []), ...verifyTargets("workerd", w ?? [])];
  if (e) out.push({ name: "end to end: hookgate ≥ 0.8× pass-through throughput", met: e.throughputRatio >= 0.8, value: ratio(e.throughputRatio) });
  if (b) out.push({ name: "bundle gzip < 60 KiB", met: b.gzipBytes < 60 * 1024, value: `${fmt(b.gzipBytes / 1024)} KiB` });
  return out;
}
