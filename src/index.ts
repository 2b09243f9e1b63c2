/** Worker entry point: HTTP (the app) and the delivery queue consumers. */
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { consoleLogger } from "./log.ts";
import { consumeBatch, consumeDeadLetterQueue } from "./delivery/consumer.ts";

export { RouteRateLimiter } from "./ratelimit/limiter.ts";

const app = createApp();

/** Name of the dead-letter queue in wrangler.toml (messages the consumer never settled). */
export const DEAD_LETTER_QUEUE = "hookgate-deliveries-dlq";

export default {
  fetch: app.fetch,
  async queue(batch, env, ctx) {
    const deps = { now: () => Date.now(), fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), log: consoleLogger };
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetterQueue(batch, env, deps);
    else await consumeBatch(batch, env, deps, ctx);
  },
} satisfies ExportedHandler<Env, unknown>;
