/** Worker entry point: the webhook app, and the Cron refresh of allow-list hostnames. */
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import type { Deps } from "./pipeline/handle.ts";
import { refreshAllowLists } from "./source-ip/refresh.ts";

/** Durable Object class for strict dedup (binding DEDUP in wrangler.toml). */
export { DedupObject } from "./replay/durable.ts";

/** The Worker with injectable dependencies (tests pass a stub resolverFetch and clock). */
export function createWorker(overrides: Partial<Deps> = {}) {
  const app = createApp(overrides);
  const now = overrides.now ?? (() => Date.now());
  const resolverFetch: typeof fetch = overrides.resolverFetch ?? ((input, init) => fetch(input, init));
  return {
    fetch: app.fetch,
    /** Cron Trigger: the returned promise keeps the invocation alive until the refresh is done. */
    async scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
      const log = (line: Record<string, unknown>) => console.log(JSON.stringify(line));
      try {
        await refreshAllowLists(env, { now, resolverFetch, log });
      } catch (e) {
        log({ level: "error", msg: "hookgate.dns_refresh", error: e instanceof Error ? e.message : String(e) });
      }
    },
  } satisfies ExportedHandler<Env>;
}

export default createWorker();
