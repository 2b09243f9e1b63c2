/**
 * Forwards a verified request to the origin: same method, same path and query
 * (on the route's origin, or the same URL when none is set), the exact body
 * bytes, the provider's headers minus hop-by-hop and client-sent hookgate-*,
 * plus the proxy signature. The origin's status and body go back as they are.
 */
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { forwardableRequestHeaders, returnableResponseHeaders } from "./headers.ts";
import { signForOrigin } from "./proxy-signature.ts";

export interface ForwardDeps {
  fetch: typeof fetch;
  originKey: CryptoKey;
  nowMs: number;
}

export interface ForwardInput {
  compiled: CompiledRoute;
  req: Inbound;
  /** The event id (the provider's, or one hookgate made up). */
  id: string;
  clientIp: string | undefined;
  /** hookgate-* headers set by hookgate itself (e.g. hookgate-verified), after client copies are stripped. */
  headers?: Record<string, string>;
  /** How long to wait for the origin (default: the route's inline origin timeout). */
  timeoutMs?: number;
}

/**
 * The URL the request goes to. No origin: the same URL. An origin without a
 * path (or `/`) keeps the request's path; an origin with a path is the exact
 * path to post to. The request's query is kept unless the origin has its own.
 */
export function originUrl(compiled: CompiledRoute, url: URL): URL {
  if (!compiled.route.origin) return new URL(url.href);
  const target = new URL(compiled.route.origin);
  if (target.pathname === "/") target.pathname = url.pathname;
  if (!target.search) target.search = url.search;
  return target;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export async function buildOriginRequest(input: ForwardInput, deps: ForwardDeps): Promise<Request> {
  const { compiled, req } = input;
  const headers = forwardableRequestHeaders(req.headers);
  const signed = await signForOrigin(deps.originKey, input.id, Math.floor(deps.nowMs / 1000), req.body);
  for (const [k, v] of Object.entries(signed)) headers.set(k, v);
  headers.set("hookgate-provider", compiled.providerName);
  headers.set("hookgate-route", compiled.route.path);
  if (input.clientIp) headers.set("hookgate-client-ip", input.clientIp);
  for (const [k, v] of Object.entries(input.headers ?? {})) headers.set(k, v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(originUrl(compiled, req.url), {
    method: req.method,
    headers,
    body: hasBody ? req.body : undefined,
    redirect: "manual",
  });
}

export async function forward(input: ForwardInput, deps: ForwardDeps): Promise<Result<Response>> {
  const request = await buildOriginRequest(input, deps);
  const timeoutMs = input.timeoutMs ?? input.compiled.originTimeoutMs;
  let response: Response;
  // A timer cleared once the origin answers: AbortSignal.timeout() would keep one running for the whole
  // timeout, and workerd allows 10 000 per isolate (more forwards than that within it would all fail).
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException("origin timeout", "TimeoutError")), timeoutMs);
  try {
    response = await deps.fetch(request, { signal: abort.signal });
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    if (name === "TimeoutError" || name === "AbortError")
      return fail({ code: "origin_timeout", detail: `no answer from ${new URL(request.url).host} within ${timeoutMs} ms` });
    return fail({ code: "origin_unreachable", detail: `${new URL(request.url).host}: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    clearTimeout(timer);
  }
  return {
    ok: true,
    value: new Response(NULL_BODY_STATUS.has(response.status) ? null : response.body, { status: response.status, statusText: response.statusText, headers: returnableResponseHeaders(response.headers) }),
  };
}
