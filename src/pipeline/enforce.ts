/**
 * Report-only mode (`enforce: false` on a route). Which rejections it turns
 * into "forward anyway, marked unverified" is decided here, once, by an
 * exhaustive switch: a new Reason code does not compile until it is classified.
 *
 * Only failures about the request's authenticity are reportable. Everything
 * else (unknown route, method, size, unreadable body, a malformed handshake,
 * configuration, origin trouble) is answered the same in both modes.
 */
import type { Reason } from "./verdict.ts";

export function reportable(reason: Reason): boolean {
  switch (reason.code) {
    case "signature_missing":
    case "signature_malformed":
    case "signature_mismatch":
    case "timestamp_missing":
    case "timestamp_malformed":
    case "timestamp_out_of_window":
      return true;
    case "route_not_found":
    case "method_not_allowed":
    case "config_invalid":
    case "body_too_large":
    case "body_unreadable":
    case "handshake_malformed":
    case "origin_unreachable":
    case "origin_timeout":
    case "loop_detected":
    case "internal_error":
      return false;
    default: {
      const unclassified: never = reason;
      return unclassified;
    }
  }
}

export const VERIFIED_HEADER = "hookgate-verified";
export const UNVERIFIED_REASON_HEADER = "hookgate-unverified-reason";

/**
 * What a stage's failure means on this route: `reject` (answer with it now) or
 * `report` (record it; the request is forwarded marked unverified).
 */
export class Enforcement {
  readonly failures: Reason[] = [];
  constructor(readonly enforce: boolean) {}

  /** true: reject with `reason` now. false: recorded, carry on (report-only). */
  rejects(reason: Reason): boolean {
    if (this.enforce || !reportable(reason)) return true;
    this.failures.push(reason);
    return false;
  }

  get verified(): boolean {
    return this.failures.length === 0;
  }

  /** Headers for the origin: whether hookgate verified the request, and if not, the first reason code. */
  originHeaders(): Record<string, string> {
    const first = this.failures[0];
    return first ? { [VERIFIED_HEADER]: "false", [UNVERIFIED_REASON_HEADER]: first.code } : { [VERIFIED_HEADER]: "true" };
  }
}
