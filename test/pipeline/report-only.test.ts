/**
 * Report-only mode (`enforce: false`): authenticity failures are logged and
 * the request is forwarded anyway, marked for the origin; everything that is
 * not about authenticity is still enforced. And in enforce mode (explicit or
 * default) a forged request never reaches the origin.
 */
import { describe, expect, it } from "vitest";
import { harness, text } from "../helpers/harness.ts";
import { vectors } from "../fixtures/vectors.ts";
import * as V from "../fixtures/handshake-vectors.ts";
import { Enforcement, reportable } from "../../src/pipeline/enforce.ts";
import type { Reason } from "../../src/shared/verdict.ts";

const github = vectors.find((v) => v.preset === "github")!;
const stripe = vectors.find((v) => v.preset === "stripe")!;
const ORIGIN = "https://origin.example.com";

async function setUp(enforce: boolean | undefined, v = github, extra: Record<string, unknown> = {}) {
  const h = harness({ nowMs: v.nowMs });
  const path = await h.putRoute({ provider: v.preset, secrets: [v.secret], origin: ORIGIN, ...(enforce === undefined ? {} : { enforce }), ...extra });
  return { h, path };
}

const forgedHeaders = (v = github) => ({ ...v.headers, [v.signatureHeader]: v.headers[v.signatureHeader]!.replace(/.$/, (c) => (c === "0" ? "1" : "0")) });

describe("enforce mode never lets a forgery through", () => {
  it.each([
    ["default (enforce absent)", undefined],
    ["explicit enforce: true", true],
  ] as const)("%s: a forged request is 401 and the origin receives nothing", async (_name, enforce) => {
    const { h, path } = await setUp(enforce);
    const res = await h.send(path, { body: github.body, headers: { ...forgedHeaders(), "hookgate-verified": "true" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "signature_mismatch" });
    expect(h.lastLog()?.verified).toBeUndefined();
  });

  it("a genuine request carries hookgate-verified: true", async () => {
    const { h, path } = await setUp(undefined);
    expect((await h.send(path, { body: github.body, headers: github.headers })).status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("true");
  });
});

describe("report-only (enforce: false)", () => {
  it("forwards a genuine request marked verified", async () => {
    const { h, path } = await setUp(false);
    const res = await h.send(path, { body: github.body, headers: github.headers });
    expect(res.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("true");
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBeNull();
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", verified: true });
    expect(h.lastLog()?.reason).toBeUndefined();
  });

  it.each([
    ["a bad signature", () => ({ body: github.body, headers: forgedHeaders() }), "signature_mismatch"],
    ["no signature", () => ({ body: github.body, headers: { "X-GitHub-Delivery": "x" } }), "signature_missing"],
    ["a signature in the wrong format", () => ({ body: github.body, headers: { "X-Hub-Signature-256": "md5=abc" } }), "signature_malformed"],
    ["a changed body", () => ({ body: `${github.body}!`, headers: github.headers }), "signature_mismatch"],
  ])("forwards a request with %s, marked unverified with the reason, and logs it", async (_name, make, code) => {
    const { h, path } = await setUp(false);
    const req = make();
    const res = await h.send(path, { ...req, headers: { ...req.headers, "hookgate-verified": "true", "hookgate-unverified-reason": "none" } });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    const got = h.received[0]!;
    expect(text(got.body)).toBe(req.body);
    // The client's own copies are stripped; only hookgate's verdict arrives.
    expect(got.headers.get("hookgate-verified")).toBe("false");
    expect(got.headers.get("hookgate-unverified-reason")).toBe(code);
    expect(got.headers.get("hookgate-signature")).toMatch(/^v1,/);
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", verified: false, reason: code, unverified: [code] });
    expect(h.lastLog()?.detail).toContain(`${code}: `);
  });

  it("reports a stale signed timestamp (stripe) instead of rejecting it", async () => {
    const { h, path } = await setUp(false, stripe);
    h.clock.nowMs += 301_000;
    const res = await h.send(path, { body: stripe.body, headers: stripe.headers });
    expect(res.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBe("timestamp_out_of_window");
  });

  it("passes the origin's answer back unchanged (the origin decides)", async () => {
    const { h, path } = await setUp(false);
    h.setOrigin(() => new Response("origin says no", { status: 403 }));
    const res = await h.send(path, { body: github.body, headers: forgedHeaders() });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("origin says no");
  });

  it("reports a wrong pre-shared key (okta) with its reason", async () => {
    const h = harness({ nowMs: github.nowMs });
    const path = await h.putRoute({ provider: "okta", secrets: [V.OKTA_SECRET], origin: ORIGIN, enforce: false });
    const res = await h.send(path, { body: V.OKTA_EVENT, headers: { Authorization: "guess" } });
    expect(res.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBe("token_mismatch");
  });

  it("an unverified request never claims a dedup id: the genuine one with the same id is still forwarded", async () => {
    const { h, path } = await setUp(false);
    const forged = await h.send(path, { body: github.body, headers: forgedHeaders() });
    expect(forged.status).toBe(200);
    const genuine = await h.send(path, { body: github.body, headers: github.headers });
    expect(genuine.status).toBe(200);
    expect(h.received).toHaveLength(2);
    expect(h.received[1]!.headers.get("hookgate-verified")).toBe("true");
    // A second genuine copy is a duplicate, as in enforce mode.
    await h.send(path, { body: github.body, headers: github.headers });
    expect(h.received).toHaveLength(2);
  });

  it("a genuinely signed request from a denied address never claims its id: the same event from an allowed address is forwarded", async () => {
    const { h, path } = await setUp(false, github, { allow: { ips: ["198.51.100.0/24"] } });
    // Correct signature, wrong source: forwarded for the origin to judge, marked unverified.
    const denied = await h.send(path, { body: github.body, headers: github.headers, ip: "203.0.113.7" });
    expect(denied.status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("false");
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBe("source_ip_denied");
    // The same event id, from an allowed address: forwarded verified, not answered "duplicate".
    const allowed = await h.send(path, { body: github.body, headers: github.headers, ip: "198.51.100.20" });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe("ok from origin");
    expect(h.received).toHaveLength(2);
    expect(h.received[1]!.headers.get("hookgate-verified")).toBe("true");
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", verified: true });
  });

  describe("still enforces what is not about authenticity", () => {
    it("405 for a method the route does not accept", async () => {
      const { h, path } = await setUp(false);
      const res = await h.send(path, { method: "PUT", body: github.body, headers: github.headers });
      expect(res.status).toBe(405);
      expect(h.received).toHaveLength(0);
    });

    it("413 for a body over the route's limit", async () => {
      const { h, path } = await setUp(false, github, { maxBodyBytes: 8 });
      const res = await h.send(path, { body: github.body, headers: forgedHeaders() });
      expect(res.status).toBe(413);
      expect(h.received).toHaveLength(0);
    });

    it("503 for a route whose secret cannot be resolved", async () => {
      const h = harness({ nowMs: github.nowMs });
      const path = await h.putRoute({ provider: "github", secrets: ["env:NOT_SET_ANYWHERE"], origin: ORIGIN, enforce: false });
      const res = await h.send(path, { body: github.body, headers: github.headers });
      expect(res.status).toBe(503);
      expect(h.received).toHaveLength(0);
    });

    it("503 for a route with an invalid enforce value", async () => {
      const h = harness({ nowMs: github.nowMs });
      const path = await h.putRoute({ provider: "github", secrets: [github.secret], origin: ORIGIN, enforce: "no" as never });
      const res = await h.send(path, { body: github.body, headers: github.headers });
      expect(res.status).toBe(503);
      expect(h.received).toHaveLength(0);
      expect(h.lastLog()?.detail).toMatch(/enforce/);
    });

    it("503 when the proxy signature key is missing", async () => {
      const h = harness({ nowMs: github.nowMs, env: { HOOKGATE_ORIGIN_SECRET: undefined } });
      const path = await h.putRoute({ provider: "github", secrets: [github.secret], origin: ORIGIN, enforce: false });
      const res = await h.send(path, { body: github.body, headers: forgedHeaders() });
      expect(res.status).toBe(503);
      expect(h.received).toHaveLength(0);
    });

    it("400 for a malformed handshake challenge", async () => {
      const h = harness({ nowMs: github.nowMs });
      const path = await h.putRoute({ provider: "dropbox", secrets: [V.DROPBOX_SECRET], origin: ORIGIN, enforce: false });
      const res = await h.send(`${path}?challenge=${encodeURIComponent("<x>")}`, { method: "GET" });
      expect(res.status).toBe(400);
      expect(h.received).toHaveLength(0);
    });
  });

  describe("handshakes", () => {
    const ping = { "X-Signature-Ed25519": V.DISCORD_PING_SIG, "X-Signature-Timestamp": V.DISCORD_TS };

    it("answers a genuine handshake itself, as in enforce mode", async () => {
      const h = harness({ nowMs: Number(V.DISCORD_TS) * 1000 });
      const path = await h.putRoute({ provider: "discord", secrets: [V.DISCORD_PUBLIC_KEY], origin: ORIGIN, enforce: false });
      const res = await h.send(path, { body: V.DISCORD_PING, headers: ping });
      expect(await res.json()).toEqual({ type: 1 });
      expect(h.received).toHaveLength(0);
    });

    it("never answers a forged handshake: it is forwarded, marked unverified, for the origin to judge", async () => {
      const h = harness({ nowMs: Number(V.DISCORD_TS) * 1000 });
      const path = await h.putRoute({ provider: "discord", secrets: [V.DISCORD_PUBLIC_KEY], origin: ORIGIN, enforce: false });
      h.setOrigin(() => new Response("bad signature", { status: 401 }));
      const res = await h.send(path, { body: V.DISCORD_PING, headers: { ...ping, "X-Signature-Ed25519": V.DISCORD_COMMAND_SIG } });
      expect(res.status).toBe(401);
      expect(h.received).toHaveLength(1);
      expect(h.received[0]!.headers.get("hookgate-verified")).toBe("false");
      expect(h.lastLog()).toMatchObject({ verdict: "forwarded", verified: false, reason: "signature_mismatch" });
    });
  });
});

describe("which failures report-only reports (the classification, as docs/rules.md lists it)", () => {
  // Authenticity: who sent it (signature, signed time, key, JWT, required values, expiry, source address).
  const reported = [
    "signature_missing", "signature_malformed", "signature_mismatch", "timestamp_missing", "timestamp_malformed",
    "timestamp_out_of_window", "token_missing", "token_mismatch", "jwt_missing", "jwt_malformed", "jwt_invalid",
    "jwt_expired", "jwt_not_yet_valid", "jwt_lifetime_too_long", "required_value_missing", "required_value_mismatch",
    "expiry_missing", "expiry_malformed", "expired", "expiry_too_far", "source_ip_unknown", "source_ip_denied",
    "source_ip_unresolved",
  ];
  // Everything else is answered the same in both modes.
  const enforced = [
    "route_not_found", "method_not_allowed", "config_invalid", "body_too_large", "body_unreadable", "handshake_malformed",
    "origin_unreachable", "origin_timeout", "loop_detected", "event_id_missing", "replay_duplicate", "replay_in_flight",
    "dedup_unavailable", "rate_limited", "internal_error",
  ];
  const reason = (code: string) => ({ code, detail: "d" }) as unknown as Reason;

  it.each(reported)("%s is reported", (code) => expect(reportable(reason(code))).toBe(true));
  it.each(enforced)("%s is enforced", (code) => expect(reportable(reason(code))).toBe(false));

  it("a report-only route records a reportable failure and rejects any other; an enforcing one rejects both", () => {
    const report = new Enforcement(false);
    expect(report.rejects(reason("signature_mismatch"))).toBe(false);
    expect(report.rejects(reason("config_invalid"))).toBe(true);
    expect(report.failures.map((f) => f.code)).toEqual(["signature_mismatch"]);
    expect(report.verified).toBe(false);
    const enforce = new Enforcement(true);
    expect(enforce.rejects(reason("signature_mismatch"))).toBe(true);
    expect(enforce.verified).toBe(true);
  });
});
