/**
 * A per-route request counter with a fixed one-minute window, in a Durable
 * Object (one instance per route path, `idFromName(path)`), so counts are
 * exact and global. The Workers rate-limit binding is not used: its limit is
 * fixed in wrangler.toml, while hookgate's limits are per route, in KV, and
 * change without a redeploy; it also counts per Cloudflare location.
 *
 * The caller passes its clock (`nowMs`), so tests control time.
 */
import { DurableObject } from "cloudflare:workers";

export const WINDOW_MS = 60_000;

export interface HitResult {
  allowed: boolean;
  /** Seconds until the current window ends (for Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
  count: number;
}

interface WindowState {
  start: number;
  count: number;
}

export class RouteRateLimiter extends DurableObject {
  #window: WindowState | undefined;

  async hit(limit: number, nowMs: number): Promise<HitResult> {
    const start = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
    if (!this.#window) this.#window = (await this.ctx.storage.get<WindowState>("window")) ?? { start, count: 0 };
    if (this.#window.start !== start) this.#window = { start, count: 0 };
    if (this.#window.count >= limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((start + WINDOW_MS - nowMs) / 1000)), count: this.#window.count };
    }
    this.#window.count += 1;
    await this.ctx.storage.put("window", this.#window);
    return { allowed: true, retryAfterSeconds: 0, count: this.#window.count };
  }
}
