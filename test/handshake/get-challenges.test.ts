/**
 * GET challenges answered before verification (Twitter/X CRC, eBay, Mailchimp,
 * Worldline): only from a safe token, never forwarded, never a 500.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const ORIGIN = "https://origin.example.com";
const enc = new TextEncoder();
const b64 = (b: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b)));
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

async function route(provider: string | Record<string, unknown>, secrets: string[], extra: Record<string, unknown> = {}) {
  const h = harness();
  const path = await h.putRoute({ provider: provider as never, secrets, origin: ORIGIN, ...extra });
  return { h, path };
}

describe("twitter-crc", () => {
  const SECRET = "twitter-consumer-secret";

  it("answers crc_token with sha256= base64 HMAC-SHA256 under the consumer secret", async () => {
    const { h, path } = await route("twitter", [SECRET]);
    const res = await h.send(`${path}?crc_token=abc123-XYZ_9`, { method: "GET" });
    expect(res.status).toBe(200);
    const key = await crypto.subtle.importKey("raw", enc.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    expect(await res.json()).toEqual({ response_token: `sha256=${b64(await crypto.subtle.sign("HMAC", key, enc.encode("abc123-XYZ_9")))}` });
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "twitter-crc" });
  });

  it.each([
    ["a JSON body as token (the answer would sign it)", `?crc_token=${encodeURIComponent('{"for_user_id":"1"}')}`],
    ["an empty token", "?crc_token="],
    ["two tokens", "?crc_token=a&crc_token=b"],
    ["an overlong token", `?crc_token=${"a".repeat(600)}`],
    // JSON scalars are JSON bodies too: the answer would be a valid signature of the body `12345` (or `true`, `-1.5e3`).
    ["a JSON number as token", "?crc_token=12345"],
    ["a JSON number with a sign and an exponent as token", "?crc_token=-1.5e3"],
    ["a JSON literal as token", "?crc_token=true"],
  ])("refuses %s (400), signs nothing", async (_n, query) => {
    const { h, path } = await route("twitter", [SECRET]);
    const res = await h.send(`${path}${query}`, { method: "GET" });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/sha256=/);
  });
});

describe("twitter-crc is no signing oracle", () => {
  it("the CRC answer for a token can never be replayed as the signature of a forged body", async () => {
    const { h, path } = await route("twitter", ["twitter-consumer-secret"]);
    // JSON scalars, and any other text in the token alphabet: Twitter's events are JSON objects, so a body
    // that could have been a crc_token is refused even though its signature is the genuine CRC answer.
    for (const token of ["12345", "0", "null", "false", "1e9", "abc", "abc123-XYZ_9", "delete_all=true", "  x  "]) {
      const crc = await h.send(`${path}?crc_token=${token}`, { method: "GET" });
      const answered = crc.status === 200 ? ((await crc.json()) as { response_token: string }).response_token : undefined;
      if (answered) await h.send(path, { body: token, headers: { "x-twitter-webhooks-signature": answered } });
    }
    expect(h.received).toHaveLength(0);
  });
});

describe("ebay-challenge", () => {
  it("answers challenge_code with hex SHA-256(code + verification token + endpoint)", async () => {
    const token = "ebay-verification-token-0123456789-abcdefghij";
    const endpoint = "https://hooks.example.com/ebay/account-deletion";
    const provider = { signature: { type: "hmac", header: "X-Unused", algorithm: "sha256", encoding: "hex" }, handshake: { kind: "ebay-challenge" } };
    const { h, path } = await route(provider, [token], { publicUrl: endpoint });
    const res = await h.send(`${path}?challenge_code=a8628072-3d33-45ee-9004-bee86830a22d`, { method: "GET" });
    expect(res.status).toBe(200);
    const digest = await crypto.subtle.digest("SHA-256", enc.encode(`a8628072-3d33-45ee-9004-bee86830a22d${token}${endpoint}`));
    expect(await res.json()).toEqual({ challengeResponse: hex(digest) });
  });

  it("without a publicUrl it is a config error (503), not a wrong answer", async () => {
    const provider = { signature: { type: "hmac", header: "X-Unused", algorithm: "sha256", encoding: "hex" }, handshake: { kind: "ebay-challenge" } };
    const { h, path } = await route(provider, ["t"]);
    expect((await h.send(`${path}?challenge_code=abc`, { method: "GET" })).status).toBe(503);
  });
});

describe("worldline-endpoint-verification", () => {
  it("echoes X-GCS-Webhooks-Endpoint-Verification as text/plain; refuses markup", async () => {
    const { h, path } = await route("worldline", ["worldline-secret"]);
    const res = await h.send(path, { method: "GET", headers: { "X-GCS-Webhooks-Endpoint-Verification": "Qm9yZWQ=" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("Qm9yZWQ=");
    const bad = await h.send(path, { method: "GET", headers: { "X-GCS-Webhooks-Endpoint-Verification": "<script>" } });
    expect(bad.status).toBe(400);
    expect(h.received).toHaveLength(0);
  });
});

describe("mailchimp-get", () => {
  it("answers the URL check GET with an empty 200; POSTs still need authentication", async () => {
    const provider = { token: { header: "X-Hook-Token" }, handshake: { kind: "mailchimp-get" } };
    const { h, path } = await route(provider, ["mailchimp-url-token"]);
    const res = await h.send(path, { method: "GET" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect((await h.send(path, { body: "type=subscribe" })).status).toBe(401);
    expect(h.received).toHaveLength(0);
  });
});
