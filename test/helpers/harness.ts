/**
 * Runs the real app (src/app.ts) inside workerd with an injected clock, a recording
 * fake origin and captured log lines. Rules are written to the real (local)
 * RULES KV binding, exactly as the CLI writes them.
 */
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app.ts";
import type { RequestLog } from "../../src/log.ts";
import type { RouteInput, ProviderInput } from "../../src/rules/schema.ts";
import { providerKey, routeKey } from "../../src/rules/kv-keys.ts";
import type { Env } from "../../src/env.ts";
import type { Deps } from "../../src/shared/deps.ts";

export interface Received {
  url: string;
  method: string;
  headers: Headers;
  body: Uint8Array;
}

let counter = 0;
/** A path no other test uses (KV is shared within a test file). */
export function uniquePath(name = "hook"): string {
  counter += 1;
  return `/t/${name}-${Date.now().toString(36)}-${counter}`;
}

export function harness(opts: { nowMs?: number; env?: Partial<Env>; deps?: Partial<Deps> } = {}) {
  const clock = { nowMs: opts.nowMs ?? Date.UTC(2025, 10, 24, 16, 0, 0) };
  const received: Received[] = [];
  const logs: RequestLog[] = [];
  let origin: (req: Request) => Response | Promise<Response> = () => new Response("ok from origin", { status: 200 });
  const deps: Deps = {
    now: () => clock.nowMs,
    fetch: async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      received.push({ url: req.url, method: req.method, headers: req.headers, body: new Uint8Array(await req.arrayBuffer()) });
      if (init?.signal?.aborted) throw init.signal.reason;
      return origin(req);
    },
    // DoH lookups for source-IP hostnames: tests pass a stub (test/source-ip/doh-stub.ts).
    resolverFetch: (input, init) => fetch(input, init),
    log: (line) => logs.push(line),
    ...opts.deps,
  };
  const app = createApp(deps);
  const testEnv = { ...(env as unknown as Env), ...opts.env } as Env;

  return {
    /** The injected clock, fake origin and logger (e.g. for the queue consumer). */
    deps,
    clock,
    received,
    logs,
    env: testEnv,
    setOrigin(fn: typeof origin) {
      origin = fn;
    },
    async putRoute(route: Omit<RouteInput, "path"> & { path?: string }): Promise<string> {
      const path = route.path ?? uniquePath();
      await testEnv.RULES.put(routeKey(path), JSON.stringify({ ...route, path }));
      return path;
    },
    async putRaw(key: string, value: string) {
      await testEnv.RULES.put(key, value);
    },
    async putProvider(name: string, provider: ProviderInput) {
      await testEnv.RULES.put(providerKey(name), JSON.stringify(provider));
    },
    /** `ip` sets CF-Connecting-IP (default 203.0.113.7); `ip: null` sends none. */
    send(path: string, init: RequestInit & { ip?: string | null } = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      if (!headers.has("cf-connecting-ip") && init.ip !== null) headers.set("cf-connecting-ip", init.ip ?? "203.0.113.7");
      const request = new Request(`https://hooks.example.com${path}`, { method: "POST", ...init, headers });
      // Like workerd, work handed to waitUntil finishes after the response; the harness
      // waits for it before returning, so the next request sees its effects.
      const background: Promise<unknown>[] = [];
      const ctx = { waitUntil: (p: Promise<unknown>) => background.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
      return Promise.resolve(app.fetch(request, testEnv, ctx)).then(async (res) => {
        await Promise.allSettled(background);
        return res;
      });
    },
    lastLog(): RequestLog | undefined {
      return logs.at(-1);
    },
  };
}

export const bytes = (s: string) => new TextEncoder().encode(s);

/** A genuine request's headers with a forgery's changes: a value replaces, null removes. */
export function mutatedHeaders(base: Record<string, string>, changes: Record<string, string | null> = {}): Headers {
  const headers = new Headers(base);
  for (const [k, val] of Object.entries(changes)) {
    if (val === null) headers.delete(k);
    else headers.set(k, val);
  }
  return headers;
}
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/**
 * An address a preset's webhooks genuinely come from (inside its published
 * `sourceIps`), for presets that have one; a documentation address otherwise.
 */
export function publishedSourceIp(preset: string): string {
  const published: Record<string, string> = { lean: "193.123.78.188", "lean-sandbox": "193.123.89.181", scalekit: "52.206.68.10", loopwise: "52.194.91.27" };
  return published[preset] ?? "203.0.113.7";
}
