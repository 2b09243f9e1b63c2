/**
 * Keys fetched at run time (AWS SNS and PayPal certificates, Fireblocks' JWKS,
 * Circle's key by id). Only from hosts the scheme allows, over https, never
 * following redirects; cached per isolate and in the Cache API for an hour;
 * a failure to get it fails the request closed (`key_unavailable`, 503: the
 * provider retries) and is not cached. A 4xx from the key host is definitive:
 * no such key, so no genuine request names it (`signature_mismatch`, 401).
 */
import { fail, type Result } from "../shared/verdict.ts";

export interface KeyNet {
  fetch: typeof fetch;
  /**
   * TEST ONLY: one more origin (`http://127.0.0.1:PORT`) key URLs may use. Set
   * from the Worker variable HOOKGATE_TEST_KEY_ORIGIN, which only the test
   * configs set; rules in KV cannot touch it. Never set it in production.
   */
  testOrigin?: string | undefined;
  nowMs: number;
}

export const KEY_TTL_MS = 3600_000;
const MAX_KEY_BYTES = 65_536;
const isolate = new Map<string, { until: number; key: Promise<Result<CryptoKey>> }>();

/** Whether `url` may be fetched: https on a host matching `hosts`, default port, no credentials; or the test origin. */
export function keyUrlAllowed(url: URL, hosts: RegExp, net: Pick<KeyNet, "testOrigin">): boolean {
  if (net.testOrigin && url.origin === net.testOrigin) return true;
  return url.protocol === "https:" && !url.port && !url.username && !url.password && hosts.test(url.hostname);
}

class NoSuchKey extends Error {}

type EdgeCache = { match(u: string): Promise<Response | undefined>; put(u: string, r: Response): Promise<void> };

/** The key from the Cache API, else fetched; stored in the Cache API only once it made a key. */
async function load(url: string, net: KeyNet, toKey: (text: string) => Promise<CryptoKey | null>): Promise<CryptoKey | null> {
  const cache = (globalThis as { caches?: { default?: EdgeCache } }).caches?.default;
  const hit = await cache?.match(url).catch(() => undefined);
  if (hit) return toKey(await hit.text());
  const res = await net.fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
  if (res.status >= 400 && res.status < 500) throw new NoSuchKey(`HTTP ${res.status}`);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_KEY_BYTES) throw new Error("too large");
  const key = await toKey(text);
  if (key) await cache?.put(url, new Response(text, { headers: { "cache-control": `max-age=${KEY_TTL_MS / 1000}` } })).catch(() => undefined);
  return key;
}

/**
 * The key at `url` (already checked with keyUrlAllowed), made by `toKey` from
 * the fetched text; `tag` names what `toKey` picks (a kid, an algorithm).
 */
export function fetchedKey(
  url: string,
  tag: string,
  net: KeyNet,
  toKey: (text: string) => Promise<CryptoKey | null>,
): Promise<Result<CryptoKey>> {
  const id = `${tag} ${url}`;
  const cached = isolate.get(id);
  if (cached && cached.until > net.nowMs) return cached.key;
  const key = load(url, net, toKey).then(
      (k): Result<CryptoKey> => (k ? { ok: true, value: k } : fail({ code: "key_unavailable", detail: `no usable key at ${url}` })),
      (e: unknown): Result<CryptoKey> =>
        fail({ code: e instanceof NoSuchKey ? "signature_mismatch" : "key_unavailable", detail: `${url}: ${e instanceof Error ? e.message : e}` }),
    );
  if (isolate.size >= 100) isolate.clear();
  isolate.set(id, { until: net.nowMs + KEY_TTL_MS, key });
  void key.then((r) => r.ok || isolate.delete(id));
  return key;
}
