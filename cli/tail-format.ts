/**
 * Reads `wrangler tail --format json` (a stream of JSON objects, one per
 * invocation, each pretty-printed over many lines) and turns hookgate's log
 * lines (src/log.ts: `{"msg":"hookgate.request", verdict, route, reason, …}`)
 * into one readable line per request. Problems (src/log.ts isProblem), Worker
 * exceptions and config warnings are marked, so they stand out in a stream.
 */
import { isProblem, type RequestLog } from "../src/log.ts";

/** Splits a stream of concatenated JSON objects; text between objects (wrangler's own messages) is passed to `other`. */
export class JsonObjectStream {
  private buf = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private scanned = 0;

  constructor(
    private readonly onObject: (value: unknown) => void,
    private readonly other: (text: string) => void = () => {},
  ) {}

  push(chunk: string): void {
    this.buf += chunk;
    for (let i = this.scanned; i < this.buf.length; i++) {
      const c = this.buf[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === "\\") this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"' && this.depth > 0) this.inString = true;
      else if (c === "{") {
        if (this.depth++ === 0) {
          const before = this.buf.slice(0, i).trim();
          if (before) this.other(before);
          this.start = i;
        }
      } else if (c === "}" && this.depth > 0 && --this.depth === 0) {
        const text = this.buf.slice(this.start, i + 1);
        this.buf = this.buf.slice(i + 1);
        i = -1;
        this.start = -1;
        try {
          this.onObject(JSON.parse(text));
        } catch {
          this.other(text);
        }
      }
    }
    this.scanned = this.buf.length;
    if (this.depth === 0 && this.buf.includes("\n")) {
      const cut = this.buf.lastIndexOf("\n");
      const text = this.buf.slice(0, cut).trim();
      if (text) this.other(text);
      this.buf = this.buf.slice(cut + 1);
      this.scanned = this.buf.length;
    }
  }
}

/** What wrangler tail sends per invocation (the fields used here). */
export interface TailEvent {
  outcome?: string;
  eventTimestamp?: number;
  event?: { request?: { method?: string; url?: string }; queue?: string } | null;
  logs?: { level?: string; message?: unknown[]; timestamp?: number }[];
  exceptions?: { name?: string; message?: unknown; timestamp?: number }[];
}

export type TailItem =
  | { kind: "request"; time: number; line: RequestLog }
  | { kind: "config"; time: number; detail: string }
  | { kind: "exception"; time: number; text: string }
  | { kind: "outcome"; time: number; text: string };

/** The hookgate lines, config warnings, exceptions and failed outcomes in one tail event. */
export function itemsOf(e: TailEvent): TailItem[] {
  const items: TailItem[] = [];
  const at = e.eventTimestamp ?? 0;
  for (const log of e.logs ?? []) {
    const first = log.message?.[0];
    let parsed: Record<string, unknown> | undefined;
    if (typeof first === "string" && first.startsWith("{")) {
      try {
        parsed = JSON.parse(first) as Record<string, unknown>;
      } catch {}
    } else if (first && typeof first === "object") parsed = first as Record<string, unknown>;
    if (parsed?.msg === "hookgate.request") items.push({ kind: "request", time: log.timestamp ?? at, line: parsed as unknown as RequestLog });
    else if (parsed?.msg === "hookgate.config") items.push({ kind: "config", time: log.timestamp ?? at, detail: String(parsed.detail ?? "") });
  }
  for (const x of e.exceptions ?? []) items.push({ kind: "exception", time: x.timestamp ?? at, text: `${x.name ?? "Error"}: ${String(x.message)}` });
  if (e.outcome && e.outcome !== "ok" && e.outcome !== "canceled" && (e.exceptions ?? []).length === 0) {
    const req = e.event?.request;
    items.push({ kind: "outcome", time: at, text: `${e.outcome}${req?.url ? ` ${req.method ?? ""} ${req.url}` : e.event?.queue ? ` queue ${e.event.queue}` : ""}` });
  }
  return items;
}

export interface TailFilter {
  route?: string;
  verdict?: string;
  reason?: string;
  problems?: boolean;
}

/** Whether an item passes the filters. Exceptions and config warnings are always shown unless a request filter is set. */
export function matches(item: TailItem, f: TailFilter): boolean {
  if (item.kind !== "request") return !f.route && !f.verdict && !f.reason;
  const l = item.line;
  if (f.route !== undefined && l.route !== f.route) return false;
  if (f.verdict !== undefined && l.verdict !== f.verdict) return false;
  if (f.reason !== undefined && l.reason !== f.reason && !(l.unverified ?? []).includes(f.reason)) return false;
  if (f.problems && !isProblem(l)) return false;
  return true;
}

export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const noPaint: Paint = { red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s, dim: (s) => s, bold: (s) => s };

const time = (ms: number) => (ms ? new Date(ms).toISOString().slice(11, 23) : "--:--:--.---");

function verdictWord(l: RequestLog, p: Paint): string {
  const word = l.verdict.toUpperCase().padEnd(11);
  switch (l.verdict) {
    case "rejected":
    case "dead_letter":
      return p.bold(p.red(word));
    case "retry":
      return p.yellow(word);
    case "forwarded":
    case "queued":
      return isProblem(l) ? p.yellow(word) : p.green(word);
    case "answered":
      return p.cyan(word);
  }
}

/** One line per item: `12:00:01.250 ! REJECTED    POST /hooks/github  signature_mismatch  3 ms  id evt_1  …`. */
export function formatItem(item: TailItem, p: Paint = noPaint): string {
  const t = p.dim(time(item.time));
  if (item.kind === "config") return `${t} ! ${p.yellow("CONFIG".padEnd(11))} ${item.detail}`;
  if (item.kind === "exception") return `${t} ! ${p.bold(p.red("EXCEPTION".padEnd(11)))} ${item.text}`;
  if (item.kind === "outcome") return `${t} ! ${p.bold(p.red("OUTCOME".padEnd(11)))} ${item.text}`;
  const l = item.line;
  const problem = isProblem(l);
  const parts = [`${l.method} ${l.route}`];
  const reasons = [l.reason, ...(l.unverified ?? []).filter((r) => r !== l.reason)].filter(Boolean) as string[];
  if (reasons.length) parts.push(problem ? p.red(reasons.join(",")) : reasons.join(","));
  if (l.verified === false) parts.push(p.yellow("report-only: forwarded unverified"));
  if (l.originStatus !== undefined) parts.push(`origin ${l.originStatus >= 200 && l.originStatus < 300 ? l.originStatus : p.red(String(l.originStatus))}`);
  if (l.latencyMs !== undefined) parts.push(`${l.latencyMs} ms`);
  if (l.eventId) parts.push(`id ${l.eventId}`);
  if (l.attempt !== undefined) parts.push(`attempt ${l.attempt}`);
  if (l.provider) parts.push(p.dim(l.provider));
  if (l.clientIp) parts.push(p.dim(`ip ${l.clientIp}`));
  if (l.handshake) parts.push(`handshake ${l.handshake}`);
  if (l.detail) parts.push(p.dim(`: ${l.detail}`));
  return `${t} ${problem ? p.red("!") : " "} ${verdictWord(l, p)} ${parts.join("  ")}`;
}
