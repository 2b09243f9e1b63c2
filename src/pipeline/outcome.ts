/**
 * One request's outcome: its log line, its clock, and the settlement of its
 * dedup claim. The pipeline (handle.ts) decides; this records the decision,
 * writes the log line once, and returns the response.
 *
 * A claim is committed or released once the response is decided. With an
 * ExecutionContext the write (and then this request's log line, which reports
 * a failed write in `detail`) finishes after the response: one KV round trip
 * less on the provider's clock.
 */
import type { Background, Deps } from "../shared/deps.ts";
import type { RequestLog } from "../log.ts";
import type { Answered } from "../handshake/index.ts";
import type { Enforcement } from "./enforce.ts";
import { settleDelivery, type Claim } from "../replay/stage.ts";
import { errorResponse, type Reason, type Result } from "../shared/verdict.ts";
import { MAX_ROUTE_PATH } from "../rules/schema.ts";

/** What a delivery stage produced: the response, and whether the event counts as delivered (commit the claim). */
export interface Delivered {
  verdict: "forwarded" | "queued";
  response: Response;
  accepted: boolean;
  originStatus?: number;
}

export class Outcome {
  readonly started: number;
  readonly line: RequestLog;
  #settling: Promise<string | undefined> | undefined;

  constructor(
    request: Request,
    url: URL,
    private readonly deps: Deps,
    private readonly background: Background | undefined,
  ) {
    this.started = deps.now();
    // The path is attacker-chosen: keep log lines bounded.
    const route = url.pathname.length > MAX_ROUTE_PATH ? `${url.pathname.slice(0, 64)}…(${url.pathname.length} chars)` : url.pathname;
    this.line = { route, method: request.method, verdict: "rejected", clientIp: request.headers.get("cf-connecting-ip") ?? undefined };
  }

  /** Answer with `reason` (through toWire); the log line keeps its detail. */
  reject(reason: Reason): Response {
    const line = this.line;
    line.reason = reason.code;
    if ("detail" in reason) line.detail = reason.detail;
    this.#emit();
    return errorResponse(reason);
  }

  /** A handshake hookgate answers itself. */
  answer(handshake: Answered): Response {
    const line = this.line;
    line.handshake = handshake.kind;
    if (!handshake.result.ok) return this.reject(handshake.result.reason);
    line.verdict = "answered";
    line.latencyMs = this.deps.now() - this.started;
    this.deps.log(line);
    return handshake.result.value;
  }

  /** A report-only route records whether the request verified, and if not, every failure. */
  report(enforcement: Enforcement): void {
    const line = this.line;
    if (enforcement.enforce) return;
    line.verified = enforcement.verified;
    if (enforcement.verified) return;
    line.unverified = enforcement.failures.map((f) => f.code);
    line.reason = line.unverified[0];
    line.detail = enforcement.failures.map((f) => ("detail" in f ? `${f.code}: ${f.detail}` : f.code)).join("; ");
  }

  /**
   * Runs the stages after the claim and settles `claim` by their result: commit
   * when the event counts as delivered, else release so the provider's retry
   * goes through (the log line waits for the write). An unexpected throw (the
   * app answers 503) releases it too.
   */
  async deliver(claim: Claim | null, run: () => Promise<Result<Delivered>>): Promise<Response> {
    try {
      const delivered = await run();
      if (claim) this.#settling = settleDelivery(claim, delivered.ok && delivered.value.accepted);
      if (!delivered.ok) return this.reject(delivered.reason);
      const { verdict, originStatus } = delivered.value;
      this.line.verdict = verdict;
      if (originStatus !== undefined) this.line.originStatus = originStatus;
      this.#emit();
      return delivered.value.response;
    } catch (e) {
      if (claim && !this.#settling) {
        const release = settleDelivery(claim, false);
        this.background?.waitUntil(release);
      }
      throw e;
    }
  }

  #emit(): void {
    const line = this.line;
    line.latencyMs = this.deps.now() - this.started;
    if (!this.#settling) return this.deps.log(line);
    const done = this.#settling.then((problem) => {
      if (problem) line.detail = line.detail ? `${line.detail}; ${problem}` : problem;
      this.deps.log(line);
    });
    this.background?.waitUntil(done);
  }
}
