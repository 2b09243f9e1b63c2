/** Worker entry point. */
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";

/** Durable Object class for strict dedup (binding DEDUP in wrangler.toml). */
export { DedupObject } from "./replay/durable.ts";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
