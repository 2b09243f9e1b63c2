/**
 * Dedup in the STATE KV namespace under `dedup:<route path>:<id>`.
 *
 * KV has no compare-and-set, and a write takes up to ~60 s to be visible in
 * other locations: two deliveries of one id that arrive together (or within
 * the propagation delay at different locations) can both read "absent" and
 * both be forwarded. KV mode stops replays and retries that come later; routes
 * that need exactly-once under concurrency use `store: "strict"`.
 *
 * One write per delivery in the common case. The claim only reads; the
 * "pending" mark (which makes a provider's retry wait, 503 + Retry-After,
 * while the first delivery is still at the origin) is written only once the
 * delivery has been in flight for IN_FLIGHT_MARK_MS (250 ms). Provider retries
 * come after their timeout (Slack's 3 s is the shortest), so they meet the
 * mark; a copy of the same id sent within those first 250 ms (plus KV's write
 * time) is forwarded too, like the concurrent copies above. In exchange, an
 * origin that answers within 250 ms costs one read and one write ("done"),
 * not two writes. KV also allows one write per second to a key: a commit or
 * release that follows a pending mark waits out KV_WRITE_GAP_MS after it (in
 * waitUntil, off the response path) instead of being refused with 429.
 */
import { STATE_PREFIXES } from "../state/kv-keys.ts";
import { encodeHex, utf8 } from "../verify/encoding.ts";
import { judge, type ClaimOutcome, type DedupRecord, type DedupStore, type DedupTimes } from "./store.ts";

/** KV keys are at most 512 bytes; longer route+id pairs are hashed. */
const MAX_KEY_BYTES = 512;

/** How long a delivery runs before its pending mark is written. */
export const IN_FLIGHT_MARK_MS = 250;
/** KV accepts one write per second to a key. */
export const KV_WRITE_GAP_MS = 1000;

export async function dedupKey(routePath: string, id: string): Promise<string> {
  const key = `${STATE_PREFIXES.dedup}${routePath}:${id}`;
  if (utf8.encode(key).length <= MAX_KEY_BYTES) return key;
  const digest = await crypto.subtle.digest("SHA-256", utf8.encode(`${routePath}\n${id}`));
  return `${STATE_PREFIXES.dedup}#sha256:${encodeHex(new Uint8Array(digest))}`;
}

/** Wall-clock scheduling for the KV write timing (real durations, unlike the injected `now` the records carry). */
export interface KvTiming {
  inFlightMarkMs: number;
  writeGapMs: number;
  wallNow(): number;
  sleep(ms: number): Promise<void>;
}

export const KV_TIMING: KvTiming = {
  inFlightMarkMs: IN_FLIGHT_MARK_MS,
  writeGapMs: KV_WRITE_GAP_MS,
  wallNow: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A claim this store made: its key and, once written, the pending mark. */
interface Held {
  key: string;
  timer?: ReturnType<typeof setTimeout>;
  /** The pending mark's write, once started: when it finished (wall ms), and its error if it failed. */
  mark?: Promise<{ at: number; error?: unknown }>;
}

export class KvDedupStore implements DedupStore {
  readonly kind = "kv";
  private readonly held = new Map<string, Held>();
  constructor(
    private readonly kv: KVNamespace,
    private readonly routePath: string,
    private readonly times: DedupTimes,
    private readonly timing: KvTiming = KV_TIMING,
  ) {}

  async claim(id: string): Promise<ClaimOutcome> {
    const key = await dedupKey(this.routePath, id);
    const seen = judge(await this.kv.get<DedupRecord>(key, "json"), this.times.now());
    if (seen) return seen;
    // Not atomic with the read above: see the module comment.
    const held: Held = { key };
    held.timer = setTimeout(() => {
      held.timer = undefined;
      const until = this.times.now() + this.times.pendingSeconds * 1000;
      held.mark = this.put(key, { s: "pending", until }, this.times.pendingSeconds).then(
        () => ({ at: this.timing.wallNow() }),
        (error: unknown) => ({ at: this.timing.wallNow(), error }),
      );
    }, this.timing.inFlightMarkMs);
    this.held.set(id, held);
    return { kind: "claimed" };
  }

  async commit(id: string): Promise<void> {
    const { key, marked } = await this.settleMark(id);
    await this.put(key, { s: "done", until: this.times.now() + this.times.ttlSeconds * 1000 }, this.times.ttlSeconds);
    if (marked instanceof Error) throw marked;
  }

  async release(id: string): Promise<void> {
    const { key, marked } = await this.settleMark(id);
    // Nothing was written unless the pending mark was (a failed write may still have landed):
    // then remove it so the provider's retry is not held back.
    if (marked !== false) await this.kv.delete(key);
    if (marked instanceof Error) throw marked;
  }

  /**
   * Stops the pending mark if it has not been written; if it was, waits until
   * KV accepts another write to the key. `marked`: false (never written),
   * true (written), or the Error its write failed with (reported after the
   * settling write, which goes ahead: the mark is only a courtesy to retries).
   */
  private async settleMark(id: string): Promise<{ key: string; marked: boolean | Error }> {
    const held = this.held.get(id) ?? { key: await dedupKey(this.routePath, id) };
    this.held.delete(id);
    if (held.timer !== undefined) clearTimeout(held.timer);
    if (!held.mark) return { key: held.key, marked: false };
    const mark = await held.mark;
    const wait = mark.at + this.timing.writeGapMs - this.timing.wallNow();
    if (wait > 0) await this.timing.sleep(wait);
    if (!("error" in mark)) return { key: held.key, marked: true };
    const message = mark.error instanceof Error ? mark.error.message : String(mark.error);
    return { key: held.key, marked: new Error(`in-flight mark failed: ${message}`) };
  }

  /** Async, so that even a synchronous throw from the binding becomes a rejection (the mark timer relies on it). */
  private async put(key: string, record: DedupRecord, ttlSeconds: number): Promise<void> {
    await this.kv.put(key, JSON.stringify(record), { expirationTtl: ttlSeconds });
  }
}
