/** Worker entry point: HTTP (the app), the Cron refresh of allow-list hostnames, and the delivery queue consumers. */
import { createWorker } from "./worker.ts";

export { RouteRateLimiter } from "./ratelimit/limiter.ts";

/** Durable Object class for strict dedup (binding DEDUP in wrangler.toml). */
export { DedupObject } from "./replay/durable.ts";

// Only the default handler and Durable Object classes may be exported here (workerd
// rejects any other value exported from the main module); the factory lives in worker.ts.
export default createWorker();
