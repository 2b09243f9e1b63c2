/**
 * Timestamp windows whether or not the timestamp is signed (a JSON `created`
 * field in unix s / ms / ISO 8601, a header), both ways, route tolerance
 * override; and a ValidUntil-style expiry header. Injected clock throughout.
 */
import { describe, expect, it } from "vitest";
import { harness, publishedSourceIp } from "../helpers/harness.ts";

const KEY = "psk-window-tests";
const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
const S = NOW / 1000;

async function setUp(provider: object, route: object = {}) {
  const h = harness({ nowMs: NOW });
  const path = await h.putRoute({
    provider: { token: { header: "X-Key" }, ...provider } as never,
    secrets: [KEY],
    origin: "https://origin.example.com",
    dedup: false,
    ...route,
  });
  return { h, path };
}

async function expectRejected(h: ReturnType<typeof harness>, res: Response, reason: string) {
  expect([400, 401]).toContain(res.status);
  expect(Object.keys((await res.json()) as object).sort()).toEqual(["error", "message"]);
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason });
}

const created = (v: string | number) => JSON.stringify({ id: "evt_1", created: v, type: "x" });
const iso = (s: number) => new Date(s * 1000).toISOString();

describe("timestamp from a JSON body field (not signed)", () => {
  const formats = [
    { format: "unix", enc: (s: number) => s },
    { format: "unix-ms", enc: (s: number) => s * 1000 },
    { format: "iso8601", enc: iso },
    { format: "auto", enc: (s: number) => s },
    { format: "auto", enc: (s: number) => s * 1000 },
    { format: "auto", enc: iso },
  ] as const;

  describe.each(formats)("format $format", ({ format, enc }) => {
    const provider = { timestamp: { from: { json: "created" }, format } };
    it.each([0, 299, -299])("forwards a created %is off", async (off) => {
      const { h, path } = await setUp(provider);
      const res = await h.send(path, { body: created(enc(S - off)), headers: { "X-Key": KEY } });
      expect(res.status).toBe(200);
      expect(h.received).toHaveLength(1);
    });
    it.each([
      { off: 301, what: "stale" },
      { off: -301, what: "in the future" },
    ])("rejects a created $off s off ($what)", async ({ off }) => {
      const { h, path } = await setUp(provider);
      const res = await h.send(path, { body: created(enc(S - off)), headers: { "X-Key": KEY } });
      await expectRejected(h, res, "timestamp_out_of_window");
    });
  });

  it("rejects a missing or malformed created with 400", async () => {
    const { h, path } = await setUp({ timestamp: { from: { json: "created" }, format: "unix" } });
    await expectRejected(h, await h.send(path, { body: '{"id":"x"}', headers: { "X-Key": KEY } }), "timestamp_missing");
    await expectRejected(h, await h.send(path, { body: created("yesterday"), headers: { "X-Key": KEY } }), "timestamp_malformed");
    await expectRejected(h, await h.send(path, { body: created(iso(S)), headers: { "X-Key": KEY } }), "timestamp_malformed");
  });

  it("route tolerance overrides the provider's", async () => {
    const { h, path } = await setUp({ timestamp: { from: { json: "created" }, format: "unix", tolerance: 300 } }, { tolerance: 30 });
    await expectRejected(h, await h.send(path, { body: created(S - 31), headers: { "X-Key": KEY } }), "timestamp_out_of_window");
    expect((await h.send(path, { body: created(S - 29), headers: { "X-Key": KEY } })).status).toBe(200);
  });

  it("checks a header timestamp too, with the clock moving", async () => {
    const { h, path } = await setUp({ timestamp: { from: { header: "X-Sent-At" }, format: "unix" } });
    const headers = { "X-Key": KEY, "X-Sent-At": String(S) };
    h.clock.nowMs += 300_000;
    expect((await h.send(path, { body: "{}", headers })).status).toBe(200);
    expect(h.received).toHaveLength(1);
    h.clock.nowMs += 1_000;
    const res = await h.send(path, { body: "{}", headers });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(1);
    expect(h.lastLog()?.reason).toBe("timestamp_out_of_window");
  });

  it("applies to the scalekit preset's signed body (created checked after the signature)", async () => {
    const h = harness({ nowMs: NOW });
    const secret = "scalekit-secret";
    const path = await h.putRoute({ provider: "scalekit", secrets: [secret], origin: "https://origin.example.com" });
    const body = created(S - 600);
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
    const sig = "sha256=" + [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
    await expectRejected(h, await h.send(path, { body, headers: { "x-scalekit-signature": sig }, ip: publishedSourceIp("scalekit") }), "timestamp_out_of_window");
  });
});

describe("expiresAt (ValidUntil)", () => {
  const provider = { timestamp: { from: { header: "X-Sent-At" } }, expiresAt: { from: { header: "ValidUntil" }, maxSeconds: 60 } };
  const send = (h: ReturnType<typeof harness>, path: string, validUntil: string | null) =>
    h.send(path, { body: "{}", headers: { "X-Key": KEY, "X-Sent-At": String(S), ...(validUntil === null ? {} : { ValidUntil: validUntil }) } });

  it("forwards before the expiry (unix and ISO)", async () => {
    const { h, path } = await setUp(provider);
    expect((await send(h, path, String(S + 20))).status).toBe(200);
    expect((await send(h, path, iso(S + 20))).status).toBe(200);
    expect(h.received).toHaveLength(2);
  });

  it("forwards within the 5 s leeway after it, rejects past it", async () => {
    const { h, path } = await setUp(provider);
    h.clock.nowMs += 25_000;
    expect((await send(h, path, String(S + 20))).status).toBe(200);
    h.clock.nowMs += 1_000;
    const res = await send(h, path, String(S + 20));
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(1);
    expect(h.lastLog()?.reason).toBe("expired");
  });

  it("rejects an expiry absurdly far in the future", async () => {
    const { h, path } = await setUp(provider);
    await expectRejected(h, await send(h, path, String(S + 61)), "expiry_too_far");
    await expectRejected(h, await send(h, path, String(S + 10 * 365 * 86400)), "expiry_too_far");
  });

  it("rejects a missing or malformed expiry with 400", async () => {
    const { h, path } = await setUp(provider);
    await expectRejected(h, await send(h, path, null), "expiry_missing");
    await expectRejected(h, await send(h, path, "soon"), "expiry_malformed");
  });

  it("route expiresAt overrides the provider's", async () => {
    const { h, path } = await setUp(provider, { expiresAt: { from: { header: "X-Expires" }, format: "unix", maxSeconds: 10 } });
    const res = await h.send(path, { body: "{}", headers: { "X-Key": KEY, "X-Sent-At": String(S), "X-Expires": String(S + 20) } });
    await expectRejected(h, res, "expiry_too_far");
  });
});
