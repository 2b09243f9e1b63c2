/**
 * The operator console's static files (the `console/` folder, Workers Static
 * Assets bound as ASSETS with run_worker_first, so this Worker decides): served
 * under /__hookgate/console only while HOOKGATE_ADMIN_TOKEN is set, 404 for
 * every console path otherwise. The files hold no secret; the operator signs in
 * with the admin token, which the page sends as a bearer header to the admin
 * API (no cookie, so no cross-site request can use it).
 */
import type { Env } from "../env.ts";
import { errorResponse } from "../shared/verdict.ts";

export const CONSOLE_PREFIX = "/__hookgate/console";

const FILES: Record<string, string> = { "": "/index.html", "/": "/index.html", "/console.js": "/console.js", "/console.css": "/console.css" };

const HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

export async function serveConsole(req: Request, env: Env): Promise<Response> {
  const file = FILES[new URL(req.url).pathname.slice(CONSOLE_PREFIX.length)];
  const assets = env.ASSETS as Fetcher | undefined;
  if (!env.HOOKGATE_ADMIN_TOKEN || !file || !assets || (req.method !== "GET" && req.method !== "HEAD"))
    return errorResponse({ code: "route_not_found" });
  const res = await assets.fetch(new URL(file, req.url), { method: req.method });
  if (!res.ok) return errorResponse({ code: "route_not_found" });
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(HEADERS)) out.headers.set(k, v);
  return out;
}
