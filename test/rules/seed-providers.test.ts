/**
 * The source providers exactly as their documents describe them: Lean
 * production vs sandbox (and a complete Lean route validating the App Token),
 * Scalekit's two signature formats on one route with its source ranges, and the
 * "proper way" article's scheme as a ready preset. Injected clock throughout.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { compileRoute } from "../../src/rules/resolve.ts";

const enc = new TextEncoder();
const LEAN_PROD_IP = "193.123.78.188";
const LEAN_SANDBOX_IP = "193.123.89.181";
/** No network in tests: Lean's hostnames resolve to nothing (NXDOMAIN), so only the published addresses count. */
const noDns = { resolverFetch: async () => Response.json({ Status: 3 }) };

async function hmac(hash: "SHA-256" | "SHA-512", key: Uint8Array, data: string, encoding: "hex" | "base64" | "base64url"): Promise<string> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)));
  if (encoding === "hex") return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  const b64 = btoa(String.fromCharCode(...mac));
  return encoding === "base64" ? b64 : b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
const b64url = (v: unknown) => btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function compiled(route: Record<string, unknown>) {
  const c = await compileRoute("test", { path: "/x", secrets: ["s"], ...route }, { loadProvider: async () => null, env: {} });
  if (!c.ok) throw new Error(c.detail);
  return c.compiled;
}

describe("lean: production and sandbox are separate presets", () => {
  const LEAN_SECRET = "lean-webhook-secret";
  const leanHeaders = async (body: string) => ({ "content-type": "application/json", "lean-signature": `sha512=${await hmac("SHA-512", enc.encode(LEAN_SECRET), body, "hex")}` });

  it("lean accepts only production's address and hostname; lean-sandbox only the sandbox's", () => {
    expect(presets.lean!.sourceIps).toEqual({ ips: [LEAN_PROD_IP], hostnames: ["webhooks.leantech.me"] });
    expect(presets["lean-sandbox"]?.sourceIps).toEqual({ ips: [LEAN_SANDBOX_IP], hostnames: ["webhooks.sandbox.leantech.me"] });
  });

  it.each([
    ["lean", LEAN_PROD_IP, 200],
    ["lean", LEAN_SANDBOX_IP, 403],
    ["lean-sandbox", LEAN_SANDBOX_IP, 200],
    ["lean-sandbox", LEAN_PROD_IP, 403],
  ] as const)("%s from %s → %i", async (provider, ip, status) => {
    const h = harness({ deps: noDns });
    const path = await h.putRoute({ provider, secrets: [LEAN_SECRET], origin: "https://origin.example.com" });
    const body = '{"type":"payment.created","app_token":"app-1"}';
    expect((await h.send(path, { body, headers: await leanHeaders(body), ip })).status).toBe(status);
  });

  it("carries Lean's documented deadline (10 s) and success status (200)", async () => {
    for (const name of ["lean", "lean-sandbox"]) {
      const c = await compiled({ provider: name });
      expect([c.deadlineMs, c.successStatus]).toEqual([10_000, 200]);
      // The default origin timeout leaves headroom under Lean's 10 s.
      expect(c.originTimeoutMs).toBeLessThan(10_000);
    }
  });

  describe("a complete Lean route that validates the Lean App Token", () => {
    // The route documented in docs/providers.md ("Lean"), verbatim apart from the origin.
    const route = {
      provider: "lean",
      secrets: ["env:LEAN_WEBHOOK_SECRET"],
      require: [{ from: { json: "app_token" }, equals: "env:LEAN_APP_TOKEN" }],
      origin: "https://origin.example.com",
    };
    const env = { LEAN_WEBHOOK_SECRET: LEAN_SECRET, LEAN_APP_TOKEN: "a1b2c3-lean-app" };

    it.each([
      ["the right App Token → 200", '{"type":"entity.created","app_token":"a1b2c3-lean-app"}', LEAN_PROD_IP, 200, undefined],
      ["another app's token → 401", '{"type":"entity.created","app_token":"someone-else"}', LEAN_PROD_IP, 401, "required_value_mismatch"],
      ["no App Token → 401", '{"type":"entity.created"}', LEAN_PROD_IP, 401, "required_value_missing"],
      ["the right token from the sandbox address → 403", '{"type":"entity.created","app_token":"a1b2c3-lean-app"}', LEAN_SANDBOX_IP, 403, "source_ip_denied"],
    ] as const)("%s", async (_, body, ip, status, reason) => {
      const h = harness({ env, deps: noDns });
      const path = await h.putRoute(route as never);
      const res = await h.send(path, { body, headers: await leanHeaders(body), ip });
      expect(res.status).toBe(status);
      expect(h.received).toHaveLength(status === 200 ? 1 : 0);
      if (reason) expect(h.lastLog()?.reason).toBe(reason);
    });
  });
});

describe("scalekit: both signature formats on one route", () => {
  // One secret, as Scalekit issues it (whsec_…): the x-scalekit-signature format keys HMAC with it as written.
  const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
  const IN_RANGE = "54.236.12.34";

  async function send(format: "scalekit" | "standard", opts: { ip?: string; created?: number; ts?: number; id?: string } = {}) {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ provider: "scalekit", secrets: [SECRET], origin: "https://origin.example.com" });
    const id = opts.id ?? "evt_123";
    const body = JSON.stringify({ id, type: "organization.created", created: opts.created ?? NOW / 1000, data: {} });
    let headers: Record<string, string>;
    if (format === "scalekit") headers = { "x-scalekit-signature": `sha256=${await hmac("SHA-256", enc.encode(SECRET), body, "hex")}` };
    else {
      const ts = String(opts.ts ?? NOW / 1000);
      const key = Uint8Array.from(atob(SECRET.slice(6)), (c) => c.charCodeAt(0));
      headers = { "webhook-id": `msg_${id}`, "webhook-timestamp": ts, "webhook-signature": `v1,${await hmac("SHA-256", key, `msg_${id}.${ts}.${body}`, "base64")}` };
    }
    const res = await h.send(path, { body, headers: { "content-type": "application/json", ...headers }, ip: opts.ip ?? IN_RANGE });
    return { res, h };
  }

  it("accepts the documented x-scalekit-signature: sha256=<hex>", async () => {
    const { res, h } = await send("scalekit");
    expect(res.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-id")).toBe("evt_123");
  });

  it("accepts Standard Webhooks headers (what Scalekit's SDK verifies)", async () => {
    const { res, h } = await send("standard");
    expect(res.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-id")).toBe("msg_evt_123");
  });

  it.each(["scalekit", "standard"] as const)("%s format: outside Scalekit's source ranges → 403", async (format) => {
    expect((await send(format, { ip: "198.51.100.7" })).res.status).toBe(403);
    expect((await send(format, { ip: "52.206.69.1" })).res.status).toBe(403);
    expect((await send(format, { ip: "52.206.68.200" })).res.status).toBe(200);
  });

  it("keeps the 5-minute `created` window on the x-scalekit format, and the signed timestamp window on the other", async () => {
    expect((await send("scalekit", { created: NOW / 1000 - 301 })).res.status).toBe(401);
    expect((await send("standard", { ts: NOW / 1000 - 301 })).res.status).toBe(401);
  });

  it("a forged Standard Webhooks signature does not fall back to the other format", async () => {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ provider: "scalekit", secrets: [SECRET], origin: "https://origin.example.com" });
    const body = JSON.stringify({ id: "evt_9", created: NOW / 1000 });
    const res = await h.send(path, {
      body,
      headers: { "webhook-id": "m", "webhook-timestamp": String(NOW / 1000), "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" },
      ip: IN_RANGE,
    });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("suggests Scalekit's documented 100 requests/minute as a default a route can override or turn off", async () => {
    expect((await compiled({ provider: "scalekit" })).rateLimit).toEqual({ requestsPerMinute: 100 });
    expect((await compiled({ provider: "scalekit", rateLimit: { requestsPerMinute: 500 } })).rateLimit).toEqual({ requestsPerMinute: 500 });
    expect((await compiled({ provider: "scalekit", rateLimit: false })).rateLimit).toBeUndefined();
  });
});

describe("psk-jwt: the article's scheme (pre-shared key + 20 s HS256 JWT + ValidUntil + IP allow list)", () => {
  const PSK = "article-pre-shared-key";
  const JWT_KEY = "article-jwt-signing-key";
  const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
  const S = NOW / 1000;
  const route = {
    provider: "psk-jwt",
    secrets: [PSK],
    jwtSecrets: [JWT_KEY],
    allow: { ips: ["198.51.100.0/24"] },
    origin: "https://origin.example.com",
  };

  async function jwt(claims: Record<string, unknown>, key = JWT_KEY) {
    const input = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(claims)}`;
    return `${input}.${await hmac("SHA-256", enc.encode(key), input, "base64url")}`;
  }

  async function send(o: { psk?: string; iat?: number; exp?: number; sentAt?: number; validUntil?: number; ip?: string; key?: string; route?: object } = {}) {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute((o.route ?? route) as never);
    const sentAt = o.sentAt ?? S;
    const token = await jwt({ iat: o.iat ?? S, exp: o.exp ?? S + 20, jti: "evt-article-1" }, o.key);
    const res = await h.send(path, {
      body: '{"event":"order.paid"}',
      headers: {
        "content-type": "application/json",
        "X-Webhook-Key": o.psk ?? PSK,
        authorization: `Bearer ${token}`,
        "X-Webhook-Sent-At": String(sentAt),
        "X-Webhook-Valid-Until": String(o.validUntil ?? sentAt + 20),
      },
      ip: o.ip ?? "198.51.100.9",
    });
    return { res, h };
  }

  it("accepts a genuine delivery: key, 20 s JWT, ValidUntil 20 s after the send time, from the allowed range", async () => {
    const { res, h } = await send();
    expect(res.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-id")).toBe("evt-article-1");
  });

  it.each([
    ["a wrong pre-shared key", { psk: "nope" }, 401],
    ["the JWT key used as the pre-shared key", { psk: JWT_KEY }, 401],
    ["a JWT signed with the pre-shared key", { key: PSK }, 401],
    ["a JWT living 30 s", { exp: S + 30 }, 401],
    ["ValidUntil 25 s after the send time (15 s from now)", { sentAt: S - 10, validUntil: S + 15 }, 401],
    ["ValidUntil passed", { sentAt: S - 19, validUntil: S - 10 }, 401],
    ["a send time 60 s old", { sentAt: S - 60, validUntil: S - 40 }, 401],
    ["an address outside the allow list", { ip: "203.0.113.9" }, 403],
  ] as const)("rejects %s", async (_, o, status) => {
    const { res, h } = await send(o);
    expect(res.status).toBe(status);
    expect(h.received).toHaveLength(0);
  });

  it("refuses a route without an allow list (the scheme includes one)", async () => {
    const { allow: _, ...noAllow } = route;
    const { res } = await send({ route: noAllow });
    expect(res.status).toBe(503);
  });
});
