/** The delivery and rateLimit route fields: defaults, and clear errors for bad values. */
import { describe, expect, it } from "vitest";
import { RouteSchema } from "../../src/rules/schema.ts";
import { retryOffsets } from "../../src/delivery/schema.ts";

const base = { path: "/hooks/x", provider: "github", secrets: ["s"] };
const messages = (input: unknown) => {
  const r = RouteSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("route delivery / rateLimit fields", () => {
  it("defaults to auto delivery with the 1-2-5-10-60-180 minute schedule (after the first attempt), and no rate limit", () => {
    const r = RouteSchema.parse(base);
    // No mode: the provider's suggestion, else auto (resolved when the route compiles; test/delivery/auto-mode.test.ts).
    expect(r.delivery).toEqual({ safetyMarginMs: 1500 });
    expect(retryOffsets(r.delivery)).toEqual([60, 120, 300, 600, 3600, 10800]);
    expect(r.rateLimit).toBeUndefined();
    expect(retryOffsets(RouteSchema.parse({ ...base, delivery: { mode: "queue", retryAtSecondsAfterFirstAttempt: [] } }).delivery)).toEqual([]);
    // The legacy field keeps its meaning: gaps, summed into times after the first attempt.
    expect(retryOffsets(RouteSchema.parse({ ...base, delivery: { retryDelaysSeconds: [60, 60, 180] } }).delivery)).toEqual([60, 120, 300]);
    expect(RouteSchema.parse({ ...base, rateLimit: false }).rateLimit).toBe(false);
  });

  it("rejects bad values with a message naming the field", () => {
    expect(messages({ ...base, delivery: { mode: "later" } })).toEqual(['delivery.mode: delivery.mode must be "direct", "queue" or "auto"']);
    const at = (a: unknown) => messages({ ...base, delivery: { retryAtSecondsAfterFirstAttempt: a } })[0];
    expect(at([60, -1])).toMatch(/^delivery\.retryAtSecondsAfterFirstAttempt\.1: a retry time cannot be negative/);
    expect(at([60, 30])).toMatch(/must increase: times after the first attempt, not gaps/);
    expect(at([60, 50_000])).toMatch(/attempts at most 43200 s apart/);
    expect(at([1.5])).toMatch(/whole number/);
    expect(at(Array.from({ length: 21 }, (_, i) => i + 1))).toMatch(/at most 20 retries/);
    expect(messages({ ...base, delivery: { retryDelaysSeconds: [50_000] } })[0]).toMatch(/at most 43200 s/);
    expect(messages({ ...base, delivery: { retryDelaysSeconds: [1], retryAtSecondsAfterFirstAttempt: [1] } })[0]).toMatch(/not both/);
    expect(messages({ ...base, delivery: { successStatus: 302 } })[0]).toMatch(/^delivery\.successStatus: successStatus must be a 2xx status/);
    expect(messages({ ...base, delivery: { deadlineMs: 10 } })[0]).toMatch(/^delivery\.deadlineMs: deadlineMs must be at least 500/);
    expect(messages({ ...base, delivery: { mode: "queue", extra: 1 } })[0]).toMatch(/^delivery: /);
    expect(messages({ ...base, rateLimit: { requestsPerMinute: 0 } })).toEqual(["rateLimit.requestsPerMinute: rateLimit.requestsPerMinute must be at least 1"]);
    expect(messages({ ...base, rateLimit: {} })[0]).toMatch(/^rateLimit/);
  });

  it("keeps /__hookgate/admin/ out of reach of routes", () => {
    expect(messages({ ...base, path: "/__hookgate/admin/dead-letters" })[0]).toMatch(/reserved/);
  });
});
