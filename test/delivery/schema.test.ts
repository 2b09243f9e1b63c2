/** The delivery and rateLimit route fields: defaults, and clear errors for bad values. */
import { describe, expect, it } from "vitest";
import { RouteSchema } from "../../src/rules/schema.ts";

const base = { path: "/hooks/x", provider: "github", secrets: ["s"] };
const messages = (input: unknown) => {
  const r = RouteSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("route delivery / rateLimit fields", () => {
  it("defaults to direct delivery with the 1-2-5-10-60-180 minute schedule, and no rate limit", () => {
    const r = RouteSchema.parse(base);
    expect(r.delivery).toEqual({ mode: "direct", retryDelaysSeconds: [60, 120, 300, 600, 3600, 10800] });
    expect(r.rateLimit).toBeUndefined();
    expect(RouteSchema.parse({ ...base, delivery: { mode: "queue" } }).delivery.retryDelaysSeconds).toHaveLength(6);
    expect(RouteSchema.parse({ ...base, delivery: { mode: "queue", retryDelaysSeconds: [] } }).delivery.retryDelaysSeconds).toEqual([]);
  });

  it("rejects bad values with a message naming the field", () => {
    expect(messages({ ...base, delivery: { mode: "later" } })).toEqual(['delivery.mode: delivery.mode must be "direct" or "queue"']);
    expect(messages({ ...base, delivery: { retryDelaysSeconds: [60, -1] } })[0]).toMatch(/^delivery\.retryDelaysSeconds\.1: a retry delay cannot be negative/);
    expect(messages({ ...base, delivery: { retryDelaysSeconds: [50_000] } })[0]).toMatch(/at most 43200 s/);
    expect(messages({ ...base, delivery: { retryDelaysSeconds: [1.5] } })[0]).toMatch(/whole number/);
    expect(messages({ ...base, delivery: { retryDelaysSeconds: Array(21).fill(1) } })[0]).toMatch(/at most 20 retries/);
    expect(messages({ ...base, delivery: { mode: "queue", extra: 1 } })[0]).toMatch(/^delivery: /);
    expect(messages({ ...base, rateLimit: { requestsPerMinute: 0 } })).toEqual(["rateLimit.requestsPerMinute: rateLimit.requestsPerMinute must be at least 1"]);
    expect(messages({ ...base, rateLimit: {} })[0]).toMatch(/^rateLimit.requestsPerMinute: /);
  });

  it("keeps /__hookgate/admin/ out of reach of routes", () => {
    expect(messages({ ...base, path: "/__hookgate/admin/dead-letters" })[0]).toMatch(/reserved/);
  });
});
