/** The pipeline's responses for every kind of bad input and configuration, inside workerd. */
import { describe, expect, it } from "vitest";
import { harness, bytes, text } from "../helpers/harness.ts";

const GH = "It's a Secret to Everybody";
const HELLO = { body: "Hello, World!", sig: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" };

async function ghRoute(h: ReturnType<typeof harness>, extra: Record<string, unknown> = {}) {
  return h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET"], origin: "https://origin.example.com", ...extra });
}
/** A body streamed in 512-byte chunks of zeros until `total` bytes have been pulled; `sent()` says how many were. */
function zeroStream(total: number): { stream: ReadableStream<Uint8Array>; sent: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 512;
      controller.enqueue(new Uint8Array(512));
      if (sent >= total) controller.close();
    },
  });
  return { stream, sent: () => sent };
}
const ghHeaders = (sig = HELLO.sig) => ({ "X-Hub-Signature-256": sig, "content-type": "text/plain" });

describe("routing and method", () => {
  it("404 with the JSON error body for an unknown path", async () => {
    const h = harness();
    const res = await h.send("/no/such/route", { body: "x" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not_found", message: "No webhook route at this path." });
    expect(h.received).toHaveLength(0);
  });

  it("405 with Allow for a method the route does not take", async () => {
    const h = harness();
    const path = await ghRoute(h);
    const res = await h.send(path, { method: "PUT", body: HELLO.body, headers: ghHeaders() });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(h.received).toHaveLength(0);
  });
});

describe("configuration errors fail closed with 503", () => {
  it("a route that is not JSON", async () => {
    const h = harness();
    await h.putRaw("route:/broken-json", "{not json");
    const res = await h.send("/broken-json", { body: HELLO.body, headers: ghHeaders() });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "config_error", message: "This route is misconfigured; the request was not forwarded." });
    expect(h.lastLog()).toMatchObject({ reason: "config_invalid", detail: "route:/broken-json: the stored value is not JSON" });
    expect(h.received).toHaveLength(0);
  });

  it("a route that breaks the schema, naming the field in the log only", async () => {
    const h = harness();
    await h.putRaw("route:/broken-schema", JSON.stringify({ path: "/broken-schema", provider: "github", secrets: [], tolerance: 0 }));
    const res = await h.send("/broken-schema", { body: HELLO.body, headers: ghHeaders() });
    expect(res.status).toBe(503);
    expect(h.lastLog()?.detail).toContain("route:/broken-schema: secrets:");
    expect(await res.text()).not.toContain("secrets");
    expect(h.received).toHaveLength(0);
  });

  it("a provider that exists nowhere", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "nobody", secrets: ["s"] });
    expect((await h.send(path, { body: "x" })).status).toBe(503);
    expect(h.lastLog()?.detail).toContain('provider "nobody" is neither a preset nor stored in KV');
  });

  it("an env: secret that is not set", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "github", secrets: ["env:NOT_SET_ANYWHERE"] });
    expect((await h.send(path, { body: HELLO.body, headers: ghHeaders() })).status).toBe(503);
    expect(h.lastLog()?.detail).toContain("Worker secret NOT_SET_ANYWHERE is not set");
    expect(h.received).toHaveLength(0);
  });

  it("a whsec secret that is not base64", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "standard-webhooks", secrets: ["whsec_!!!"] });
    expect((await h.send(path, { body: "{}" })).status).toBe(503);
    expect(h.lastLog()?.detail).not.toContain("!!!");
  });

  it("no HOOKGATE_ORIGIN_SECRET: nothing is forwarded unsigned", async () => {
    const h = harness({ env: { HOOKGATE_ORIGIN_SECRET: "" } });
    const path = await ghRoute(h);
    expect((await h.send(path, { body: HELLO.body, headers: ghHeaders() })).status).toBe(503);
    expect(h.lastLog()?.detail).toContain("HOOKGATE_ORIGIN_SECRET");
    expect(h.received).toHaveLength(0);
  });

  it("a KV provider that breaks the schema", async () => {
    const h = harness();
    await h.putRaw("provider:halfbaked", JSON.stringify({ signature: { type: "hmac", header: "X", algorithm: "md5", encoding: "hex" } }));
    const path = await h.putRoute({ provider: "halfbaked", secrets: ["s"] });
    expect((await h.send(path, { body: "x", headers: { X: "00" } })).status).toBe(503);
    expect(h.lastLog()?.detail).toContain("provider:halfbaked: signature.algorithm");
  });
});

describe("custom providers from KV, without a redeploy", () => {
  it("verifies with a provider written to KV", async () => {
    const h = harness();
    await h.putProvider("acme", {
      signature: { type: "hmac", header: "X-Acme", algorithm: "sha256", encoding: "hex", format: { type: "plain", prefix: "sha256=" } },
    });
    const path = await h.putRoute({ provider: "acme", secrets: [GH] });
    expect((await h.send(path, { body: HELLO.body, headers: { "X-Acme": HELLO.sig } })).status).toBe(200);
    expect((await h.send(path, { body: HELLO.body, headers: { "X-Acme": HELLO.sig.replace("7", "8") } })).status).toBe(401);
    expect(h.received).toHaveLength(1);
  });

  it("verifies with an inline provider", async () => {
    const h = harness();
    const path = await h.putRoute({
      provider: { signature: { type: "hmac", header: "X-Inline", algorithm: "sha256", encoding: "hex", format: { type: "plain", prefix: "sha256=" } } },
      secrets: [GH],
    });
    expect((await h.send(path, { body: HELLO.body, headers: { "X-Inline": HELLO.sig } })).status).toBe(200);
  });
});

describe("secret rotation", () => {
  it("accepts a signature under any configured secret (ours rotating)", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "github", secrets: ["the-new-secret", "env:TEST_GITHUB_SECRET"] });
    expect((await h.send(path, { body: HELLO.body, headers: ghHeaders() })).status).toBe(200);
  });

  it("accepts a Stripe header carrying several v1 signatures (theirs rotating) only if one matches", async () => {
    const h = harness({ nowMs: 1764000000 * 1000 });
    const path = await h.putRoute({ provider: "stripe", secrets: ["whsec_stripe_test_secret"] });
    const good = "efcc7103f402c03d9977097594876d1514b6a6710c81d78c42cb4f8eaea48bd4";
    const body = '{"id": "evt_1", "type": "ping", "created": 1764000000}';
    const bad = "0".repeat(64);
    expect((await h.send(path, { body, headers: { "Stripe-Signature": `t=1764000000,v1=${bad},v1=${good},v0=${bad}` } })).status).toBe(200);
    expect((await h.send(path, { body, headers: { "Stripe-Signature": `t=1764000000,v1=${bad},v0=${good}` } })).status).toBe(401);
    expect(h.received).toHaveLength(1);
  });
});

describe("body limits", () => {
  it("413 from Content-Length before reading", async () => {
    const h = harness();
    const path = await ghRoute(h, { maxBodyBytes: 10 });
    const res = await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    expect(res.status).toBe(413);
    expect(h.received).toHaveLength(0);
  });

  it("413 while streaming a body without Content-Length", async () => {
    const h = harness();
    const path = await ghRoute(h, { maxBodyBytes: 1000 });
    const { stream, sent } = zeroStream(1_000_000 + 512);
    const res = await h.send(path, { body: stream, headers: ghHeaders(), duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent()).toBeLessThan(10_000);
    expect(h.received).toHaveLength(0);
  });

  it("a streamed body that runs past a Content-Length declared under the limit is refused: not trusted, not truncated", async () => {
    const h = harness();
    const path = await ghRoute(h, { maxBodyBytes: 10_000 });
    const { stream, sent } = zeroStream(20_000);
    const headers = { ...ghHeaders(), "content-length": "512" };
    const res = await h.send(path, { body: stream, headers, duplex: "half" } as RequestInit);
    expect(res.status).toBe(400);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "body_unreadable", detail: expect.stringMatching(/runs past its Content-Length 512/) });
    expect(sent()).toBeLessThan(5_000);
    expect(h.received).toHaveLength(0);
  });

  it("413 from a declared Content-Length over the limit, before reading the body", async () => {
    const h = harness();
    const path = await ghRoute(h, { maxBodyBytes: 10_000 });
    const { stream, sent } = zeroStream(20_000);
    const res = await h.send(path, { body: stream, headers: { ...ghHeaders(), "content-length": "20000" }, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    // At most the stream's own prefetch: hookgate read nothing.
    expect(sent()).toBeLessThanOrEqual(1024);
    expect(h.received).toHaveLength(0);
  });

  it("accepts a body exactly at the limit with an honest Content-Length", async () => {
    const h = harness();
    const path = await ghRoute(h, { maxBodyBytes: HELLO.body.length });
    const res = await h.send(path, { body: HELLO.body, headers: { ...ghHeaders(), "content-length": String(HELLO.body.length) } });
    expect(res.status).toBe(200);
    expect(text(h.received[0]!.body)).toBe(HELLO.body);
  });

  it("400 (body_unreadable), never an empty body, when the request stream fails", async () => {
    const h = harness();
    const path = await ghRoute(h);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("client went away"));
      },
    });
    const res = await h.send(path, { body: stream, headers: ghHeaders(), duplex: "half" } as RequestInit);
    expect(res.status).toBe(400);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "body_unreadable" });
  });

  it("a POST without a body is verified as empty bytes (never a 5xx)", async () => {
    const h = harness();
    const path = await ghRoute(h);
    const key = await crypto.subtle.importKey("raw", bytes(GH), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array(0)));
    const sig = `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    expect((await h.send(path, { headers: ghHeaders(HELLO.sig) })).status).toBe(401);
    const res = await h.send(path, { headers: ghHeaders(sig) });
    expect(res.status).toBe(200);
    expect(h.received[0]!.body).toHaveLength(0);
  });

  it("accepts a body exactly at the limit", async () => {
    const h = harness();
    const path = await ghRoute(h, { maxBodyBytes: HELLO.body.length });
    expect((await h.send(path, { body: HELLO.body, headers: ghHeaders() })).status).toBe(200);
  });
});

describe("a signed timestamp that is absent", () => {
  it("is reported as missing (not malformed), and nothing is forwarded", async () => {
    const h = harness({ nowMs: 1764000000 * 1000 });
    const path = await h.putRoute({ provider: "stripe", secrets: ["whsec_stripe_test_secret"] });
    const res = await h.send(path, { body: "{}", headers: { "Stripe-Signature": `v1=${"0".repeat(64)}` } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "timestamp_missing" });
    expect(h.received).toHaveLength(0);
  });
});

describe("canonical base64 signatures", () => {
  // Shopify's signature is base64 of 32 bytes: the character before "=" carries 2 unused low bits.
  const SHOPIFY = { secret: "shopify-secret", body: "Hello, World!" };
  it("a genuine signature verifies; the same bytes spelled with a stray low bit are 401", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "shopify", secrets: [SHOPIFY.secret], origin: "https://origin.example.com" });
    const key = await crypto.subtle.importKey("raw", bytes(SHOPIFY.secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes(SHOPIFY.body)));
    const sig = btoa(String.fromCharCode(...mac));
    expect(sig).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const last = alphabet.indexOf(sig[42]!);
    const stray = `${sig.slice(0, 42)}${alphabet[last ^ 0b01]}=`;
    expect(atob(stray)).toBe(atob(sig)); // the same bytes: only the canonical check can tell them apart
    const send = (s: string) => h.send(path, { body: SHOPIFY.body, headers: { "X-Shopify-Hmac-Sha256": s, "X-Shopify-Webhook-Id": crypto.randomUUID() } });
    expect((await send(stray)).status).toBe(401);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected" });
    expect((await send(sig)).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });
});

describe("talking to the origin", () => {
  it("gives up on an origin that never answers after originTimeoutMs: 504", async () => {
    let signalled = false;
    const h = harness({
      deps: {
        // An origin that never answers; only the request's abort signal ends the wait.
        fetch: (_input, init) =>
          new Promise<Response>((_resolve, reject) => {
            signalled = init?.signal instanceof AbortSignal;
            init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
          }),
      },
    });
    const path = await ghRoute(h, { originTimeoutMs: 100, delivery: { mode: "direct" } });
    const res = await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    expect(signalled).toBe(true);
    expect(res.status).toBe(504);
    expect(h.lastLog()).toMatchObject({ reason: "origin_timeout" });
  });

  it("never follows the origin's redirects: the request goes out with redirect: manual", async () => {
    let redirect: string | undefined;
    const h = harness({
      deps: {
        fetch: async (input) => {
          redirect = (input as Request).redirect;
          return new Response(null, { status: 302, headers: { location: "https://elsewhere.example/" } });
        },
      },
    });
    const path = await ghRoute(h);
    const res = await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    expect(redirect).toBe("manual");
    expect(res.status).toBe(302);
  });
});

describe("what the origin receives", () => {
  it("the same method, path, query and bytes; provider headers kept; hop-by-hop and client hookgate-* dropped", async () => {
    const h = harness();
    const path = await ghRoute(h);
    const res = await h.send(`${path}?a=1&b=2`, {
      body: HELLO.body,
      headers: {
        ...ghHeaders(),
        "X-GitHub-Delivery": "delivery-42",
        "X-GitHub-Event": "push",
        Connection: "keep-alive, X-Drop-Me",
        "X-Drop-Me": "1",
        "Keep-Alive": "timeout=5",
        "Proxy-Authorization": "Basic Zm9vOmJhcg==",
        "hookgate-signature": "v1,AAAA",
        "HookGate-Verified": "false",
        "HookGate-Unverified-Reason": "client-made",
        "hookgate-client-ip": "1.1.1.1",
      },
      ip: "192.0.2.10",
    });
    expect(res.status).toBe(200);
    const got = h.received[0]!;
    expect(got.url).toBe(`https://origin.example.com${path}?a=1&b=2`);
    expect(got.method).toBe("POST");
    expect(text(got.body)).toBe(HELLO.body);
    expect(got.headers.get("x-github-event")).toBe("push");
    expect(got.headers.get("x-hub-signature-256")).toBe(HELLO.sig);
    for (const dropped of ["x-drop-me", "keep-alive", "proxy-authorization", "hookgate-unverified-reason"]) expect(got.headers.get(dropped)).toBeNull();
    // hookgate's own verdict replaces the client's copy.
    expect(got.headers.get("hookgate-verified")).toBe("true");
    expect(got.headers.get("hookgate-signature")).not.toBe("v1,AAAA");
    expect(got.headers.get("hookgate-id")).toBe("delivery-42");
    expect(got.headers.get("hookgate-client-ip")).toBe("192.0.2.10");
    expect(got.headers.get("hookgate-provider")).toBe("github");
  });

  it("a proxy signature that verifies over id, timestamp and the exact body", async () => {
    const h = harness();
    const path = await ghRoute(h);
    await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    const got = h.received[0]!;
    const id = got.headers.get("hookgate-id")!;
    const ts = got.headers.get("hookgate-timestamp")!;
    expect(Number(ts)).toBe(Math.floor(h.clock.nowMs / 1000));
    const secret = h.env.HOOKGATE_ORIGIN_SECRET!.slice("whsec_".length);
    const key = await crypto.subtle.importKey("raw", Uint8Array.from(atob(secret), (c) => c.charCodeAt(0)), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    const sig = Uint8Array.from(atob(got.headers.get("hookgate-signature")!.slice(3)), (c) => c.charCodeAt(0));
    expect(await crypto.subtle.verify("HMAC", key, sig, bytes(`${id}.${ts}.${HELLO.body}`))).toBe(true);
    expect(await crypto.subtle.verify("HMAC", key, sig, bytes(`${id}.${ts}.${HELLO.body} `))).toBe(false);
  });

  it("uses the route's origin path when it has one, and the same URL when there is no origin", async () => {
    const h = harness();
    const withPath = await ghRoute(h, { origin: "https://origin.example.com/receive?src=hookgate" });
    await h.send(`${withPath}?x=1`, { body: HELLO.body, headers: ghHeaders() });
    expect(h.received[0]!.url).toBe("https://origin.example.com/receive?src=hookgate");
    const fronted = await h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET"] });
    await h.send(fronted, { body: HELLO.body, headers: ghHeaders() });
    expect(h.received[1]!.url).toBe(`https://hooks.example.com${fronted}`);
  });

  it("a fresh UUID as hookgate-id when the provider has no usable event id", async () => {
    const h = harness();
    const path = await ghRoute(h);
    await h.send(path, { body: HELLO.body, headers: { ...ghHeaders(), "X-GitHub-Delivery": "bad id with spaces" } });
    expect(h.received[0]!.headers.get("hookgate-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("what the provider gets back", () => {
  it("the origin's status and body, without hop-by-hop, cookies or hookgate-* headers", async () => {
    const h = harness();
    h.setOrigin(() => new Response("slow down", { status: 503, headers: { "retry-after": "30", "set-cookie": "s=1", "hookgate-internal": "x", "x-origin": "yes" } }));
    const path = await ghRoute(h, { delivery: { mode: "direct" } });
    const res = await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("slow down");
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.headers.get("x-origin")).toBe("yes");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("hookgate-internal")).toBeNull();
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", originStatus: 503 });
  });

  it("a 204 from the origin passes through without a body", async () => {
    const h = harness();
    h.setOrigin(() => new Response(null, { status: 204 }));
    const path = await ghRoute(h);
    expect((await h.send(path, { body: HELLO.body, headers: ghHeaders() })).status).toBe(204);
  });

  it("direct mode: 502 when the origin is unreachable, 504 when it does not answer in time", async () => {
    const h = harness();
    const path = await ghRoute(h, { originTimeoutMs: 100, delivery: { mode: "direct" } });
    h.setOrigin(() => {
      throw new TypeError("connection refused");
    });
    const down = await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({ error: "origin_unreachable", message: "The origin could not be reached; retry later." });
    h.setOrigin(() => {
      throw new DOMException("timed out", "TimeoutError");
    });
    expect((await h.send(path, { body: HELLO.body, headers: ghHeaders() })).status).toBe(504);
  });
});

describe("logs", () => {
  it("one line per request with the detail, and never a secret, signature or body", async () => {
    const h = harness();
    const path = await ghRoute(h);
    await h.send(path, { body: HELLO.body, headers: ghHeaders(HELLO.sig.replace("757107", "757108")) });
    await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    expect(h.logs).toHaveLength(2);
    expect(h.logs[0]).toMatchObject({ verdict: "rejected", reason: "signature_mismatch", provider: "github", bodyBytes: 13 });
    expect(h.logs[1]).toMatchObject({ verdict: "forwarded", originStatus: 200 });
    const all = JSON.stringify(h.logs);
    for (const secret of [GH, HELLO.sig.slice(7), HELLO.body]) expect(all).not.toContain(secret);
  });
});

describe("loop guard", () => {
  it("508 when hookgate's own forwarded request comes back, but a client's fake hookgate-* headers are only stripped", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "github", secrets: ["env:TEST_GITHUB_SECRET"] });
    await h.send(path, { body: HELLO.body, headers: ghHeaders() });
    const first = h.received[0]!;
    const looped = await h.send(path, { body: first.body, headers: first.headers });
    expect(looped.status).toBe(508);
    expect(h.received).toHaveLength(1);
    const fake = await h.send(path, {
      body: HELLO.body,
      headers: { ...ghHeaders(), "hookgate-id": "x", "hookgate-timestamp": "1", "hookgate-signature": "v1,AAAA" },
    });
    expect(fake.status).toBe(200);
    expect(h.received).toHaveLength(2);
  });
});
