/** Pre-shared key header: constant-time compare, rotation, prefix; forgeries reach nothing. */
import { describe, expect, it, vi } from "vitest";
import { harness } from "../helpers/harness.ts";
import { secretEquals, matchAny } from "../../src/auth/equal.ts";

const body = '{"object_kind":"push"}';
const KEY = "gl-token-3f9a1c0d5e";

async function setUp(provider: object, secrets = [KEY], extra: object = {}) {
  const h = harness();
  const path = await h.putRoute({ provider: provider as never, secrets, origin: "https://origin.example.com", ...extra });
  return { h, path };
}

async function expectRejected(h: ReturnType<typeof harness>, res: Response, reason: string) {
  expect(res.status).toBe(401);
  expect(Object.keys((await res.json()) as object).sort()).toEqual(["error", "message"]);
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason });
}

describe("secretEquals", () => {
  it("is true only for identical strings, whatever the lengths", async () => {
    expect(await secretEquals("abc", "abc")).toBe(true);
    expect(await secretEquals("abc", "abd")).toBe(false);
    expect(await secretEquals("abc", "abcd")).toBe(false);
    expect(await secretEquals("", "a")).toBe(false);
    expect(await matchAny("b", ["a", "b", "b"])).toBe(1);
    expect(await matchAny("c", ["a", "b"])).toBe(-1);
  });

  it("works in constant time: every candidate goes through crypto.subtle.verify, even after a match", async () => {
    const verify = vi.spyOn(crypto.subtle, "verify");
    try {
      expect(await matchAny("a", ["a", "b", "c"])).toBe(0);
      expect(verify).toHaveBeenCalledTimes(3);
      verify.mockClear();
      expect(await secretEquals("abc", "abd")).toBe(false);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });
});

describe("token (pre-shared key header)", () => {
  const gitlab = { token: { header: "X-Gitlab-Token" } };

  it("forwards the right key", async () => {
    const { h, path } = await setUp(gitlab);
    const res = await h.send(path, { body, headers: { "X-Gitlab-Token": KEY } });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("refuses a header value over 4096 characters before comparing it", async () => {
    const { h, path } = await setUp(gitlab);
    await expectRejected(h, await h.send(path, { body, headers: { "X-Gitlab-Token": "x".repeat(4097) } }), "token_mismatch");
    expect(h.lastLog()?.detail).toMatch(/is 4097 bytes long/);
  });

  it("accepts any of several keys (rotation)", async () => {
    const { h, path } = await setUp(gitlab, ["old-key-123", KEY]);
    expect((await h.send(path, { body, headers: { "X-Gitlab-Token": KEY } })).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it.each([
    { name: "wrong key of the same length", value: KEY.slice(0, -1) + "f", reason: "token_mismatch" },
    { name: "shorter key (prefix of the right one)", value: KEY.slice(0, -2), reason: "token_mismatch" },
    { name: "longer key", value: `${KEY}0`, reason: "token_mismatch" },
    { name: "empty header", value: "", reason: "token_missing" },
    { name: "missing header", value: null, reason: "token_missing" },
  ])("rejects: $name", async ({ value, reason }) => {
    const { h, path } = await setUp(gitlab);
    const res = await h.send(path, { body, headers: value === null ? {} : { "X-Gitlab-Token": value } });
    await expectRejected(h, res, reason);
  });

  it("honours a prefix (Authorization: Bearer <key>) and rejects the bare key", async () => {
    const { h, path } = await setUp({ token: { header: "Authorization", prefix: "Bearer " } });
    await expectRejected(h, await h.send(path, { body, headers: { Authorization: KEY } }), "token_mismatch");
    expect((await h.send(path, { body, headers: { Authorization: `bearer ${KEY}` } })).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("combines with a signature: both must pass, each with its own secrets", async () => {
    const provider = {
      signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex" },
      token: { header: "X-Token" },
    };
    const { h, path } = await setUp(provider, ["sig-secret"], { tokenSecrets: [KEY] });
    const mac = await crypto.subtle.sign(
      "HMAC",
      await crypto.subtle.importKey("raw", new TextEncoder().encode("sig-secret"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
      new TextEncoder().encode(body),
    );
    const sig = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
    await expectRejected(h, await h.send(path, { body, headers: { "X-Sig": sig } }), "token_missing");
    await expectRejected(h, await h.send(path, { body, headers: { "X-Sig": sig, "X-Token": "sig-secret" } }), "token_mismatch");
    // The right token never stands in for the signature.
    await expectRejected(h, await h.send(path, { body, headers: { "X-Sig": "00".repeat(32), "X-Token": KEY } }), "signature_mismatch");
    await expectRejected(h, await h.send(path, { body, headers: { "X-Token": KEY } }), "signature_missing");
    expect((await h.send(path, { body, headers: { "X-Sig": sig, "X-Token": KEY } })).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });
});
