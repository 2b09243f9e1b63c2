/** HOOKGATE_METRICS: one Analytics Engine data point per request, the log line's fields, never a secret/signature/body. */
import { describe, expect, it } from "vitest";
import { harness } from "./helpers/harness.ts";
import { dataPoint } from "../src/metrics.ts";
import type { Env } from "../src/env.ts";

const HELLO = { body: "Hello, World!", sig: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" };

function recorder() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, dataset: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p!) } as AnalyticsEngineDataset };
}

describe("Analytics Engine metrics", () => {
  it("writes the same fields as the log line for a forwarded and a rejected request", async () => {
    const m = recorder();
    const h = harness({ env: { HOOKGATE_METRICS: m.dataset } as Partial<Env> });
    const path = await h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET"], origin: "https://origin.example.com" });
    const headers = { "X-Hub-Signature-256": HELLO.sig, "X-GitHub-Delivery": "d-1" };
    expect((await h.send(path, { body: HELLO.body, headers, ip: "192.0.2.9" })).status).toBe(200);
    expect((await h.send(path, { body: `${HELLO.body}!`, headers })).status).toBe(401);

    expect(m.points).toHaveLength(2);
    expect(h.logs).toHaveLength(2);
    expect(m.points[0]).toEqual({
      indexes: [path],
      blobs: [path, "github", "forwarded", "", "d-1", "192.0.2.9", "POST", "none"],
      doubles: [1, 13, 200, h.logs[0]!.latencyMs, 0],
    });
    expect(m.points[1]).toMatchObject({ indexes: [path], blobs: [path, "github", "rejected", "signature_mismatch", "", "203.0.113.7", "POST", h.logs[1]!.sourceList ?? ""] });
    const everything = JSON.stringify(m.points);
    for (const secret of ["It's a Secret", HELLO.sig.slice(7), HELLO.body]) expect(everything).not.toContain(secret);
  });

  it("a failing dataset never affects the request or the log line", async () => {
    const broken = { writeDataPoint() { throw new Error("AE down"); } } as unknown as AnalyticsEngineDataset;
    const h = harness({ env: { HOOKGATE_METRICS: broken } as Partial<Env> });
    const path = await h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET"], origin: "https://origin.example.com" });
    expect((await h.send(path, { body: HELLO.body, headers: { "X-Hub-Signature-256": HELLO.sig } })).status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.logs).toHaveLength(1);
  });

  it("keeps the index within Analytics Engine's 96 bytes and blobs short", () => {
    const p = dataPoint({ route: `/${"é".repeat(100)}`, method: "POST", verdict: "rejected", eventId: "x".repeat(1000) });
    expect(new TextEncoder().encode(p.indexes![0] as string).length).toBeLessThanOrEqual(96);
    expect((p.blobs![4] as string).length).toBe(256);
  });
});
