/**
 * Report-only mode (`enforce: false` on a route). Which rejections it turns
 * into "forward anyway, marked unverified" is decided here, once, by an
 * exhaustive switch: a new Reason code does not compile until it is classified.
 *
 * Only failures about the request's authenticity are reportable (signature,
 * signed timestamp, pre-shared key, JWT, required values, expiry, source IP). Everything
 * else (unknown route, method, size, unreadable body, a malformed handshake,
 * configuration, dedup, rate limits, origin trouble) is answered the same in
 * both modes.
 */
import type { Reason } from "../shared/verdict.ts";
import { UNVERIFIED_REASON_HEADER, VERIFIED_HEADER } from "../forward/headers.ts";

export function reportable(reason: Reason): boolean {
  switch (reason.code) {
    case "signature_missing":
    case "signature_malformed":
    case "signature_mismatch":
    case "timestamp_missing":
    case "timestamp_malformed":
    case "timestamp_out_of_window":
    case "token_missing":
    case "token_mismatch":
    case "jwt_missing":
    case "jwt_malformed":
    case "jwt_invalid":
    case "jwt_expired":
    case "jwt_not_yet_valid":
    case "jwt_lifetime_too_long":
    case "required_value_missing":
    case "required_value_mismatch":
    case "expiry_missing":
    case "expiry_malformed":
    case "expired":
    case "expiry_too_far":
    // Where the request came from is part of who sent it: a report-only route
    // (including one whose provider has default sourceIps) logs it, marks the
    // request unverified, and forwards it.
    case "source_ip_unknown":
    case "source_ip_denied":
    case "source_ip_unresolved":
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
    // Dedup and rate limits are about delivery, not the sender: they apply to
    // verified requests as in enforce mode (unverified ones never claim an id,
    // and count in the route's separate unverified budget).
    case "event_id_missing":
    case "replay_duplicate":
    case "replay_in_flight":
    case "dedup_unavailable":
    case "rate_limited":
    case "internal_error":
      return false;
    default: {
      const unclassified: never = reason;
      return unclassified;
    }
  }
}


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
