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
