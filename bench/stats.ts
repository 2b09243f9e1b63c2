/** Small statistics helpers shared by the benchmarks. */

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** The middle sample (the upper one of the two middles for an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

export interface Summary {
  n: number;
  medianUs: number;
  p99Us: number;
}

/** Per-op samples in nanoseconds → median and p99 in microseconds. */
export function summarize(samplesNs: readonly number[]): Summary {
  const s = [...samplesNs].sort((a, b) => a - b);
  return { n: s.length, medianUs: quantile(s, 0.5) / 1000, p99Us: quantile(s, 0.99) / 1000 };
}

/** Renders rows as an aligned plain-text table (also valid Markdown). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
export const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "n/a");
