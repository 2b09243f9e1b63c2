/** The Hono app: hookgate's own endpoints, then every other path is a webhook route. */
import { Hono } from "hono/tiny";
import type { Env } from "./env.ts";
import { consoleLogger, withLogMode } from "./log.ts";
import { handleWebhook } from "./pipeline/handle.ts";
import type { Background, Deps } from "./shared/deps.ts";
import { errorResponse } from "./shared/verdict.ts";
import { withMetrics } from "./metrics.ts";
import { ADMIN_PREFIX, adminApp } from "./admin/routes.ts";
import { CONSOLE_PREFIX, serveConsole } from "./admin/console.ts";
import { withProblems } from "./admin/problems.ts";

export function createApp(overrides: Partial<Deps> = {}) {
  const deps: Deps = {
    now: () => Date.now(),
    fetch: (input, init) => fetch(input, init),
    resolverFetch: (input, init) => fetch(input, init),
    log: consoleLogger,
    ...overrides,
  };
  const app = new Hono<{ Bindings: Env }>();

  app.all("/healthz", (c) => c.json({ status: "ok" }));

  app.route(ADMIN_PREFIX, adminApp(deps));
  app.all(CONSOLE_PREFIX, (c) => serveConsole(c.req.raw, c.env));
  app.all(`${CONSOLE_PREFIX}/*`, (c) => serveConsole(c.req.raw, c.env));

  app.all("*", (c) => {
    let background: Background | undefined;
    try {
      background = c.executionCtx;
    } catch {
      // No ExecutionContext (a direct app.fetch without one): dedup settles and the log line run detached.
    }
    // Problems for the console are recorded from every line (before LOG_REQUESTS filters the log), after the response.
    return handleWebhook(c.req.raw, c.env, withProblems(withMetrics(withLogMode(deps, c.env), c.env), c.env, background), background);
  });

  // Nothing may answer 500: an unexpected failure is a 503 the provider retries.
  app.onError((err) => {
    console.error(JSON.stringify({ level: "error", msg: "hookgate.unhandled", error: err instanceof Error ? err.message : String(err) }));
    return errorResponse({ code: "internal_error", detail: "unhandled" });
  });
  return app;
}
