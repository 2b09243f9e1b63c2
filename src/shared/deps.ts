/** What the pipeline and its stages are given from outside: time, network and logging (injected so tests control them). */
import type { Logger } from "../log.ts";

export interface Deps {
  /** Milliseconds since the epoch; injected so tests control time. */
  now(): number;
  fetch: typeof fetch;
  /** The fetch used for DNS-over-HTTPS lookups only (source-IP hostnames); never reaches the origin. */
  resolverFetch: typeof fetch;
  log: Logger;
  /** Fetches for keys and certificates (AWS SNS, PayPal, JWKS) and SNS confirmations; default the global fetch. */
  keyFetch?: typeof fetch;
}

/** The part of the ExecutionContext the pipeline uses: work that may finish after the response. */
export interface Background {
  waitUntil(promise: Promise<unknown>): void;
}
