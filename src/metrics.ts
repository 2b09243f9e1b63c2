/**
 * Optional request metrics in Workers Analytics Engine: when the binding
 * HOOKGATE_METRICS exists (wrangler.toml `analytics_engine_datasets`), every
 * request log line is also written as one data point with the same fields.
 * Like the log, a data point never holds a secret, a signature or a body.
 *
 *   index1  route
 *   blob1 route, blob2 provider, blob3 verdict, blob4 reason, blob5 event id,
 *   blob6 client address, blob7 method, blob8 source-IP list
 *   double1 1 (count), double2 body bytes, double3 origin status, double4 latency ms,
 *   double5 queue attempt (0 when not queued)
 *
 * A failing write never affects the request.
 */
import type { Env } from "./env.ts";
import type { Logger, RequestLog } from "./log.ts";
import type { Deps } from "./shared/deps.ts";

const MAX_BLOB = 256;
/** Analytics Engine's limit on an index. */
const MAX_INDEX_BYTES = 96;

const blob = (s: string | undefined) => (s ?? "").slice(0, MAX_BLOB);

function truncateBytes(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= max) return s;
  return new TextDecoder().decode(bytes.subarray(0, max)).replace(/\uFFFD+$/, "");
}

export function dataPoint(line: RequestLog): AnalyticsEngineDataPoint {
  return {
    indexes: [truncateBytes(line.route, MAX_INDEX_BYTES)],
    blobs: [blob(line.route), blob(line.provider), blob(line.verdict), blob(line.reason), blob(line.eventId), blob(line.clientIp), blob(line.method), blob(line.sourceList)],
    doubles: [1, line.bodyBytes ?? 0, line.originStatus ?? 0, line.latencyMs ?? 0, line.attempt ?? 0],
  };
}

export function metricsLogger(log: Logger, dataset: AnalyticsEngineDataset): Logger {
  return (line) => {
    log(line);
    try {
      dataset.writeDataPoint(dataPoint(line));
    } catch (e) {
      console.error(JSON.stringify({ level: "error", msg: "hookgate.metrics", error: e instanceof Error ? e.message : String(e) }));
    }
  };
}

/** The pipeline's dependencies, logging to HOOKGATE_METRICS as well when it is bound. */
export function withMetrics(deps: Deps, env: Env): Deps {
  const dataset = env.HOOKGATE_METRICS as AnalyticsEngineDataset | undefined;
  return dataset && typeof dataset.writeDataPoint === "function" ? { ...deps, log: metricsLogger(deps.log, dataset) } : deps;
}
