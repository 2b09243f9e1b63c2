/**
 * LOG_REQUESTS: "all" writes one line per request; "problems" writes only the
 * lines an operator acts on. Through the real pipeline (harness), and the
 * parser and classification on their own.
 */
import { describe, expect, it } from "vitest";
import { harness } from "./helpers/harness.ts";
import { isProblem, parseLogMode, withMode, type RequestLog } from "../src/log.ts";
import type { Env } from "../src/env.ts";

const KEY = "log-mode-key";
const provider = { token: { header: "X-Key" }, id: { header: "X-Event-Id" } };

async function setUp(mode: string | undefined, origin?: () => Response, env: Partial<Env> = {}) {
  const h = harness({ env: { ...env, ...(mode === undefined ? {} : { LOG_REQUESTS: mode }) } });
  if (origin) h.setOrigin(async () => origin());
  const path = await h.putRoute({ provider: provider as never, secrets: [KEY], origin: "https://origin.example.com", delivery: { mode: "direct" } });
  const send = (id: string, key = KEY) => h.send(path, { body: "{}", headers: { "X-Key": key, "X-Event-Id": id } });
  return { h, send };
}

describe("LOG_REQUESTS through the pipeline", () => {
  it("all (the default): genuine, duplicate and forged requests each get a line", async () => {
    const { h, send } = await setUp(undefined);
    expect((await send("e1")).status).toBe(200);
    expect((await send("e1")).status).toBe(200); // duplicate
    expect((await send("e2", "wrong")).status).toBe(401);
    expect(h.logs.map((l) => l.verdict)).toEqual(["forwarded", "answered", "rejected"]);
  });

  it("problems: genuine and duplicate requests are not logged, the forged one is", async () => {
    const { h, send } = await setUp("problems");
    expect((await send("e1")).status).toBe(200);
    expect((await send("e1")).status).toBe(200);
    expect((await send("e2", "wrong")).status).toBe(401);
    expect(h.received).toHaveLength(1);
    expect(h.logs).toHaveLength(1);
    expect(h.logs[0]).toMatchObject({ verdict: "rejected", clientIp: expect.any(String) });
    expect(h.logs[0]!.reason).toMatch(/^token_/);
  });

  it("problems: an origin failure is logged", async () => {
    const { h, send } = await setUp("problems", () => new Response("down", { status: 503 }));
    expect((await send("e3")).status).toBe(503);
    expect(h.logs).toHaveLength(1);
    expect(h.logs[0]).toMatchObject({ verdict: "forwarded", originStatus: 503 });
  });

  it("problems: metrics still get a data point for every request", async () => {
    const points: unknown[] = [];
    const dataset = { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p) } as AnalyticsEngineDataset;
    const { h, send } = await setUp("problems", undefined, { HOOKGATE_METRICS: dataset });
    expect((await send("e5")).status).toBe(200);
    expect((await send("e6", "wrong")).status).toBe(401);
    expect(h.logs).toHaveLength(1);
    expect(points).toHaveLength(2);
  });

  it("a bad value logs everything (the default)", async () => {
    const { h, send } = await setUp("verbose");
    expect((await send("e4")).status).toBe(200);
    expect(h.logs).toHaveLength(1);
  });
});

describe("parseLogMode", () => {
  it.each([[undefined], [""], ["all"]])("%j → all", (raw) => expect(parseLogMode(raw)).toEqual({ mode: "all" }));
  it("problems", () => expect(parseLogMode("problems")).toEqual({ mode: "problems" }));
  it.each([["Problems"], ["none"], [" all"], [1]])("%j → all, with a problem that names the variable", (raw) => {
    const parsed = parseLogMode(raw);
    expect(parsed.mode).toBe("all");
    expect(parsed.problem).toMatch(/^LOG_REQUESTS=.* is not "all" or "problems"; logging all requests$/);
  });
});

describe("isProblem", () => {
  const base: RequestLog = { route: "/r", method: "POST", verdict: "forwarded", originStatus: 200 };
  it.each([
    [{ ...base }, false],
    [{ ...base, verdict: "queued" }, false],
    [{ ...base, verdict: "answered", reason: "replay_duplicate", detail: "event e was already delivered" }, false],
    [{ ...base, verdict: "rejected", reason: "signature_mismatch" }, true],
    [{ ...base, verdict: "retry" }, true],
    [{ ...base, verdict: "dead_letter" }, true],
    [{ ...base, verified: false }, true],
    [{ ...base, detail: "dedup commit failed: KV put unavailable" }, true],
    [{ ...base, originStatus: 500 }, true],
    [{ ...base, verdict: "answered", handshake: "slack", originStatus: undefined }, true],
    [{ ...base, sourceList: "static" }, false],
    [{ ...base, sourceList: "hostname hooks.example.com (resolved, 2 addresses)" }, false],
    [{ ...base, sourceList: "hostname hooks.example.com (last-known-good from 400 s ago, 2 addresses; resolver: timeout)" }, true],
    [{ ...base, originStatus: 404 }, true],
  ] as [RequestLog, boolean][])("%j → %s", (line, expected) => expect(isProblem(line)).toBe(expected));

  it("withMode passes every line in all, only problems in problems", () => {
    const seen: RequestLog[] = [];
    const lines: RequestLog[] = [base, { ...base, verdict: "rejected" }];
    lines.forEach(withMode((l) => seen.push(l), "all"));
    expect(seen).toHaveLength(2);
    seen.length = 0;
    lines.forEach(withMode((l) => seen.push(l), "problems"));
    expect(seen).toEqual([lines[1]]);
  });
});
