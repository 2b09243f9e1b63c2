/** Bindings and variables of the hookgate Worker (see wrangler.toml). */
import type { DeliveryMessage } from "./delivery/message.ts";
import type { RouteRateLimiter } from "./ratelimit/limiter.ts";

export interface Env {
  /** Rules: routes and custom providers (key schema in src/rules/kv-keys.ts). */
  RULES: KVNamespace;
  /** Runtime state: dedup, DNS cache, dead letters (key schema in src/state/kv-keys.ts). */
  STATE: KVNamespace;
  /** Strict dedup (routes with `dedup.store: "strict"`): DEDUP_SHARDS DedupObjects per route (src/replay/durable.ts). */
  DEDUP?: DurableObjectNamespace<import("./replay/durable.ts").DedupObject>;
  /**
   * Key for the proxy signature the origin checks (Standard Webhooks format:
   * `whsec_<base64>`, or any other string used as UTF-8 bytes). Worker secret.
   */
  HOOKGATE_ORIGIN_SECRET?: string;
  /** Seconds compiled routes stay cached in isolate memory (default 10; 0 disables). */
  RULES_CACHE_SECONDS?: string;
  /** Optional Workers Analytics Engine dataset: one data point per request (src/metrics.ts). */
  HOOKGATE_METRICS?: AnalyticsEngineDataset;
  /** DNS-over-HTTPS JSON endpoint for allow-list hostnames (default https://cloudflare-dns.com/dns-query). */
  DOH_URL?: string;
  /**
   * Minimum seconds a resolved allow-list hostname is cached, and between retries of a failing
   * resolver: a whole number from 1 to 3600 (default 30; a bad value → 30 and a `hookgate.config` warn line).
   */
  DNS_MIN_TTL_SECONDS?: string;
  /**
   * Maximum age of last-known-good addresses used while the resolver fails: a whole number of seconds
   * from 60 to 2592000 (default 86400 = 24 h; a bad value → 24 h and a warn line). Older → fail closed.
   */
  DNS_LAST_KNOWN_GOOD_MAX_AGE_SECONDS?: string;
  /** Strict-dedup objects per route: 1–256 (default 16) or "per-id" (src/replay/durable.ts). */
  DEDUP_SHARDS?: string;
  /** Which request lines are logged: "all" (default) or "problems" (src/log.ts; a bad value → "all" and a warn line). */
  LOG_REQUESTS?: string;
  /** Queue for routes with delivery.mode "queue" (producer and consumer: this Worker). */
  DELIVERIES?: Queue<DeliveryMessage>;
  /** Per-route rate-limit counters (src/ratelimit/). */
  RATE_LIMITER?: DurableObjectNamespace<RouteRateLimiter>;
  /** Bearer token for /__hookgate/admin/ (Worker secret). Unset: the admin API does not exist (404). */
  HOOKGATE_ADMIN_TOKEN?: string;
  /**
   * TEST ONLY (test/wrangler configs): one extra origin, e.g. http://127.0.0.1:9999, that fetched
   * keys and SNS confirmations may use besides the preset's https hosts. Never set it in production.
   */
  HOOKGATE_TEST_KEY_ORIGIN?: string;
  /** The operator console's static files (wrangler.toml [assets]; src/admin/console.ts). */
  ASSETS?: Fetcher;
  /** Any other Worker secret, referenced from rules as `env:NAME`. */
  [name: string]: unknown;
}
