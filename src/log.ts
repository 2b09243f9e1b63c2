/**
 * One structured JSON line per request. Callers pass only safe fields: never a
 * secret, a signature, a token or a body.
 */
export interface RequestLog {
  route: string;
  method: string;
  provider?: string;
  verdict: "forwarded" | "rejected" | "answered";
  reason?: string;
  detail?: string;
  eventId?: string;
  clientIp?: string;
  /** Which source-IP list admitted the request: "static", "hostname <name> (...)", or "none". */
  sourceList?: string;
  bodyBytes?: number;
  originStatus?: number;
  latencyMs?: number;
}

export type Logger = (line: RequestLog) => void;

export const consoleLogger: Logger = (line) => {
  console.log(JSON.stringify({ level: line.verdict === "rejected" ? "warn" : "info", msg: "hookgate.request", ...line }));
};
