/**
 * Recent problems for the operator console: the last KEEP rejections and
 * origin failures per route (the request log's problem lines, see isProblem),
 * in STATE under `problems:<route>`. Recorded only while the console exists
 * (HOOKGATE_ADMIN_TOKEN set), never a body or a secret (only log-line fields).
 *
 * A flood of forged requests must not become a flood of KV writes: each
 * isolate buffers at most KEEP problems per bucket and writes a bucket at most
 * once per FLUSH_MS, after the response (waitUntil). Paths no route claims (and
 * any failure before a route matched) share one bucket ("*"): an attacker
 * choosing paths cannot create keys. Two isolates
 * flushing the same bucket at once may lose each other's newest entries (a
 * read-merge-write): acceptable for a view of recent problems.
 */
import { isProblem, type Logger, type RequestLog } from "../log.ts";
import type { Background } from "../shared/deps.ts";
import { STATE_PREFIXES } from "../state/kv-keys.ts";

export interface Problem {
  at: number;
  route: string;
  method: string;
  verdict: RequestLog["verdict"];
  reason?: string;
  detail?: string;
  clientIp?: string;
  provider?: string;
  eventId?: string;
  originStatus?: number;
  attempt?: number;
}

export const KEEP = 50;
export const FLUSH_MS = 10_000;
const MAX_BUCKETS = 200;
const TTL_SECONDS = 7 * 86_400;
export const UNMATCHED = "*";

export const problemsKey = (bucket: string) => `${STATE_PREFIXES.problems}${bucket}`;

const cut = (s: string | undefined, n: number) => (s === undefined ? undefined : s.slice(0, n));

export function toProblem(line: RequestLog, at: number): Problem {
  const p: Problem = { at, route: cut(line.route, 200)!, method: cut(line.method, 16)!, verdict: line.verdict };
  // Copy only these fields, bounded (a log line never holds a body or a secret).
  for (const [k, n] of [["reason", 64], ["detail", 300], ["clientIp", 64], ["provider", 64], ["eventId", 200]] as const)
    if (line[k] !== undefined) p[k] = cut(line[k], n);
  if (line.originStatus !== undefined) p.originStatus = line.originStatus;
  if (line.attempt !== undefined) p.attempt = line.attempt;
  return p;
}

interface Bucket {
  items: Problem[];
  lastFlush: number;
  scheduled: boolean;
}

export interface RecorderDeps {
  state: KVNamespace;
  now(): number;
  background: Background;
  /** Waits before a deferred flush (tests pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One isolate's buffer; `record` is called for every request log line. */
export function problemRecorder() {
  const buckets = new Map<string, Bucket>();

  async function flush(name: string, b: Bucket, deps: RecorderDeps): Promise<void> {
    b.scheduled = false;
    b.lastFlush = deps.now();
    const fresh = b.items.splice(0);
    try {
      const stored = await readProblems(deps.state, name);
      const merged = [...fresh.reverse(), ...stored].sort((x, y) => y.at - x.at).slice(0, KEEP);
      await deps.state.put(problemsKey(name), JSON.stringify(merged), { expirationTtl: TTL_SECONDS });
    } catch (e) {
      console.error(JSON.stringify({ level: "error", msg: "hookgate.problems", error: e instanceof Error ? e.message : String(e) }));
    }
  }

  return {
    record(line: RequestLog, deps: RecorderDeps): void {
      if (!isProblem(line)) return;
      // A route's own list only once a route matched (provider known) or for a verified event's delivery (queue lines).
      const matched = line.provider !== undefined || line.verdict === "retry" || line.verdict === "dead_letter";
      const name = matched ? line.route.slice(0, 200) : UNMATCHED;
      let b = buckets.get(name);
      if (!b) {
        if (buckets.size >= MAX_BUCKETS) return;
        buckets.set(name, (b = { items: [], lastFlush: 0, scheduled: false }));
      }
      b.items.push(toProblem(line, deps.now()));
      if (b.items.length > KEEP) b.items.shift();
      if (b.scheduled) return;
      b.scheduled = true;
      const delay = Math.max(0, b.lastFlush + FLUSH_MS - deps.now());
      deps.background.waitUntil((delay ? (deps.sleep ?? wait)(delay) : Promise.resolve()).then(() => flush(name, b, deps)));
    },
  };
}

const recorder = problemRecorder();

/** `deps` whose log also records problems, when the console is on and the response can be followed by work. */
export function withProblems<T extends { log: Logger; now(): number }>(
  deps: T,
  env: { STATE: KVNamespace; HOOKGATE_ADMIN_TOKEN?: string },
  background: Background | undefined,
): T {
  if (!env.HOOKGATE_ADMIN_TOKEN || !background) return deps;
  const r = { state: env.STATE, now: deps.now, background };
  return {
    ...deps,
    log: (line) => {
      deps.log(line);
      recorder.record(line, r);
    },
  };
}

export async function readProblems(state: KVNamespace, bucket: string): Promise<Problem[]> {
  const v = await state.get<Problem[]>(problemsKey(bucket), "json").catch(() => null);
  return Array.isArray(v) ? v : [];
}

/** Newest first: one route's problems, or every bucket's merged. */
export async function listProblems(state: KVNamespace, route: string | undefined, limit: number): Promise<Problem[]> {
  const names = route
    ? [route]
    : (await state.list({ prefix: STATE_PREFIXES.problems, limit: MAX_BUCKETS })).keys.map((k) => k.name.slice(STATE_PREFIXES.problems.length));
  const all = (await Promise.all(names.map((n) => readProblems(state, n)))).flat();
  return all.sort((a, b) => b.at - a.at).slice(0, limit);
}
