/**
 * Forwarding leaves no timer behind once the origin has answered. workerd
 * allows 10 000 active timeouts per isolate; AbortSignal.timeout() keeps one
 * running for the whole origin timeout, so an isolate that forwarded more
 * than 10 000 requests within it answered every further genuine delivery 502
 * (found by the long differential fuzz run, FUZZ_RUNS=1000).
 */
import { describe, expect, it } from "vitest";
import { forward } from "../../src/forward/forward.ts";
import { originKey } from "../../src/forward/proxy-signature.ts";
import { makeInbound } from "../../src/shared/inbound.ts";
import type { CompiledRoute } from "../../src/rules/compiled.ts";

describe("forward", () => {
  it("10 050 forwards within one origin timeout all succeed (no timer outlives its request)", async () => {
    const compiled = { providerName: "p", route: { path: "/t", origin: "https://origin.example.com", originTimeoutMs: 60_000 } } as unknown as CompiledRoute;
    const key = await originKey("whsec_aG9va2dhdGUtdGVzdC1vcmlnaW4tc2VjcmV0LTMyYnl0ZXM=")!;
    const url = new URL("https://hooks.example.com/t");
    const req = makeInbound(new Request(url, { method: "POST", body: "{}" }), url, new TextEncoder().encode("{}"));
    const deps = { fetch: async () => new Response("ok"), originKey: key, nowMs: Date.now() };
    const problems = new Map<string, number>();
    for (let i = 0; i < 10_050; i++) {
      const r = await forward({ compiled, req, id: `e${i}`, clientIp: undefined }, deps);
      if (!r.ok) problems.set(r.reason.code, (problems.get(r.reason.code) ?? 0) + 1);
    }
    expect(Object.fromEntries(problems)).toEqual({});
  }, 60_000);

  it("still times out a silent origin", async () => {
    const compiled = { providerName: "p", route: { path: "/t", origin: "https://origin.example.com", originTimeoutMs: 100 } } as unknown as CompiledRoute;
    const key = await originKey("whsec_aG9va2dhdGUtdGVzdC1vcmlnaW4tc2VjcmV0LTMyYnl0ZXM=")!;
    const url = new URL("https://hooks.example.com/t");
    const req = makeInbound(new Request(url, { method: "POST", body: "{}" }), url, new TextEncoder().encode("{}"));
    const silent = (_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    const r = await forward({ compiled, req, id: "e", clientIp: undefined }, { fetch: silent as typeof fetch, originKey: key, nowMs: Date.now() });
    expect(r.ok || r.reason.code).toBe("origin_timeout");
  });
});
