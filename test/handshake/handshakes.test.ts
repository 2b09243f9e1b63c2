/**
 * Handshakes answered by hookgate itself: only when the request is genuine
 * (where the provider signs it), never forwarded unless the route asks, 401
 * for a bad signature, a clear 400 for a bad challenge, never a 500.
 */
import { describe, expect, it } from "vitest";
import { harness, text } from "../helpers/harness.ts";
import { hmacSign } from "../helpers/sign.ts";
import * as V from "../fixtures/handshake-vectors.ts";

const T = 1764000000 * 1000;
const ORIGIN = "https://origin.example.com";

async function route(provider: string, secrets: string[], extra: Record<string, unknown> = {}, nowMs = T) {
  const h = harness({ nowMs });
  const path = await h.putRoute({ provider, secrets, origin: ORIGIN, ...extra });
  return { h, path };
}

function expectAnswered(h: ReturnType<typeof harness>, kind: string) {
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: kind });
}

async function expectUnauthorized(res: Response, h: ReturnType<typeof harness>) {
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: "unauthorized", message: "The request could not be verified." });
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()?.verdict).toBe("rejected");
}

async function expectBadChallenge(res: Response, h: ReturnType<typeof harness>, detail: RegExp) {
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: "bad_request", message: "The handshake challenge is missing or malformed." });
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "handshake_malformed" });
  expect(h.lastLog()?.detail).toMatch(detail);
}

describe("discord PING → PONG", () => {
  const headers = { "X-Signature-Ed25519": V.DISCORD_PING_SIG, "X-Signature-Timestamp": V.DISCORD_TS };

  it("answers a genuine PING with {type:1}; the origin sees nothing", async () => {
    const { h, path } = await route("discord", [V.DISCORD_PUBLIC_KEY]);
    const res = await h.send(path, { body: V.DISCORD_PING, headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ type: 1 });
    expectAnswered(h, "discord-ping");
  });

  it.each([
    ["a flipped signature", { ...headers, "X-Signature-Ed25519": V.DISCORD_PING_SIG.replace(/^9a/, "9b") }, V.DISCORD_PING],
    ["another body's signature", { ...headers, "X-Signature-Ed25519": V.DISCORD_COMMAND_SIG }, V.DISCORD_PING],
    ["a changed timestamp", { ...headers, "X-Signature-Timestamp": "1764000001" }, V.DISCORD_PING],
    ["no signature", { "X-Signature-Timestamp": V.DISCORD_TS }, V.DISCORD_PING],
    ["a signature of the wrong length", { ...headers, "X-Signature-Ed25519": V.DISCORD_PING_SIG.slice(2) }, V.DISCORD_PING],
  ])("answers 401 to a PING with %s", async (_name, hdrs, body) => {
    const { h, path } = await route("discord", [V.DISCORD_PUBLIC_KEY]);
    await expectUnauthorized(await h.send(path, { body, headers: hdrs }), h);
  });

  it("forwards a genuine PING when the route sets handshake.forward", async () => {
    const { h, path } = await route("discord", [V.DISCORD_PUBLIC_KEY], { handshake: { forward: true } });
    const res = await h.send(path, { body: V.DISCORD_PING, headers });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(text(h.received[0]!.body)).toBe(V.DISCORD_PING);
    expect(h.lastLog()?.verdict).toBe("forwarded");
  });

  it("a route with a malformed public key fails closed (503), naming the key as public", async () => {
    const { h, path } = await route("discord", ["not-hex"]);
    const res = await h.send(path, { body: V.DISCORD_PING, headers });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.detail).toMatch(/PUBLIC key/);
  });
});

describe("slack url_verification", () => {
  const headers = { "X-Slack-Signature": V.SLACK_URL_VERIFICATION_SIG, "X-Slack-Request-Timestamp": V.SLACK_TS };

  it("echoes the challenge of a genuine request", async () => {
    const { h, path } = await route("slack", [V.SLACK_SECRET]);
    const res = await h.send(path, { body: V.SLACK_URL_VERIFICATION, headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expectAnswered(h, "slack-url-verification");
  });

  it("answers 401, not the challenge, when the signature is bad", async () => {
    const { h, path } = await route("slack", [`${V.SLACK_SECRET}x`]);
    await expectUnauthorized(await h.send(path, { body: V.SLACK_URL_VERIFICATION, headers }), h);
  });

  it("answers 401 when the signed timestamp is stale", async () => {
    const { h, path } = await route("slack", [V.SLACK_SECRET], {}, T + 301_000);
    await expectUnauthorized(await h.send(path, { body: V.SLACK_URL_VERIFICATION, headers }), h);
  });

  it.each([
    ["missing", { type: "url_verification" }, /missing/],
    ["a number", { type: "url_verification", challenge: 12345 }, /number/],
    ["an object", { type: "url_verification", challenge: { a: 1 } }, /object/],
    ["huge", { type: "url_verification", challenge: "a".repeat(513) }, /513 characters/],
    ["markup", { type: "url_verification", challenge: "<script>alert(1)</script>" }, /characters outside/],
    ["with a newline", { type: "url_verification", challenge: "abc\r\nSet-Cookie: x=1" }, /characters outside/],
    // Both anchors matter: unsafe characters before, or after, a run of safe ones.
    ["markup, then a safe token", { type: "url_verification", challenge: "<svg onload=alert(1)>ok" }, /characters outside/],
    ["a safe token, then markup", { type: "url_verification", challenge: "ok<svg>" }, /characters outside/],
    ["with a space", { type: "url_verification", challenge: "ok ok" }, /characters outside/],
  ])("a genuine request whose challenge is %s gets a clear 400", async (_name, payload, detail) => {
    const body = JSON.stringify(payload);
    const sig = `v0=${await hmacSign(V.SLACK_SECRET, `v0:${V.SLACK_TS}:${body}`)}`;
    const { h, path } = await route("slack", [V.SLACK_SECRET]);
    await expectBadChallenge(await h.send(path, { body, headers: { "X-Slack-Signature": sig, "X-Slack-Request-Timestamp": V.SLACK_TS } }), h, detail);
  });

  it("the in-test signer agrees with the fixture (so the 400 cases are genuinely signed)", async () => {
    expect(`v0=${await hmacSign(V.SLACK_SECRET, `v0:${V.SLACK_TS}:${V.SLACK_URL_VERIFICATION}`)}`).toBe(V.SLACK_URL_VERIFICATION_SIG);
  });
});

describe("zoom endpoint.url_validation", () => {
  const headers = { "x-zm-signature": V.ZOOM_VALIDATION_SIG, "x-zm-request-timestamp": V.ZOOM_TS };

  it("answers plainToken and its hex HMAC under the secret token", async () => {
    const { h, path } = await route("zoom", [V.ZOOM_SECRET]);
    const res = await h.send(path, { body: V.ZOOM_VALIDATION, headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ plainToken: "qgg8vlvZRS6UYooatFL8Aw", encryptedToken: V.ZOOM_ENCRYPTED_TOKEN });
    expectAnswered(h, "zoom-url-validation");
  });

  it("during rotation, encrypts with the secret that verified the request", async () => {
    const { h, path } = await route("zoom", ["an-older-secret-token", V.ZOOM_SECRET]);
    const res = await h.send(path, { body: V.ZOOM_VALIDATION, headers });
    expect(((await res.json()) as { encryptedToken: string }).encryptedToken).toBe(V.ZOOM_ENCRYPTED_TOKEN);
  });

  it("answers 401 when the signature is bad (never an encryptedToken for a forger)", async () => {
    const { h, path } = await route("zoom", [V.ZOOM_SECRET]);
    const res = await h.send(path, { body: V.ZOOM_VALIDATION, headers: { ...headers, "x-zm-signature": V.ZOOM_EVENT_SIG } });
    await expectUnauthorized(res, h);
  });

  it.each([
    ["no payload", { event: "endpoint.url_validation" }],
    ["a numeric plainToken", { event: "endpoint.url_validation", payload: { plainToken: 42 } }],
    ["an empty plainToken", { event: "endpoint.url_validation", payload: { plainToken: "" } }],
  ])("a genuine validation with %s gets a clear 400", async (_name, payload) => {
    const body = JSON.stringify(payload);
    const sig = `v0=${await hmacSign(V.ZOOM_SECRET, `v0:${V.ZOOM_TS}:${body}`)}`;
    const { h, path } = await route("zoom", [V.ZOOM_SECRET]);
    await expectBadChallenge(await h.send(path, { body, headers: { "x-zm-signature": sig, "x-zm-request-timestamp": V.ZOOM_TS } }), h, /plainToken/);
  });
});

describe("dropbox GET ?challenge=", () => {
  it("echoes a safe challenge as text/plain with nosniff, though the route only lists POST", async () => {
    const { h, path } = await route("dropbox", [V.DROPBOX_SECRET]);
    const res = await h.send(`${path}?challenge=dQw4w9WgXcQ-abc_123`, { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe("dQw4w9WgXcQ-abc_123");
    expectAnswered(h, "dropbox-challenge");
  });

  it.each([
    ["empty", "?challenge=", /missing/],
    ["markup", `?challenge=${encodeURIComponent("<b>x</b>")}`, /characters outside/],
    ["huge", `?challenge=${"a".repeat(600)}`, /600 characters/],
    ["repeated", "?challenge=a&challenge=b", /2 times/],
  ])("refuses a challenge that is %s with a clear 400", async (_name, query, detail) => {
    const { h, path } = await route("dropbox", [V.DROPBOX_SECRET]);
    await expectBadChallenge(await h.send(`${path}${query}`, { method: "GET" }), h, detail);
  });

  it("a GET without a challenge is not a handshake: 405", async () => {
    const { h, path } = await route("dropbox", [V.DROPBOX_SECRET]);
    const res = await h.send(path, { method: "GET" });
    expect(res.status).toBe(405);
    expect(h.received).toHaveLength(0);
  });

  it("a POST carrying ?challenge= is still verified like any event", async () => {
    const { h, path } = await route("dropbox", [V.DROPBOX_SECRET]);
    const res = await h.send(`${path}?challenge=abc`, { body: V.DROPBOX_BODY });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });
});

describe("twitch webhook_callback_verification", () => {
  const headers = {
    "Twitch-Eventsub-Message-Id": V.TWITCH_ID,
    "Twitch-Eventsub-Message-Timestamp": V.TWITCH_TS,
    "Twitch-Eventsub-Message-Signature": V.TWITCH_VERIFICATION_SIG,
    "Twitch-Eventsub-Message-Type": "webhook_callback_verification",
  };

  it("echoes the challenge as text/plain when genuine", async () => {
    const { h, path } = await route("twitch", [V.TWITCH_SECRET]);
    const res = await h.send(path, { body: V.TWITCH_VERIFICATION, headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("pogchamp-kappa-360noscope-vohiyo");
    expectAnswered(h, "twitch-callback-verification");
  });

  it("answers 401 when the signature is bad", async () => {
    const { h, path } = await route("twitch", [V.TWITCH_SECRET]);
    const res = await h.send(path, { body: V.TWITCH_VERIFICATION, headers: { ...headers, "Twitch-Eventsub-Message-Id": "another-id" } });
    await expectUnauthorized(res, h);
  });

  it("a genuine verification whose challenge is not a string gets a clear 400", async () => {
    const body = '{"challenge":["x"],"subscription":{}}';
    const sig = `sha256=${await hmacSign(V.TWITCH_SECRET, V.TWITCH_ID + V.TWITCH_TS + body)}`;
    const { h, path } = await route("twitch", [V.TWITCH_SECRET]);
    await expectBadChallenge(await h.send(path, { body, headers: { ...headers, "Twitch-Eventsub-Message-Signature": sig } }), h, /object/);
  });
});

describe("xero Intent to Receive", () => {
  it("answers 200 with an empty body to a genuine ITR", async () => {
    const { h, path } = await route("xero", [V.XERO_SECRET]);
    const res = await h.send(path, { body: V.XERO_ITR, headers: { "x-xero-signature": V.XERO_ITR_SIG } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expectAnswered(h, "xero-intent-to-receive");
  });

  it.each([
    ["another payload's signature", V.XERO_EVENT_SIG],
    ["a garbage signature", "bm90IGEgc2lnbmF0dXJl"],
    ["an empty signature", ""],
  ])("answers 401 to an ITR with %s", async (_name, sig) => {
    const { h, path } = await route("xero", [V.XERO_SECRET]);
    await expectUnauthorized(await h.send(path, { body: V.XERO_ITR, headers: { "x-xero-signature": sig } }), h);
  });
});

describe("okta one-time verification GET and events", () => {
  const oktaRoute = () => route("okta", [V.OKTA_SECRET]);

  it("forwards an event with the right Authorization value", async () => {
    const { h, path } = await oktaRoute();
    const res = await h.send(path, { body: V.OKTA_EVENT, headers: { Authorization: V.OKTA_SECRET } });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(text(h.received[0]!.body)).toBe(V.OKTA_EVENT);
    expect(h.lastLog()?.eventId).toBe("b5a188b9-5ece-4636-b041-482ffda96311");
  });

  it.each([
    ["a wrong value", { Authorization: `${V.OKTA_SECRET}x` }],
    ["no Authorization header", {}],
    ["an empty value", { Authorization: "" }],
  ])("rejects an event with %s (401, origin receives nothing)", async (_name, headers) => {
    const { h, path } = await oktaRoute();
    await expectUnauthorized(await h.send(path, { body: V.OKTA_EVENT, headers }), h);
  });

  it("only a GET is the verification: an event POST carrying the header is verified and forwarded, not answered", async () => {
    const { h, path } = await oktaRoute();
    const headers = { Authorization: V.OKTA_SECRET, "X-Okta-Verification-Challenge": "X06FuMxSjA-7Q_8v4PhgSq" };
    const res = await h.send(path, { body: V.OKTA_EVENT, headers });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.lastLog()?.verdict).toBe("forwarded");
  });

  it("answers {verification} with the header's value", async () => {
    const { h, path } = await oktaRoute();
    const res = await h.send(path, { method: "GET", headers: { "X-Okta-Verification-Challenge": "X06FuMxSjA-7Q_8v4PhgSq" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ verification: "X06FuMxSjA-7Q_8v4PhgSq" });
    expectAnswered(h, "okta-verification");
  });

  it("refuses an unsafe value with a clear 400", async () => {
    const { h, path } = await oktaRoute();
    const res = await h.send(path, { method: "GET", headers: { "X-Okta-Verification-Challenge": '"},{"x":"' } });
    await expectBadChallenge(res, h, /characters outside/);
  });
});

describe("handshake configuration", () => {
  it("an unknown handshake kind is a config error (503), never forwarded", async () => {
    const h = harness({ nowMs: T });
    await h.putProvider("bad-handshake", {
      signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex" },
      handshake: { kind: "carrier-pigeon" as never },
    });
    const path = await h.putRoute({ provider: "bad-handshake", secrets: ["s"], origin: ORIGIN });
    const res = await h.send(path, { body: "{}" });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.detail).toMatch(/handshake\.kind: must be one of/);
  });
});

describe("handshake schema guard", () => {
  it("zoom-url-validation on a non-HMAC provider is refused with a clear message", async () => {
    const { ProviderSchema } = await import("../../src/rules/schema.ts");
    const r = ProviderSchema.safeParse({
      signature: { type: "ed25519", header: "X-Sig" },
      handshake: { kind: "zoom-url-validation" },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/must be of type hmac/);
  });
});
