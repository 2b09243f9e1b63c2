/**
 * The retry schedule is a list of times after the FIRST attempt (Lean: "1, 2,
 * 5, 10, 60, and 180 minutes after the initial webhook was sent"), not gaps
 * between attempts. Checked on a simulated clock through the real consumer:
 * the times at which the origin is actually called.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { capturingQueue, drain, pendingFrom, SECRET, signedGithub } from "./queue-sim.ts";

async function attemptTimes(delivery: Record<string, unknown>) {
  const q = capturingQueue();
  const h = harness({ env: { DELIVERIES: q.queue } });
  const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery } as never);
  const calls: number[] = [];
  h.setOrigin(() => {
    calls.push(h.clock.nowMs);
    return new Response("down", { status: 503 });
  });
  expect((await h.send(path, await signedGithub("{}", "evt-schedule"))).status).toBe(202);
  await drain(h, pendingFrom(q.sent, h.clock.nowMs));
  return { seconds: calls.map((t) => (t - calls[0]!) / 1000), h, path };
}

describe("retry schedule: offsets from the first attempt", () => {
  it("by default, retries land 1, 2, 5, 10, 60 and 180 minutes after the first attempt", async () => {
    const { seconds, h } = await attemptTimes({ mode: "queue" });
    expect(seconds).toEqual([0, 60, 120, 300, 600, 3600, 10800]);
    expect(h.logs.filter((l) => l.verdict === "dead_letter")).toHaveLength(1);
  });

  it("a route's own retryAtSecondsAfterFirstAttempt is followed to the second", async () => {
    const { seconds } = await attemptTimes({ mode: "queue", retryAtSecondsAfterFirstAttempt: [5, 30, 31] });
    expect(seconds).toEqual([0, 5, 30, 31]);
  });

  it("the legacy retryDelaysSeconds keeps its meaning (gaps between attempts)", async () => {
    const { seconds } = await attemptTimes({ mode: "queue", retryDelaysSeconds: [5, 10] });
    expect(seconds).toEqual([0, 5, 15]);
  });

  it("a retry is never asked for more than 12 h out (the queue's limit), even when the schedule's anchor is far ahead", async () => {
    const q = capturingQueue();
    const h = harness({ env: { DELIVERIES: q.queue } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue", retryAtSecondsAfterFirstAttempt: [60, 120] } } as never);
    h.setOrigin(() => new Response("down", { status: 503 }));
    await h.send(path, await signedGithub("{}", "evt-anchor"));
    // An anchor two days ahead (e.g. a schedule changed in flight): the delay is capped at 43 200 s.
    const pending = pendingFrom([{ ...q.sent[0]!, scheduleFrom: h.clock.nowMs + 2 * 86_400_000 }], h.clock.nowMs);
    const { delays } = await drain(h, pending, { maxRounds: 1 });
    expect(delays).toEqual([43_200]);
  });

  it("a late consumer run does not push the later retries back (they stay anchored to the first attempt)", async () => {
    const q = capturingQueue();
    const h = harness({ env: { DELIVERIES: q.queue } });
    const path = await h.putRoute({ provider: "github", secrets: [SECRET], origin: "https://origin.example.com", delivery: { mode: "queue", retryAtSecondsAfterFirstAttempt: [60, 120] } } as never);
    const start = h.clock.nowMs;
    const calls: number[] = [];
    h.setOrigin(() => {
      calls.push((h.clock.nowMs - start) / 1000);
      return new Response("down", { status: 503 });
    });
    await h.send(path, await signedGithub("{}", "evt-late"));
    // The queue hands the first attempt over 20 s late: the retries still land at 60 and 120 s.
    h.clock.nowMs += 20_000;
    await drain(h, pendingFrom(q.sent, h.clock.nowMs));
    expect(calls).toEqual([20, 60, 120]);
  });
});
