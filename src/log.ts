/**
 * One structured JSON line per request. Callers pass only safe fields: never a
 * secret, a signature, a token or a body.
 */
export interface RequestLog {
  route: string;
  method: string;
  provider?: string;
  /** queued: accepted into the delivery queue; retry / dead_letter: a queued delivery attempt failed. */
  verdict: "forwarded" | "rejected" | "answered" | "queued" | "retry" | "dead_letter";
  reason?: string;
  detail?: string;
  eventId?: string;
  clientIp?: string;
  /** Which source-IP list admitted the request: "static", "hostname <name> (...)", or "none". */
  sourceList?: string;
  bodyBytes?: number;
  originStatus?: number;
  /** The handshake kind hookgate answered (verdict "answered"). */
  handshake?: string;
  /** Report-only route (`enforce: false`): false when a check failed and the request was forwarded anyway. */
  verified?: boolean;
  /** Report-only route: every failed check's reason code, in pipeline order. */
  unverified?: string[];
  latencyMs?: number;
  /** Queued delivery: the queue's attempt number (1 = first). */
  attempt?: number;
}

export type Logger = (line: RequestLog) => void;

export const consoleLogger: Logger = (line) => {
  console.log(JSON.stringify({ level: line.verdict === "rejected" || line.verdict === "dead_letter" ? "warn" : "info", msg: "hookgate.request", ...line }));
};

/**
 * LOG_REQUESTS: which request lines are written. "all" (default): one line per
 * request. "problems": only the lines an operator acts on (rejections, origin
 * answers other than 2xx, queue retries and dead letters, report-only
 * failures, store or delivery problems noted in `detail`, admissions from a
 * last-known-good address list, answered handshakes); requests delivered with
 * a 2xx, queued events and duplicates are not logged. Metrics (Analytics
 * Engine) still get every request. For high-volume routes where every line costs
 * (Workers Logs bills per line; under `wrangler dev` each line crosses to the
 * Node process).
 */
export type LogMode = "all" | "problems";
export const LOG_MODE_VAR = "LOG_REQUESTS";

export function parseLogMode(raw: unknown): { mode: LogMode; problem?: string } {
  if (raw === undefined || raw === null || raw === "" || raw === "all") return { mode: "all" };
  if (raw === "problems") return { mode: "problems" };
  return { mode: "all", problem: `${LOG_MODE_VAR}=${shownSetting(raw)} is not "all" or "problems"; logging all requests` };
}

/** A line that is written in every mode. */
export function isProblem(line: RequestLog): boolean {
  switch (line.verdict) {
    case "rejected":
    case "retry":
    case "dead_letter":
      return true;
    case "forwarded":
    case "queued":
    case "answered":
      return (
        // A handshake is rare and marks a (re)configuration at the provider.
        (line.verdict === "answered" && line.handshake !== undefined) ||
        // The origin refused it or failed (the provider will retry).
        (line.originStatus !== undefined && (line.originStatus < 200 || line.originStatus > 299)) ||
        // Admitted from a last-known-good address list while the resolver fails.
        line.sourceList?.includes("last-known-good") === true ||
        // A report-only failure; a store or delivery problem in `detail` (a duplicate's detail only names the id).
        line.verified === false ||
        (line.detail !== undefined && line.reason !== "replay_duplicate")
      );
  }
}

export function withMode(log: Logger, mode: LogMode): Logger {
  return mode === "all" ? log : (line) => (isProblem(line) ? log(line) : undefined);
}

/**
 * `deps` with its log line filtered by the Worker's LOG_REQUESTS (a bad value
 * is reported once per isolate). Applied to the log only: metrics wrap the
 * result and still see every request.
 */
export function withLogMode<T extends { log: Logger }>(deps: T, env: { LOG_REQUESTS?: string }): T {
  const parsed = parseLogMode(env.LOG_REQUESTS);
  if (parsed.problem) reportOnce(parsed.problem);
  return parsed.mode === "all" ? deps : { ...deps, log: withMode(deps.log, parsed.mode) };
}

/** A Worker var's bad value as it appears in a config warning: quoted when a string, at most 40 characters. */
export function shownSetting(raw: unknown): string {
  return (typeof raw === "string" ? JSON.stringify(raw) : String(raw)).slice(0, 40);
}

/** The warn line for a settings problem (a bad Worker var that fell back to its default). */
export const configWarning = (problem: string) => ({ level: "warn", msg: "hookgate.config", detail: problem });

const reported = new Set<string>();

/** Writes a settings problem once per isolate (requests would otherwise repeat it on every line). */
export function reportOnce(problem: string, write: (line: string) => void = (l) => console.warn(l)): void {
  if (reported.has(problem)) return;
  if (reported.size > 100) reported.clear();
  reported.add(problem);
  write(JSON.stringify(configWarning(problem)));
}
