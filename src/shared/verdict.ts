/**
 * The single typed verdict of every pipeline stage, and the one exhaustive
 * mapping from a rejection reason to what goes on the wire. Logs keep the
 * `detail`; the response only carries a generic code and message.
 */

export type Reason =
  | { code: "route_not_found" }
  | { code: "method_not_allowed"; allowed: readonly string[] }
  | { code: "config_invalid"; detail: string }
  | { code: "body_too_large"; limit: number }
  | { code: "body_unreadable"; detail: string }
  | { code: "signature_missing"; detail: string }
  | { code: "signature_malformed"; detail: string }
  | { code: "signature_mismatch"; detail: string }
  | { code: "timestamp_missing"; detail: string }
  | { code: "timestamp_malformed"; detail: string }
  | { code: "timestamp_out_of_window"; detail: string }
  // Source IP (src/source-ip/)
  | { code: "source_ip_unknown"; detail: string }
  | { code: "source_ip_denied"; detail: string }
  | { code: "source_ip_unresolved"; detail: string }
  | { code: "handshake_malformed"; detail: string }
  // Sender authentication besides signatures (src/auth/)
  | { code: "token_missing"; detail: string }
  | { code: "token_mismatch"; detail: string }
  | { code: "jwt_missing"; detail: string }
  | { code: "jwt_malformed"; detail: string }
  | { code: "jwt_invalid"; detail: string }
  | { code: "jwt_expired"; detail: string }
  | { code: "jwt_not_yet_valid"; detail: string }
  | { code: "jwt_lifetime_too_long"; detail: string }
  | { code: "required_value_missing"; detail: string }
  | { code: "required_value_mismatch"; detail: string }
  // Expiry and event-id dedup (src/replay/)
  | { code: "expiry_missing"; detail: string }
  | { code: "expiry_malformed"; detail: string }
  | { code: "expired"; detail: string }
  | { code: "expiry_too_far"; detail: string }
  | { code: "event_id_missing"; detail: string }
  | { code: "replay_duplicate"; detail: string }
  | { code: "replay_in_flight"; detail: string; retryAfterSeconds: number }
  | { code: "dedup_unavailable"; detail: string }
  | { code: "rate_limited"; retryAfterSeconds: number }
  | { code: "origin_unreachable"; detail: string }
  | { code: "origin_timeout"; detail: string }
  | { code: "loop_detected"; detail: string }
  | { code: "key_unavailable"; detail: string }
  | { code: "internal_error"; detail: string };

export type ReasonCode = Reason["code"];

export type Failure = { ok: false; reason: Reason };
/** What a check stage returns. */
export type Check = { ok: true } | Failure;
/** What a stage that also produces a value returns. */
export type Result<T> = { ok: true; value: T } | Failure;

export const pass = { ok: true } as const;
export function fail(reason: Reason): Failure {
  return { ok: false, reason };
}

export interface WireError {
  status: number;
  error: string;
  message: string;
  headers?: Record<string, string>;
  /** A body other than `{error, message}` (a duplicate's `{"status":"duplicate"}`). */
  body?: Record<string, string>;
}

const UNVERIFIED: Omit<WireError, "status"> = {
  error: "unauthorized",
  message: "The request could not be verified.",
};

/** One exhaustive switch: every reason has a status and a short public message. */
export function toWire(reason: Reason): WireError {
  switch (reason.code) {
    case "route_not_found":
      return { status: 404, error: "not_found", message: "No webhook route at this path." };
    case "method_not_allowed":
      return {
        status: 405,
        error: "method_not_allowed",
        message: "Method not allowed for this route.",
        headers: { Allow: reason.allowed.join(", ") },
      };
    case "config_invalid":
      return { status: 503, error: "config_error", message: "This route is misconfigured; the request was not forwarded." };
    case "body_too_large":
      return { status: 413, error: "payload_too_large", message: "Request body exceeds this route's limit." };
    case "body_unreadable":
      return { status: 400, error: "bad_request", message: "The request body could not be read." };
    case "signature_missing":
    case "signature_malformed":
    case "signature_mismatch":
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
    case "expired":
    case "expiry_too_far":
      return { status: 401, ...UNVERIFIED };
    case "expiry_missing":
    case "expiry_malformed":
      return { status: 400, error: "bad_request", message: "The request is missing a valid expiry time." };
    case "event_id_missing":
      return { status: 400, error: "bad_request", message: "The request is missing its event id." };
    case "replay_duplicate":
      // Already delivered: 2xx so the provider stops retrying; never forwarded again.
      return { status: 200, error: "duplicate", message: "Already delivered.", body: { status: "duplicate" } };
    case "replay_in_flight":
      // Another delivery of this id is being forwarded right now. 503 + Retry-After (not 409):
      // every provider retries a 503, while some treat any 4xx as final and would drop the event.
      return {
        status: 503,
        error: "in_progress",
        message: "This event is being delivered; retry later.",
        headers: { "Retry-After": String(reason.retryAfterSeconds) },
      };
    case "timestamp_missing":
    case "timestamp_malformed":
      return { status: 400, error: "bad_request", message: "The request is missing a valid timestamp." };
    case "source_ip_unknown":
    case "source_ip_denied":
    case "source_ip_unresolved":
      return { status: 403, error: "forbidden", message: "Requests from this source are not accepted on this route." };
    case "handshake_malformed":
      return { status: 400, error: "bad_request", message: "The handshake challenge is missing or malformed." };
    case "rate_limited":
      return {
        status: 429,
        error: "rate_limited",
        message: "Too many requests for this route; retry later.",
        headers: { "Retry-After": String(reason.retryAfterSeconds) },
      };
    case "origin_unreachable":
      return { status: 502, error: "origin_unreachable", message: "The origin could not be reached; retry later." };
    case "origin_timeout":
      return { status: 504, error: "origin_timeout", message: "The origin did not answer in time; retry later." };
    case "loop_detected":
      return { status: 508, error: "loop_detected", message: "The request looped back to hookgate; set the route's origin." };
    case "dedup_unavailable":
    case "key_unavailable":
    case "internal_error":
      return { status: 503, error: "unavailable", message: "Temporarily unable to process the request; retry later." };
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

export function errorResponse(reason: Reason): Response {
  const wire = toWire(reason);
  return Response.json(
    wire.body ?? { error: wire.error, message: wire.message },
    { status: wire.status, headers: { "cache-control": "no-store", ...wire.headers } },
  );
}
