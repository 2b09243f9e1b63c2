/**
 * Oura's subscription check (oura-verification): an unsigned GET answered only when
 * verification_token is one of the route's tokenSecrets, echoing only a safe challenge;
 * never forwarded, never a 500.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { OURA_VERIFICATION_ANSWER, OURA_VERIFICATION_QUERY, OURA_VERIFICATION_TOKEN } from "../fixtures/handshake-vectors.ts";

const CLIENT_SECRET = "oura-client-secret";

async function route(extra: Record<string, unknown> = { tokenSecrets: ["older-token", OURA_VERIFICATION_TOKEN] }) {
  const h = harness();
  const path = await h.putRoute({ provider: "oura", secrets: [CLIENT_SECRET], origin: "https://origin.example.com", ...extra });
  return { h, path };
}

describe("oura-verification", () => {
  it("answers the docs' GET with {\"challenge\": …} when the token is one of tokenSecrets; nothing forwarded", async () => {
    const { h, path } = await route();
    const res = await h.send(`${path}${OURA_VERIFICATION_QUERY}`, { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe(OURA_VERIFICATION_ANSWER);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "oura-verification" });
  });

  it("a token outside the safe challenge alphabet still matches (it is compared, never echoed)", async () => {
    const { h, path } = await route({ tokenSecrets: ["s3cret #1 & ü"] });
    const res = await h.send(`${path}?verification_token=${encodeURIComponent("s3cret #1 & ü")}&challenge=abc`, { method: "GET" });
    expect(await res.text()).toBe('{"challenge":"abc"}');
  });

  it.each([
    ["a wrong token", "?verification_token=not-the-token&challenge=random-string"],
    ["the token with a character more", `?verification_token=${OURA_VERIFICATION_TOKEN}x&challenge=random-string`],
    ["the client secret as token (only tokenSecrets count)", `?verification_token=${CLIENT_SECRET}&challenge=random-string`],
    ["no token", "?challenge=random-string"],
    ["an empty token", "?verification_token=&challenge=random-string"],
    ["the token twice", `?verification_token=${OURA_VERIFICATION_TOKEN}&verification_token=x&challenge=random-string`],
  ])("refuses %s (401) without echoing the challenge", async (_n, query) => {
    const { h, path } = await route();
    const res = await h.send(`${path}${query}`, { method: "GET" });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("random-string");
    expect(h.received).toHaveLength(0);
  });

  it.each([
    ["markup", encodeURIComponent("<script>alert(1)</script>"), "<script>"],
    ["a CR LF (header splitting)", "a%0d%0aSet-Cookie:x=1", "Set-Cookie"],
    ["a quote (JSON injection)", encodeURIComponent('a","x":"y'), '"x"'],
    ["600 characters", "a".repeat(600), "a".repeat(600)],
    ["nothing", "", '"challenge"'],
  ])("with the right token, refuses a challenge with %s (400), echoes nothing", async (_n, challenge, echo) => {
    const { h, path } = await route();
    const res = await h.send(`${path}?verification_token=${OURA_VERIFICATION_TOKEN}&challenge=${challenge}`, { method: "GET" });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(echo);
    expect(h.received).toHaveLength(0);
  });

  it("refuses a challenge given twice (400)", async () => {
    const { h, path } = await route();
    const res = await h.send(`${path}?verification_token=${OURA_VERIFICATION_TOKEN}&challenge=one&challenge=two`, { method: "GET" });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/one|two/);
  });

  it("a route without tokenSecrets answers no check: a config error (503), not an answer", async () => {
    const { h, path } = await route({});
    const res = await h.send(`${path}${OURA_VERIFICATION_QUERY}`, { method: "GET" });
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain("random-string");
  });

  it("a POST carrying the check's query is an event: verified (forged: 401), never answered", async () => {
    const { h, path } = await route();
    const res = await h.send(`${path}${OURA_VERIFICATION_QUERY}`, {
      body: '{"event_type":"create"}',
      headers: { "x-oura-timestamp": "1764000000", "x-oura-signature": "00".repeat(32) },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("random-string");
    expect(h.received).toHaveLength(0);
  });
});
