/**
 * The HTTP entry: hookgate's own endpoints, then every other path is a webhook route.
 * Four prefixes need no router: a hand-written dispatch is ≈ 4 KiB gzip smaller than Hono's
 * (docs/performance.md). It keeps Hono's semantics, pinned against Hono by test/app-routing.test.ts:
 * the path is matched percent-decoded (Hono's own getPath), HEAD runs the GET handler without
 * a body, and a thrown Error becomes the generic 503.
 */
import { getPath } from "hono/utils/url";
import type { Env } from "./env.ts";
import { consoleLogger, withLogMode } from "./log.ts";
import { handleWebhook } from "./pipeline/handle.ts";
import type { Deps } from "./shared/deps.ts";
import { errorResponse } from "./shared/verdict.ts";
import { withMetrics } from "./metrics.ts";
import { ADMIN_PREFIX, adminApp } from "./admin/routes.ts";
import { CONSOLE_PREFIX, serveConsole } from "./admin/console.ts";
import { withProblems } from "./admin/problems.ts";

export type Endpoint = "healthz" | "admin" | "console" | "webhook";

/** Which endpoint a (decoded) path reaches: `/healthz` (and `/healthz/`), the admin API and the console (the prefix and below), else a webhook route. */
export function endpointOf(path: string): Endpoint {
  if (/^\/healthz\/?$/.test(path)) return "healthz";
  if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return "admin";
  if (path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`)) return "console";
  return "webhook";
}

export function createApp(overrides: Partial<Deps> = {}) {
  const deps: Deps = {
    now: () => Date.now(),
    fetch: (input, init) => fetch(input, init),
    resolverFetch: (input, init) => fetch(input, init),
    log: consoleLogger,
    ...overrides,
  };
  const admin = adminApp(deps);

  const dispatch = async (req: Request, env: Env, method: string, ctx?: ExecutionContext): Promise<Response> => {
    try {
      const path = getPath(req);
      switch (endpointOf(path)) {
        case "healthz":
          return Response.json({ status: "ok" });
        case "admin":
          return await admin(req, env, method, path.slice(ADMIN_PREFIX.length));
        case "console":
          return await serveConsole(req, env);
        case "webhook":
          // Without an ExecutionContext (a direct fetch without one), dedup settles and the log line run detached.
          // Problems for the console are recorded from every line (before LOG_REQUESTS filters the log), after the response.
          return await handleWebhook(req, env, withProblems(withMetrics(withLogMode(deps, env), env), env, ctx || undefined), ctx || undefined);
      }
    } catch (err) {
      // Nothing may answer 500: an unexpected failure is a 503 the provider retries.
      if (!(err instanceof Error)) throw err;
      console.error(JSON.stringify({ level: "error", msg: "hookgate.unhandled", error: err.message }));
      return errorResponse({ code: "internal_error", detail: "unhandled" });
    }
  };

  return {
    /** HEAD is answered as GET without the body. */
    fetch: async (req: Request, env: Env, ctx?: ExecutionContext): Promise<Response> =>
      req.method === "HEAD" ? new Response(null, await dispatch(req, env, "GET", ctx)) : dispatch(req, env, req.method, ctx),
  };
}
