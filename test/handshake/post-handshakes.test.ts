/**
 * POST handshakes: Clio's X-Hook-Secret and RingCentral's Validation-Token
 * (unsigned: the header is echoed in the same response header, only when it
 * is a short URL-safe token, and never forwarded), and Smartcar's VERIFY
 * (signed: answered with the HMAC of its challenge only after SC-Signature verified).
 */
import { describe, expect, it } from "vitest";
import { harness, text } from "../helpers/harness.ts";
import { hmacSign } from "../helpers/sign.ts";

const ORIGIN = "https://origin.example.com";
const T = 1764000000 * 1000;

async function route(provider: string, secrets: string[]) {
  const h = harness({ nowMs: T });
  const path = await h.putRoute({ provider, secrets, origin: ORIGIN });
  return { h, path };
}

async function expectMalformed(res: Response, h: ReturnType<typeof harness>, header: string) {
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: "bad_request", message: "The handshake challenge is missing or malformed." });
  expect(res.headers.has(header)).toBe(false);
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: "handshake_malformed" });
}

const unsafe: [string, string][] = [
  ["markup", "<script>alert(1)</script>"],
  ["a space", "abc def"],
  ["a quote and a semicolon", 'a";b'],
  ["600 characters", "a".repeat(600)],
  ["empty", ""],
];

describe("clio: X-Hook-Secret activation", () => {
  const SECRET = "clio-shared-secret-from-the-webhooks-api";
  const HOOK_SECRET = "7f0b8f8a1e9d4c2b9a3e5d6c7b8a9f0e1d2c3b4a5968778695a4b3c2d1e0f9a8";
  const ACTIVATION = '{"data":{"id":1234}}';

  it("echoes X-Hook-Secret in the response header (200, empty body), forwards nothing, logs no secret", async () => {
    const { h, path } = await route("clio", [SECRET]);
    const res = await h.send(path, { body: ACTIVATION, headers: { "content-type": "application/json", "X-Hook-Secret": HOOK_SECRET } });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Hook-Secret")).toBe(HOOK_SECRET);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("");
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "x-hook-secret" });
    expect(JSON.stringify(h.lastLog())).not.toContain(HOOK_SECRET);
  });

  it.each(unsafe)("refuses an X-Hook-Secret with %s (400), echoes nothing", async (_n, value) => {
    const { h, path } = await route("clio", [SECRET]);
    await expectMalformed(await h.send(path, { body: ACTIVATION, headers: { "X-Hook-Secret": value } }), h, "X-Hook-Secret");
  });

  it("a GET with X-Hook-Secret is not the activation: 405, nothing echoed", async () => {
    const { h, path } = await route("clio", [SECRET]);
    const res = await h.send(path, { method: "GET", headers: { "X-Hook-Secret": HOOK_SECRET } });
    expect(res.status).toBe(405);
    expect(res.headers.has("X-Hook-Secret")).toBe(false);
    expect(h.received).toHaveLength(0);
  });

  it("events: hex HMAC-SHA256 of the body in X-Hook-Signature is forwarded byte for byte; a forgery is 401", async () => {
    const body = '{"data":{"id":152,"etag":"\\"9a103be2201ae758992733a91f02903f\\""},"meta":{"event":"created","webhook_id":1234}}';
    const { h, path } = await route("clio", [SECRET]);
    const ok = await h.send(path, { body, headers: { "X-Hook-Signature": await hmacSign(SECRET, body) } });
    expect(ok.status).toBe(200);
    expect(text(h.received[0]!.body)).toBe(body);
    const forged = await h.send(path, { body, headers: { "X-Hook-Signature": await hmacSign(`${SECRET}x`, body) } });
    expect(forged.status).toBe(401);
    expect(h.received).toHaveLength(1);
  });
});

describe("ringcentral: Validation-Token", () => {
  const TOKEN = "ringcentral-verification-token-0123456789";
  const VALIDATION = "wtdwi2y88489yr34iwegsekshwekfhsdfh";
  const EVENT = '{"uuid":"1234-5678","event":"/restapi/v1.0/account/~/extension/~/message-store","subscriptionId":"sub-1","body":{}}';

  it("echoes Validation-Token of the empty-bodied creation request (200), forwards nothing", async () => {
    const { h, path } = await route("ringcentral", [TOKEN]);
    const res = await h.send(path, { headers: { "Validation-Token": VALIDATION, "Verification-Token": TOKEN, "content-length": "0" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Validation-Token")).toBe(VALIDATION);
    expect(await res.text()).toBe("");
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "ringcentral-validation-token" });
    // RingCentral refuses an answer over 1024 bytes (headers and body): the longest echo still fits.
    const longest = "a".repeat(512);
    const big = await h.send(path, { headers: { "Validation-Token": longest, "content-length": "0" } });
    const size = [...big.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, "HTTP/1.1 200 OK\r\n".length);
    expect(size).toBeLessThan(1024);
  });

  it.each(unsafe)("refuses a Validation-Token with %s (400), echoes nothing", async (_n, value) => {
    const { h, path } = await route("ringcentral", [TOKEN]);
    await expectMalformed(await h.send(path, { headers: { "Validation-Token": value, "content-length": "0" } }), h, "Validation-Token");
  });

  it("a delivery with a body is never taken for the handshake: verified by Verification-Token, forwarded or 401", async () => {
    const { h, path } = await route("ringcentral", [TOKEN]);
    const length = String(new TextEncoder().encode(EVENT).length);
    const ok = await h.send(path, { body: EVENT, headers: { "Validation-Token": VALIDATION, "Verification-Token": TOKEN, "content-length": length } });
    expect(ok.status).toBe(200);
    expect(ok.headers.has("Validation-Token")).toBe(false);
    expect(text(h.received[0]!.body)).toBe(EVENT);
    const forged = await h.send(path, { body: EVENT, headers: { "Validation-Token": VALIDATION, "Verification-Token": `${TOKEN}x`, "content-length": length } });
    expect(forged.status).toBe(401);
    expect(forged.headers.has("Validation-Token")).toBe(false);
    expect(h.received).toHaveLength(1);
  });

  it("a GET with Validation-Token is not the handshake: 405", async () => {
    const { h, path } = await route("ringcentral", [TOKEN]);
    const res = await h.send(path, { method: "GET", headers: { "Validation-Token": VALIDATION } });
    expect(res.status).toBe(405);
    expect(res.headers.has("Validation-Token")).toBe(false);
  });
});

describe("smartcar: VERIFY", () => {
  // The challenge of Smartcar's docs example; the answer computed with the smartcar SDK's hashChallenge().
  const AMT = "smartcar-amt-for-tests";
  const CHALLENGE = "3a5c8f72-e6d9-4b1a-9f2e-8c7d6a5b4e3f";
  const ANSWER = "481d529a9508a3815128062f2e2a59eb24c47548a98a0fcb925561277b70200d";
  const v4 = (challenge: unknown) =>
    JSON.stringify({ eventId: "52f6e0bb-1369-45da-a61c-9e67d092d6db", eventType: "VERIFY", data: { challenge }, meta: { version: "4.0", webhookId: "5a8e5e38-1e12-4011-a36d-56f120053f9e" } });
  const v2 = JSON.stringify({ version: "2.0", webhookId: "5a8e5e38-1e12-4011-a36d-56f120053f9e", eventName: "verify", payload: { challenge: CHALLENGE } });
  const send = async (body: string, key: string | null = AMT) => {
    const { h, path } = await route("smartcar", [AMT]);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (key) headers["SC-Signature"] = await hmacSign(key, body);
    return { h, res: await h.send(path, { body, headers }) };
  };

  it.each([
    ["v4 (eventType VERIFY, data.challenge)", v4(CHALLENGE)],
    ["v2 (eventName verify, payload.challenge)", v2],
  ])("answers a signed %s with the hex HMAC-SHA256 of the challenge; forwards nothing", async (_n, body) => {
    const { h, res } = await send(body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ challenge: ANSWER });
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "smartcar-verify" });
  });

  it.each([
    ["unsigned", null],
    ["signed with another key", `${AMT}x`],
  ])("a VERIFY %s is 401: never an HMAC for a forger (it would sign a chosen body)", async (_n, key) => {
    const { h, res } = await send(v4(CHALLENGE), key);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(ANSWER);
    expect(h.received).toHaveLength(0);
  });

  it.each([
    ["markup", "<b>x</b>"],
    ["a number", 42],
    ["missing", undefined],
    ["600 characters", "a".repeat(600)],
  ])("a signed VERIFY whose challenge is %s gets a clear 400", async (_n, challenge) => {
    const { h, res } = await send(v4(challenge));
    expect(res.status).toBe(400);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ reason: "handshake_malformed" });
  });

  it("a signed event that is not VERIFY is forwarded byte for byte", async () => {
    const body = JSON.stringify({ eventId: "e-1", eventType: "VEHICLE_STATE", data: { challenge: CHALLENGE }, meta: { version: "4.0" } });
    const { h, res } = await send(body);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(ANSWER);
    expect(text(h.received[0]!.body)).toBe(body);
  });
});
