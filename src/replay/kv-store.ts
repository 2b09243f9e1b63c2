/**
 * Dedup in the STATE KV namespace under `dedup:<route path>:<id>`.
 *
 * KV has no compare-and-set, and a write takes up to ~60 s to be visible in
 * other locations: two deliveries of one id that arrive together (or within
 * the propagation delay at different locations) can both read "absent" and
 * both be forwarded. KV mode stops replays and retries that come later; routes
 * that need exactly-once under concurrency use `store: "strict"`.
 */
import { STATE_PREFIXES } from "../state/kv-keys.ts";
import { encodeHex, utf8 } from "../verify/encoding.ts";
import { judge, type ClaimOutcome, type DedupRecord, type DedupStore, type DedupTimes } from "./store.ts";

/** KV keys are at most 512 bytes; longer route+id pairs are hashed. */
const MAX_KEY_BYTES = 512;

export async function dedupKey(routePath: string, id: string): Promise<string> {
  const key = `${STATE_PREFIXES.dedup}${routePath}:${id}`;
  if (utf8.encode(key).length <= MAX_KEY_BYTES) return key;
  const digest = await crypto.subtle.digest("SHA-256", utf8.encode(`${routePath}\n${id}`));
  return `${STATE_PREFIXES.dedup}#sha256:${encodeHex(new Uint8Array(digest))}`;
}

export class KvDedupStore implements DedupStore {
  readonly kind = "kv";
  constructor(
    private readonly kv: KVNamespace,
    private readonly routePath: string,
    private readonly times: DedupTimes,
  ) {}

  async claim(id: string): Promise<ClaimOutcome> {
    const key = await dedupKey(this.routePath, id);
    const now = this.times.now();
    const seen = judge(await this.kv.get<DedupRecord>(key, "json"), now);
    if (seen) return seen;
    // Not atomic with the read above: see the module comment.
    await this.put(key, { s: "pending", until: now + this.times.pendingSeconds * 1000 }, this.times.pendingSeconds);
    return { kind: "claimed" };
  }

  async commit(id: string): Promise<void> {
    const key = await dedupKey(this.routePath, id);
    await this.put(key, { s: "done", until: this.times.now() + this.times.ttlSeconds * 1000 }, this.times.ttlSeconds);
  }

  async release(id: string): Promise<void> {
    await this.kv.delete(await dedupKey(this.routePath, id));
  }

  private put(key: string, record: DedupRecord, ttlSeconds: number): Promise<void> {
    return this.kv.put(key, JSON.stringify(record), { expirationTtl: ttlSeconds });
  }
}
