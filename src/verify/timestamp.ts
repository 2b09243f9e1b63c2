/** Parses signed timestamps and checks them against now, in both directions. */
import type { TimestampSpec } from "../rules/schema.ts";
import { fail, pass, type Check } from "../shared/verdict.ts";

const UNIX = /^\d{1,12}$/;
const UNIX_MS = /^\d{1,15}$/;
// The zone is optional: without one the time is UTC (Orb sends `2023-11-14T22:13:20.123456`), never local time.
const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** Seconds since the epoch, or null when the value is not a timestamp in `format`. */
export function parseTimestamp(raw: string, format: TimestampSpec["format"]): number | null {
  switch (format) {
    case "unix":
      return UNIX.test(raw) ? Number(raw) : null;
    case "unix-ms":
      return UNIX_MS.test(raw) ? Number(raw) / 1000 : null;
    case "iso8601": {
      const m = ISO8601.exec(raw);
      if (!m) return null;
      const ms = Date.parse(m[1] ? raw : `${raw}Z`);
      return Number.isFinite(ms) ? ms / 1000 : null;
    }
    case "auto": {
      if (UNIX_MS.test(raw)) {
        const n = Number(raw);
        // 10^11 seconds is the year 5138: anything larger is milliseconds.
        return n >= 1e11 ? n / 1000 : n;
      }
      return parseTimestamp(raw, "iso8601");
    }
  }
}

/** `nowMs` is injected so the check is pure and deterministic. */
export function checkWindow(raw: string | undefined, format: TimestampSpec["format"], toleranceSeconds: number, nowMs: number): Check {
  if (raw === undefined) return fail({ code: "timestamp_missing", detail: "no timestamp in the request" });
  const ts = parseTimestamp(raw, format);
  if (ts === null) return fail({ code: "timestamp_malformed", detail: `timestamp is not ${format}` });
  const skew = nowMs / 1000 - ts;
  if (Math.abs(skew) > toleranceSeconds)
    return fail({
      code: "timestamp_out_of_window",
      detail: `timestamp is ${Math.round(Math.abs(skew))}s ${skew > 0 ? "old" : "in the future"}; tolerance ${toleranceSeconds}s`,
    });
  return pass;
}
