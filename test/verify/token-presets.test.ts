/**
 * The pre-shared-key presets (a secret token or HTTP Basic credentials in a header, no signature), through the
 * whole pipeline inside workerd: the genuine key is forwarded byte for byte, every near miss is refused before the
 * origin sees anything. Okta (the same check plus a handshake) is in test/handshake/handshakes.test.ts.
 */
import { describe, expect, it } from "vitest";
import { harness, publishedSourceIp, text } from "../helpers/harness.ts";
import { tokenPresets } from "../fixtures/handshake-vectors.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema } from "../../src/rules/schema.ts";

const BODY = '{"id":"evt_token_1","event_type":"subscription_created","object_kind":"push"}';
/** Basic credentials are configured as base64 of user:password, exactly as they travel. */
const basic = Buffer.from("hookgate-user:s3cret-pa55word").toString("base64");

const cases = tokenPresets
  .filter((name) => name !== "okta")
  .map((name) => {
    const p = ProviderSchema.parse(presets[name]);
    if (!p.token || !("header" in p.token) || p.signature) throw new Error(`${name} is not a token-only header preset`);
    const key = p.token.prefix.toLowerCase() === "basic " ? basic : `${name}-pre-shared-token-0123456789`;
    return { name, header: p.token.header, prefix: p.token.prefix, key, idHeader: p.id && "header" in p.id ? p.id.header : undefined };
  });

it("every token-only preset is in tokenPresets (so each one is tested here or with okta)", () => {
  // A key in the body (meraki) has its own suite: test/verify/formats.test.ts.
  const tokenOnly = Object.entries(presets).filter(([, p]) => p.token && "header" in p.token && !p.signature && !p.jwt).map(([n]) => n);
  expect([...tokenPresets].sort()).toEqual(tokenOnly.sort());
});

describe.each(cases)("token preset $name", (c) => {
  async function setUp() {
    const h = harness({ nowMs: 1_764_000_000_000 });
    const path = await h.putRoute({ provider: c.name, secrets: [c.key], origin: "https://origin.example.com" });
    return { h, path };
  }
  const send = async (headers: Record<string, string>) => {
    const { h, path } = await setUp();
    const res = await h.send(path, { body: BODY, headers: { "content-type": "application/json", ...headers }, ip: publishedSourceIp(c.name) });
    return { h, res };
  };

  it(`forwards the genuine request byte for byte (${c.header}: ${c.prefix}<key>)`, async () => {
    const { h, res } = await send({ [c.header]: `${c.prefix}${c.key}` });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(text(h.received[0]!.body)).toBe(BODY);
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", provider: c.name });
  });

  if (c.prefix) {
    it("accepts the scheme word in any case (HTTP auth schemes are case-insensitive)", async () => {
      const { res } = await send({ [c.header]: `${c.prefix.toUpperCase()}${c.key}` });
      expect(res.status).toBe(200);
    });
  }

  const forgeries: [string, Record<string, string>][] = [
    ["no header", {}],
    ["an empty value", { [c.header]: "" }],
    ["a wrong key", { [c.header]: `${c.prefix}${c.key}x` }],
    ["the key truncated", { [c.header]: `${c.prefix}${c.key.slice(0, -1)}` }],
    ["the key in another header", { "X-Other-Token": `${c.prefix}${c.key}` }],
    ["the key with another prefix", { [c.header]: `Bearer ${c.key}` }],
    ...(c.prefix ? ([["the key without its prefix", { [c.header]: c.key }]] as [string, Record<string, string>][]) : []),
    ...(c.prefix === "Basic " ? ([["other Basic credentials", { [c.header]: `Basic ${Buffer.from("hookgate-user:guess").toString("base64")}` }]] as [string, Record<string, string>][]) : []),
  ];
  it.each(forgeries)("rejects %s (401, origin receives nothing)", async (_what, headers) => {
    const { h, res } = await send(headers);
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.verdict).toBe("rejected");
  });

  if (c.idHeader) {
    it(`forwards the same delivery once (dedup on ${c.idHeader})`, async () => {
      const { h, path } = await setUp();
      const headers = { "content-type": "application/json", [c.header]: `${c.prefix}${c.key}`, [c.idHeader!]: "4c1d0c2e-3f0f-4a8e-9a57-2b4c1e0d7f11" };
      expect((await h.send(path, { body: BODY, headers })).status).toBe(200);
      expect((await h.send(path, { body: BODY, headers })).status).toBe(200);
      expect(h.received).toHaveLength(1);
    });
  }
});
