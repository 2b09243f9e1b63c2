/**
 * `hookgate tail`: the formatter on a recording of `wrangler tail --format json`
 * (test/node/fixtures/tail-events.json, hookgate's log lines as src/log.ts writes
 * them), and the spawning through a fake wrangler (HOOKGATE_WRANGLER).
 */
import { describe, expect, it, vi } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatItem, itemsOf, JsonObjectStream, matches, type TailEvent, type TailItem } from "../../cli/tail-format.ts";
import { runCli } from "./helpers/cli.ts";
import { consoleLogger, type RequestLog } from "../../src/log.ts";


const TAIL = fileURLToPath(new URL("./fixtures/tail-events.json", import.meta.url));
const FAKE = fileURLToPath(new URL("./fixtures/fake-wrangler.mjs", import.meta.url));
const recorded = await readFile(TAIL, "utf8");

function events(chunk = 50): TailEvent[] {
  const got: TailEvent[] = [];
  const other: string[] = [];
  const s = new JsonObjectStream((v) => got.push(v as TailEvent), (t) => other.push(t));
  for (let i = 0; i < recorded.length; i += chunk) s.push(recorded.slice(i, i + chunk));
  expect(other).toEqual([]);
  return got;
}

describe("tail formatter", () => {
  it("splits wrangler's stream of pretty-printed objects, whatever the chunk boundaries", () => {
    for (const chunk of [1, 7, 50, 4096]) expect(events(chunk)).toHaveLength(7);
  });

  it("one line per request: time, verdict, route, reason, origin status, latency, event id; problems marked with !", () => {
    const lines = events().flatMap(itemsOf).map((i) => formatItem(i));
    expect(lines).toEqual([
      "12:00:00.000   FORWARDED   POST /hooks/github  origin 200  41 ms  id d-1  github  ip 192.30.252.1",
      "12:00:01.000 ! REJECTED    POST /hooks/github  signature_mismatch  2 ms  github  ip 203.0.113.9  : no signature matched (1 candidate, 1 secret)",
      "12:00:02.000 ! FORWARDED   POST /hooks/stripe  origin 503  120 ms  id evt_2  stripe",
      "12:00:03.000 ! REJECTED    POST /hooks/stripe  timestamp_out_of_window  1 ms  id evt_3  stripe  : timestamp 1700000000 is 400 s old",
      '12:00:04.000 ! CONFIG      LOG_REQUESTS="some" is not "all" or "problems"; logging all requests',
      "12:00:04.001   ANSWERED    POST /hooks/github  replay_duplicate  5 ms  id d-1  github  : d-1",
      "12:00:05.000 ! EXCEPTION   Error: KV GET failed: 503",
      "12:00:06.000 ! DEAD_LETTER POST /hooks/q  origin 500  id q-9  attempt 6  : delivery d-77: 6 attempts",
    ]);
  });

  it("filters by route, verdict, reason and problems", () => {
    const items = events().flatMap(itemsOf);
    const pick = (f: Parameters<typeof matches>[1]) => items.filter((i) => matches(i, f)).map((i: TailItem) => (i.kind === "request" ? i.line.eventId ?? i.line.reason : i.kind));
    expect(pick({ route: "/hooks/stripe" })).toEqual(["evt_2", "evt_3"]);
    expect(pick({ verdict: "rejected" })).toEqual(["signature_mismatch", "evt_3"]);
    expect(pick({ reason: "signature_mismatch" })).toEqual(["signature_mismatch"]);
    expect(pick({ problems: true })).toEqual(["signature_mismatch", "evt_2", "evt_3", "config", "exception", "q-9"]);
  });

  it("reads the line the Worker's own logger writes (src/log.ts consoleLogger), field for field", () => {
    const line: RequestLog = { route: "/hooks/x", method: "POST", provider: "github", verdict: "rejected", reason: "signature_mismatch", eventId: "e-1", latencyMs: 3, clientIp: "198.51.100.7" };
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    consoleLogger(line);
    const written = spy.mock.calls[0]![0] as string;
    spy.mockRestore();
    const items = itemsOf({ outcome: "ok", eventTimestamp: 0, logs: [{ level: "log", message: [written], timestamp: Date.parse("2026-11-30T12:00:00Z") }], exceptions: [] });
    expect(items).toEqual([{ kind: "request", time: Date.parse("2026-11-30T12:00:00Z"), line: expect.objectContaining(line) }]);
    expect(formatItem(items[0]!)).toBe("12:00:00.000 ! REJECTED    POST /hooks/x  signature_mismatch  3 ms  id e-1  github  ip 198.51.100.7");
  });

  it("colours only when asked (the CLI asks only on a TTY)", () => {
    const [, rejected] = events().flatMap(itemsOf);
    const red = (s: string) => `<r>${s}</r>`;
    const id = (s: string) => s;
    expect(formatItem(rejected!, { red, green: id, yellow: id, cyan: id, dim: id, bold: id })).toContain("<r>!</r> <r>REJECTED   </r>");
  });
});

describe("hookgate tail (fake wrangler)", () => {
  it("runs `wrangler tail --format json` with --env/--config, prints only matching lines, no colour when piped", async () => {
    const log = join(await mkdtemp(join(tmpdir(), "hookgate-tail-")), "args");
    const env = { HOOKGATE_WRANGLER: FAKE, FAKE_TAIL_FILE: TAIL, FAKE_WRANGLER_LOG: log };
    const run = await runCli(["tail", "--env", "acme", "--config", "w.toml", "--verdict", "rejected"], { env: { ...env, NO_COLOR: "" } });
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(log, "utf8")).trim()).toBe(JSON.stringify(["tail", "--format", "json", "--env", "acme", "--config", "w.toml"]));
    expect(run.stdout.trim().split("\n")).toEqual([
      "12:00:01.000 ! REJECTED    POST /hooks/github  signature_mismatch  2 ms  github  ip 203.0.113.9  : no signature matched (1 candidate, 1 secret)",
      "12:00:03.000 ! REJECTED    POST /hooks/stripe  timestamp_out_of_window  1 ms  id evt_3  stripe  : timestamp 1700000000 is 400 s old",
    ]);
    expect(run.stdout).not.toMatch(/\x1b\[/);
    expect(run.stderr).toContain("Successfully created tail");

    const json = await runCli(["tail", "--json", "--route", "/hooks/q"], { env });
    expect(json.stdout.trim().split("\n").map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ verdict: "dead_letter", eventId: "q-9", route: "/hooks/q" })]);
  });

  it("passes wrangler's exit code on, and a bad --verdict is a usage error", async () => {
    const failed = await runCli(["tail"], { env: { HOOKGATE_WRANGLER: FAKE, FAKE_TAIL_FILE: TAIL, FAKE_TAIL_EXIT: "1" } });
    expect(failed.code).toBe(1);
    const bad = await runCli(["tail", "--verdict", "rejectd"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--verdict must be one of forwarded, rejected, answered, queued, retry, dead_letter");
  });
});
