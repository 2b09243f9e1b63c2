/** HS256 JWT sender authentication through the whole pipeline, with an injected clock. */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { JWT_SECRET, jwt } from "../fixtures/jwt-vectors.ts";

const body = '{"type":"order.paid","id":"ord_1"}';

async function setUp(opts: { secrets?: string[]; header?: string; prefix?: string; issuer?: string; audience?: string } = {}) {
  const h = harness(); // clock = T
  const spec = {
    ...(opts.header ? { header: opts.header, prefix: opts.prefix ?? "" } : {}),
    ...(opts.issuer ? { issuer: opts.issuer } : {}),
    ...(opts.audience ? { audience: opts.audience } : {}),
  };
  const path = await h.putRoute({ provider: { jwt: spec }, secrets: opts.secrets ?? [JWT_SECRET], origin: "https://origin.example.com" });
  return { h, path };
}
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

async function expectRejected(h: Awaited<ReturnType<typeof setUp>>["h"], res: Response, reason: string) {
  expect([400, 401]).toContain(res.status);
  const json = (await res.json()) as Record<string, string>;
  expect(Object.keys(json).sort()).toEqual(["error", "message"]);
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason });
}

describe("jwt (HS256)", () => {
  it("forwards a good token (Authorization: Bearer)", async () => {
    const { h, path } = await setUp();
    const res = await h.send(path, { body, headers: bearer(jwt.good) });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("accepts a token in a named header without prefix, and a rotated secret list", async () => {
    const { h, path } = await setUp({ header: "X-Webhook-Token", secrets: ["old-secret", JWT_SECRET] });
    const res = await h.send(path, { body, headers: { "X-Webhook-Token": jwt.goodNoJti } });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("accepts a lifetime of exactly maxLifetime, iat in the past (exp - iat = 20 s)", async () => {
    const { h, path } = await setUp();
    expect((await h.send(path, { body, headers: bearer(jwt.lifetimeAtMax) })).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("accepts typ in any case and a jti of 256 characters", async () => {
    const { h, path } = await setUp();
    expect((await h.send(path, { body, headers: bearer(jwt.typLower) })).status).toBe(200);
    expect((await h.send(path, { body, headers: bearer(jwt.jtiMax) })).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("refuses a header over 8192 characters before parsing it", async () => {
    const { h, path } = await setUp();
    await expectRejected(h, await h.send(path, { body, headers: bearer(`${jwt.good}${"A".repeat(8200)}`) }), "jwt_malformed");
    expect(h.lastLog()?.detail).toMatch(/is \d+ bytes long/);
  });

  it("accepts within the leeway after exp (exp + 5 s)", async () => {
    const { h, path } = await setUp();
    h.clock.nowMs += 20_000;
    expect((await h.send(path, { body, headers: bearer(jwt.good) })).status).toBe(200);
  });

  const forgeries: { name: string; token: string; reason: string; shiftS?: number; secrets?: string[] }[] = [
    { name: "expired (exp + leeway + 1 s)", token: jwt.good, reason: "jwt_expired", shiftS: 21 },
    { name: "nbf in the future", token: jwt.nbfFuture, reason: "jwt_not_yet_valid" },
    { name: "iat in the future (clock 10 s behind)", token: jwt.good, reason: "jwt_not_yet_valid", shiftS: -10 },
    { name: "lifetime longer than 20 s", token: jwt.lifetimeTooLong, reason: "jwt_lifetime_too_long" },
    { name: "no iat and exp far away", token: jwt.noIatFarExp, reason: "jwt_lifetime_too_long" },
    // The lifetime is exp - iat, not exp - now: a token issued an hour ago is too long-lived even with 15 s left.
    { name: "issued an hour ago, still unexpired (lifetime 3615 s)", token: jwt.issuedHourAgo, reason: "jwt_lifetime_too_long" },
    { name: "lifetime one second over maxLifetime (iat 6 s ago)", token: jwt.lifetimeOverMax, reason: "jwt_lifetime_too_long" },
    { name: "no exp", token: jwt.noExp, reason: "jwt_invalid" },
    { name: "exp as a string", token: jwt.expString, reason: "jwt_invalid" },
    { name: "a crit header parameter", token: jwt.critHeader, reason: "jwt_invalid" },
    { name: "typ other than JWT", token: jwt.typOther, reason: "jwt_invalid" },
    { name: "a jti of 257 characters", token: jwt.jtiTooLong, reason: "jwt_invalid" },
    { name: "alg none (empty signature)", token: jwt.algNone, reason: "jwt_malformed" },
    { name: "alg none with a signature", token: jwt.algNoneWithSig, reason: "jwt_invalid" },
    { name: "alg HS512", token: jwt.hs512, reason: "jwt_invalid" },
    { name: "tampered payload", token: jwt.tampered, reason: "jwt_invalid" },
    { name: "wrong secret", token: jwt.wrongSecret, reason: "jwt_invalid" },
    { name: "route configured with another secret", token: jwt.good, reason: "jwt_invalid", secrets: ["not-the-secret"] },
    { name: "padded base64url", token: `${jwt.good}=`, reason: "jwt_malformed" },
    { name: "base64 (+/) instead of base64url", token: jwt.good.replace(/_/g, "/").replace(/-/g, "+"), reason: "jwt_malformed" },
    { name: "non-canonical base64url (stray bits)", token: jwt.good.slice(0, -1) + "d", reason: "jwt_malformed" },
    { name: "two parts only", token: jwt.good.split(".").slice(0, 2).join("."), reason: "jwt_malformed" },
    { name: "empty bearer", token: "", reason: "jwt_missing" },
  ];

  it.each(forgeries)("rejects: $name", async (f) => {
    const { h, path } = await setUp({ secrets: f.secrets });
    if (f.shiftS) h.clock.nowMs += f.shiftS * 1000;
    const res = await h.send(path, { body, headers: bearer(f.token) });
    await expectRejected(h, res, f.reason);
  });

  it.each([
    { name: "alg none with a valid HS256 MAC", token: jwt.algNoneValidMac },
    { name: "alg HS512 with a valid HS256 MAC", token: jwt.hs512HeaderHs256Mac },
    { name: "alg hs256 (wrong case) with a valid MAC", token: jwt.lowercaseAlg },
  ])("rejects on the alg alone: $name", async ({ token }) => {
    const { h, path } = await setUp();
    await expectRejected(h, await h.send(path, { body, headers: bearer(token) }), "jwt_invalid");
    expect(h.lastLog()?.detail).toMatch(/is not HS256/);
  });

  it("rejects a missing Authorization header and a non-Bearer scheme", async () => {
    const { h, path } = await setUp();
    await expectRejected(h, await h.send(path, { body }), "jwt_missing");
    await expectRejected(h, await h.send(path, { body, headers: { Authorization: `Basic ${jwt.good}` } }), "jwt_missing");
  });

  it("feeds jti to dedup: the same token twice is forwarded once", async () => {
    const { h, path } = await setUp();
    const first = await h.send(path, { body, headers: bearer(jwt.good) });
    expect(first.status).toBe(200);
    const again = await h.send(path, { body, headers: bearer(jwt.good) });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect(h.received).toHaveLength(1);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", reason: "replay_duplicate" });
  });

  describe("issuer and audience", () => {
    const AUD = "https://hooks.example.com";
    it("forwards when iss and aud match (aud as a string, or an array that contains it)", async () => {
      const { h, path } = await setUp({ issuer: "sender", audience: AUD });
      expect((await h.send(path, { body, headers: bearer(jwt.audString) })).status).toBe(200);
      expect((await h.send(path, { body, headers: bearer(jwt.audArray) })).status).toBe(200);
      expect(h.received).toHaveLength(2);
    });

    it.each([
      ["another issuer", "issOther", /^iss is "intruder", not the route's issuer$/],
      ["no aud claim", "good", /^aud is missing, which does not include the route's audience$/],
      ["another audience", "audOther", /^aud is "https:\/\/other.example.com", which/],
      ["aud not a string", "audNumber", /^aud is 42, which/],
      ["an aud array without the audience (a longer look-alike included)", "audArrayOther", /^aud is \["https:\/\/other.example.com",/],
      ["no iss claim", "goodNoJti", /^iss is missing, not the route's issuer$/],
      ["an aud that only starts with the audience", "audLonger", /^aud is "https:\/\/hooks.example.com.evil", which/],
    ] as const)("rejects %s", async (_name, token, detail) => {
      const { h, path } = await setUp({ issuer: "sender", audience: AUD });
      await expectRejected(h, await h.send(path, { body, headers: bearer(jwt[token]) }), "jwt_invalid");
      expect(h.lastLog()?.detail).toMatch(detail);
    });

    it("without issuer/audience on the route, iss and aud are not checked", async () => {
      const { h, path } = await setUp();
      expect((await h.send(path, { body, headers: bearer(jwt.audOther) })).status).toBe(200);
      expect((await h.send(path, { body, headers: bearer(jwt.issOther) })).status).toBe(200);
      expect(h.received).toHaveLength(2);
    });
  });
});
