/** Worker entry point: HTTP (the app) and the delivery queue consumers. */
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { consoleLogger } from "./log.ts";
import { consumeBatch, consumeDeadLetterQueue, DEAD_LETTER_QUEUE } from "./delivery/consumer.ts";

export { RouteRateLimiter } from "./ratelimit/limiter.ts";

/** Durable Object class for strict dedup (binding DEDUP in wrangler.toml). */
export { DedupObject } from "./replay/durable.ts";

const app = createApp();

// Only the default handler and Durable Object classes may be exported here (workerd
// rejects any other value exported from the main module).
export default {
  fetch: app.fetch,
  async queue(batch, env, ctx) {
    const deps = { now: () => Date.now(), fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), log: consoleLogger };
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetterQueue(batch, env, deps);
    else await consumeBatch(batch, env, deps, ctx);
  },
} satisfies ExportedHandler<Env, unknown>;
