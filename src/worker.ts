/**
 * The Worker's handlers with injectable dependencies: the HTTP app, the Cron
 * refresh of allow-list hostnames, and the delivery queue consumers. src/index.ts
 * exports `createWorker()`; tests build one with a stub resolverFetch and clock.
 */
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { consoleLogger, withLogMode } from "./log.ts";
import type { Deps } from "./shared/deps.ts";
import { refreshAllowLists } from "./source-ip/refresh.ts";
import { withProblems } from "./admin/problems.ts";
import { consumeBatch, consumeDeadLetterQueue, DEAD_LETTER_QUEUE } from "./delivery/consumer.ts";

export function createWorker(overrides: Partial<Deps> = {}) {
  const app = createApp(overrides);
  const now = overrides.now ?? (() => Date.now());
  const resolverFetch: typeof fetch = overrides.resolverFetch ?? ((input, init) => fetch(input, init));
  return {
    fetch: app.fetch,
    /** Cron Trigger: the returned promise keeps the invocation alive until the refresh is done. */
    async scheduled(_controller, env, _ctx) {
      const log = (line: Record<string, unknown>) => console.log(JSON.stringify(line));
      try {
        await refreshAllowLists(env, { now, resolverFetch, log });
      } catch (e) {
        log({ level: "error", msg: "hookgate.dns_refresh", error: e instanceof Error ? e.message : String(e) });
      }
    },
    async queue(batch, env, ctx) {
      const base = { now: () => Date.now(), fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), log: consoleLogger };
      const deps = withProblems(withLogMode(base, env), env, ctx);
      if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetterQueue(batch, env, deps);
      else await consumeBatch(batch, env, deps, ctx);
    },
  } satisfies ExportedHandler<Env, unknown>;
}
