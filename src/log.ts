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
  bodyBytes?: number;
  originStatus?: number;
  /** The handshake kind hookgate answered (verdict "answered"). */
  handshake?: string;
  /** Report-only route (`enforce: false`): false when a check failed and the request was forwarded anyway. */
  verified?: boolean;
  /** Report-only route: every failed check's reason code, in pipeline order. */
  unverified?: string[];
  latencyMs?: number;
}

export type Logger = (line: RequestLog) => void;

export const consoleLogger: Logger = (line) => {
  console.log(JSON.stringify({ level: line.verdict === "rejected" ? "warn" : "info", msg: "hookgate.request", ...line }));
};
