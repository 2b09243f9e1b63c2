/** `wrangler dev` for the benchmarks (cli/wrangler-dev.ts with the benchmarks' settings). */
import { startWranglerDev } from "../cli/wrangler-dev.ts";

/** Quiet logs; ready at the first answer under 500 (50 ms polls, 2 s each, 120 s in all). */
export const startDev = (o: { config?: string; persistTo?: string; vars?: Record<string, string>; readyPath: string }) =>
  startWranglerDev({
    config: o.config,
    persistTo: o.persistTo,
    vars: o.vars,
    logLevel: "warn",
    stopGraceMs: 500,
    ready: { path: o.readyPath, method: "GET", ready: (status) => status < 500, intervalMs: 50, timeoutMs: 120_000, requestTimeoutMs: 2000 },
  });

/** Wall time (ms) of one GET to a bench Worker, body read; a non-2xx answer is an error. */
export async function timedGet(url: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 500)}`);
  return performance.now() - start;
}
