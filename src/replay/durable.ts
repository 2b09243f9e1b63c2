/**
 * Strict dedup: one Durable Object per (route, event id), so every delivery of
 * an id meets the same single-threaded object and the claim is atomic (a
 * synchronous read-then-write on its SQLite-backed storage; nothing else runs
 * in between). Exactly one of any number of concurrent deliveries is claimed.
 * An alarm deletes the record when it expires.
 */
import { DurableObject } from "cloudflare:workers";
import { judge, type ClaimOutcome, type DedupRecord, type DedupStore, type DedupTimes } from "./store.ts";

const RECORD = "r";

export class DedupObject extends DurableObject {
  /** `nowMs` is the caller's (injected) clock; TTLs in seconds. */
  claim(nowMs: number, pendingSeconds: number): ClaimOutcome {
    const kv = this.ctx.storage.kv;
    const seen = judge(kv.get<DedupRecord>(RECORD), nowMs);
    if (seen) return seen;
    kv.put<DedupRecord>(RECORD, { s: "pending", until: nowMs + pendingSeconds * 1000 });
    this.expireIn(pendingSeconds);
    return { kind: "claimed" };
  }

  commit(nowMs: number, ttlSeconds: number): void {
    this.ctx.storage.kv.put<DedupRecord>(RECORD, { s: "done", until: nowMs + ttlSeconds * 1000 });
    this.expireIn(ttlSeconds);
  }

  release(): void {
    this.ctx.storage.kv.delete(RECORD);
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private expireIn(seconds: number): void {
    // Fire-and-forget is safe: the output gate holds the reply until the alarm is stored.
    void this.ctx.storage.setAlarm(Date.now() + seconds * 1000);
  }
}

export class DurableDedupStore implements DedupStore {
  readonly kind = "strict";
  constructor(
    private readonly ns: DurableObjectNamespace<DedupObject>,
    private readonly routePath: string,
    private readonly times: DedupTimes,
  ) {}

  private stub(id: string) {
    return this.ns.get(this.ns.idFromName(`${this.routePath}\n${id}`));
  }

  async claim(id: string): Promise<ClaimOutcome> {
    return this.stub(id).claim(this.times.now(), this.times.pendingSeconds);
  }

  async commit(id: string): Promise<void> {
    await this.stub(id).commit(this.times.now(), this.times.ttlSeconds);
  }

  async release(id: string): Promise<void> {
    await this.stub(id).release();
  }
}
