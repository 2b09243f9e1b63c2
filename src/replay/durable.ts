/**
 * Strict dedup: a fixed set of Durable Objects per route (shards), each holding
 * the claims of the ids that hash to it in a SQLite table. Every delivery of an
 * id meets the same single-threaded object, and the claim is atomic (a
 * synchronous read-then-write on its storage; nothing else runs in between):
 * exactly one of any number of concurrent deliveries is claimed.
 *
 * Why shards and not one object per id: creating an object per event id costs a
 * new SQLite database each time; a shard is created once and then only answers.
 * Ceiling: one object serves on the order of 1,000 requests a second, and a
 * delivery makes two (claim, then commit or release), so one shard carries about
 * 500 deliveries a second and the default 16 about 8,000 per route.
 * Expiry: an alarm deletes the rows whose time has passed, then re-arms for the
 * next one (one alarm write per cycle, not per claim).
 *
 * DEDUP_SHARDS sets the count (1–256, default 16) or `per-id` (one object per id,
 * the previous layout, kept for comparison). Changing it remaps ids to other
 * objects: for one TTL a duplicate can pass, so choose it once per tenant.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { judge, type ClaimOutcome, type DedupRecord, type DedupStore, type DedupTimes } from "./store.ts";

const PENDING = 0;
const DONE = 1;
/** The single-record key of objects written by the one-object-per-id layout before shards. */
const LEGACY_RECORD = "r";

export class DedupObject extends DurableObject<Env> {
  /** When the stored alarm fires, as far as this instance knows (it arms one only if earlier). */
  private alarmAt: number | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS claims (id TEXT PRIMARY KEY, state INTEGER NOT NULL, until INTEGER NOT NULL, gc INTEGER NOT NULL)",
    );
    ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS claims_gc ON claims (gc)");
  }

  /** `nowMs` is the caller's (injected) clock; TTLs in seconds. */
  claim(id: string, nowMs: number, pendingSeconds: number): ClaimOutcome {
    const row = this.ctx.storage.sql.exec<{ state: number; until: number }>("SELECT state, until FROM claims WHERE id = ?", id).toArray()[0];
    const record: DedupRecord | null = row ? { s: row.state === DONE ? "done" : "pending", until: row.until } : null;
    const seen = judge(record, nowMs);
    if (seen) return seen;
    this.put(id, PENDING, nowMs, pendingSeconds);
    return { kind: "claimed" };
  }

  commit(id: string, nowMs: number, ttlSeconds: number): void {
    this.put(id, DONE, nowMs, ttlSeconds);
  }

  release(id: string): void {
    this.ctx.storage.sql.exec("DELETE FROM claims WHERE id = ?", id);
  }

  override async alarm(): Promise<void> {
    this.alarmAt = undefined;
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM claims WHERE gc <= ?", Date.now());
    this.ctx.storage.kv.delete(LEGACY_RECORD);
    const next = sql.exec<{ gc: number | null }>("SELECT MIN(gc) AS gc FROM claims").one().gc;
    if (next !== null) {
      this.alarmAt = next;
      await this.ctx.storage.setAlarm(next);
    }
  }

  /** `until` is on the caller's clock (judging); `gc` on the runtime's (the alarm deletes by it). */
  private put(id: string, state: number, nowMs: number, seconds: number): void {
    const gc = Date.now() + seconds * 1000;
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO claims (id, state, until, gc) VALUES (?, ?, ?, ?)", id, state, nowMs + seconds * 1000, gc);
    this.armAt(gc);
  }

  private armAt(ms: number): void {
    if (this.alarmAt !== undefined && this.alarmAt <= ms) return;
    this.alarmAt = ms;
    // Fire-and-forget is safe: the output gate holds the reply until the alarm is stored.
    void this.ctx.storage.setAlarm(ms);
  }
}

export const DEFAULT_SHARDS = 16;
export const MAX_SHARDS = 256;
export const SHARDS_VAR = "DEDUP_SHARDS";

/** How ids map to objects: `n` shards per route, or one object per id. */
export type ShardLayout = { shards: number } | "per-id";

/** DEDUP_SHARDS: absent → 16; a whole number 1–256; `per-id`; else the default and a problem to report. */
export function parseShards(raw: unknown): { layout: ShardLayout; problem?: string } {
  if (raw === undefined || raw === null || raw === "") return { layout: { shards: DEFAULT_SHARDS } };
  if (raw === "per-id") return { layout: "per-id" };
  const n = typeof raw === "string" && /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_SHARDS) return { layout: { shards: n } };
  return {
    layout: { shards: DEFAULT_SHARDS },
    problem: `${SHARDS_VAR}=${JSON.stringify(String(raw)).slice(0, 40)} is not a whole number from 1 to ${MAX_SHARDS} or "per-id"; using the default ${DEFAULT_SHARDS}`,
  };
}

/** FNV-1a over the id's UTF-16 code units: a stable, uniform shard number (not a security boundary). */
export function shardOf(id: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % shards;
}

export class DurableDedupStore implements DedupStore {
  readonly kind = "strict";
  constructor(
    private readonly ns: DurableObjectNamespace<DedupObject>,
    private readonly routePath: string,
    private readonly times: DedupTimes,
    private readonly layout: ShardLayout = { shards: DEFAULT_SHARDS },
  ) {}

  private stub(id: string) {
    const name = this.layout === "per-id" ? `${this.routePath}\n${id}` : `${this.routePath}\n#${shardOf(id, this.layout.shards)}`;
    return this.ns.get(this.ns.idFromName(name));
  }

  async claim(id: string): Promise<ClaimOutcome> {
    return this.stub(id).claim(id, this.times.now(), this.times.pendingSeconds);
  }

  async commit(id: string): Promise<void> {
    await this.stub(id).commit(id, this.times.now(), this.times.ttlSeconds);
  }

  async release(id: string): Promise<void> {
    await this.stub(id).release(id);
  }
}
