/** The attack corpus's case shape and its plain HTTP sender (test/node/attack-corpus.e2e.test.ts). */
import { request as httpRequest } from "node:http";
import type { OriginRequest } from "./origin.ts";

export interface Outcome {
  status: number;
  /** The response body as text. */
  text?: string;
  /** The response headers (lower-case names). */
  headers?: Record<string, string>;
  /** For genuine cases: what the origin must have received (a problem, or null). */
  check?: (got: OriginRequest) => string | null;
  /** For handshake cases: whether hookgate's own answer is the right one (a problem, or null). */
  answer?: () => string | null;
}

export interface Case {
  name: string;
  /**
   * genuine: delivered to the origin exactly once. handshake: a genuine handshake, answered by hookgate
   * (200 and the right answer) and not forwarded. hostile: a 4xx (or `allow`), nothing at the origin.
   * unverified: a forgery on a report-only route (`enforce: false`): forwarded at most once, and then
   * marked `hookgate-verified: false`, or refused with a 4xx.
   */
  kind: "genuine" | "handshake" | "hostile" | "unverified";
  /** Statuses a hostile case may get (default: any 4xx). */
  allow?: (status: number) => boolean;
  /** A hostile case fails if the response body or a response header contains this (a challenge hookgate must not echo). */
  mustNotEcho?: string;
  /** The Worker refuses the body mid-stream: wrangler dev restarts it afterwards. */
  restarts?: boolean;
  /** Answered by wrangler dev's own local proxy before the Worker (a 500 there is not hookgate's). */
  devProxy?: boolean;
  run(): Promise<Outcome>;
}

export interface Plain {
  path: string;
  method?: string;
  headers: Record<string, string>;
  body?: Uint8Array | Buffer | string;
}

/** One request over node:http to 127.0.0.1:port; resolves with the status and the body text. */
export function sendTo(port: number, s: Plain): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const body = s.body === undefined ? undefined : Buffer.from(s.body as Uint8Array);
    const req = httpRequest(
      { host: "127.0.0.1", port, path: s.path, method: s.method ?? "POST", headers: { ...s.headers, ...(body ? { "content-length": String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8"), headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export const sameBytes = (expected: Uint8Array) => (got: OriginRequest) =>
  Buffer.compare(got.body, Buffer.from(expected)) === 0 ? null : `body differs (${got.body.length} vs ${expected.length} bytes)`;
