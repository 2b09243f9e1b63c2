/**
 * The signature formats of issue 17 round 3, each with its forgeries: a timestamp read from a list position
 * (Recurly), `{body:sha256hex}` (Tebex), a keyed digest (Recharge), `{body:json}` + `{field:X}` (Hygraph),
 * `{value:X}` from the route (TikTok Shop) and a pre-shared key in a JSON body field (Meraki). Every part that
 * cannot be rendered from the request fails it.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { harness, text } from "../helpers/harness.ts";
import { makeInbound } from "../../src/shared/inbound.ts";
import { renderPayload } from "../../src/verify/template.ts";
import { parseSignatureHeader } from "../../src/verify/signature-header.ts";
import { ProviderSchema, RouteSchema, templateProblems, TokenSchema } from "../../src/rules/schema.ts";
import { sourceSigned } from "../../src/verify/signed.ts";
import { presets } from "../../src/rules/presets/index.ts";

const enc = new TextEncoder();
const origin = "https://origin.example.com";
const NOW = 1_764_000_000_000;
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const b64 = (b: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b)));
async function hmac(key: string, data: string | Uint8Array): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, typeof data === "string" ? enc.encode(data) : data);
}
const sha256 = (s: string | Uint8Array) => crypto.subtle.digest("SHA-256", typeof s === "string" ? enc.encode(s) : s);
const inbound = (body: Uint8Array) => makeInbound(new Request("https://h.example/p", { method: "POST" }), new URL("https://h.example/p"), body);
const rendered = (r: Uint8Array | { missing: string }) => (r instanceof Uint8Array ? new TextDecoder().decode(r) : r);

async function setUp(route: Record<string, unknown>) {
  const h = harness({ nowMs: NOW });
  const path = await h.putRoute({ origin, ...route } as never);
  return { h, send: (body: string | Uint8Array, headers: Record<string, string>) => h.send(path, { body, headers: { "content-type": "application/json", ...headers } }) };
}

describe("list format with a leading field (Recurly: <ms timestamp>,<sig>[,<sig>])", () => {
  const format = { type: "list", separator: ",", prefix: "", first: "t" } as const;
  it("the first entry is the named field, never a signature; without `first` every entry is a candidate", () => {
    expect(parseSignatureHeader("1764000000000, ab ,cd", format)).toEqual({ signatures: ["ab", "cd"], fields: new Map([["t", "1764000000000"]]) });
    expect(parseSignatureHeader("1764000000000,ab", { ...format, first: undefined })?.signatures).toEqual(["1764000000000", "ab"]);
    expect(parseSignatureHeader("1764000000000", format)).toBeNull();
  });

  const BODY = '{"id":"rec_1","object_type":"account"}';
  const ts = String(NOW);
  const sig = async (t: string, body = BODY) => hex(await hmac("recurly-key", `${t}.${body}`));
  it("accepts a genuine header with a rotated (stale) signature first", async () => {
    const { h, send } = await setUp({ provider: "recurly", secrets: ["recurly-key"] });
    const res = await send(BODY, { "recurly-signature": `${ts},${"0".repeat(64)},${await sig(ts)}` });
    expect(res.status).toBe(200);
    expect(text(h.received[0]!.body)).toBe(BODY);
  });
  it.each([
    ["no signature after the timestamp", async () => ts],
    ["the signature without its timestamp", async () => `${await sig(ts)}`],
    ["the signature moved first (read as the timestamp)", async () => `${await sig(ts)},${ts}`],
    ["another timestamp than the signed one", async () => `${NOW + 1},${await sig(ts)}`],
    ["a stale timestamp, correctly signed", async () => `${NOW - 301_000},${await sig(String(NOW - 301_000))}`],
    ["another body's signature", async () => `${ts},${await sig(ts, "{}")}`],
  ])("rejects %s", async (_what, header) => {
    const { h, send } = await setUp({ provider: "recurly", secrets: ["recurly-key"] });
    const res = await send(BODY, { "recurly-signature": await header() });
    // 400 when the leading field is not a timestamp, 401 otherwise.
    expect([400, 401]).toContain(res.status);
    expect(h.received).toHaveLength(0);
  });
});

describe("{body:sha256hex} (Tebex) and keyed digests (Recharge)", () => {
  const BODY = '{"id":"tbx_1","type":"payment.completed"}';
  it("{body:sha256hex} renders the hex digest handed to it, and fails without one", () => {
    expect(rendered(renderPayload("{body:sha256hex}", inbound(enc.encode(BODY)), { bodySha256: "ab12" }))).toBe("ab12");
    expect(renderPayload("{body:sha256hex}", inbound(enc.encode(BODY)), {})).toEqual({ missing: "{body:sha256hex}" });
  });
  it("tebex: an HMAC of the body itself (not of its digest) is refused", async () => {
    const { h, send } = await setUp({ provider: "tebex", secrets: ["tebex-key"] });
    expect((await send(BODY, { "X-Signature": hex(await hmac("tebex-key", BODY)) })).status).toBe(401);
    expect((await send(BODY, { "X-Signature": hex(await hmac("tebex-key", hex(await sha256("{}")))) })).status).toBe(401);
    expect((await send(BODY, { "X-Signature": hex(await hmac("tebex-key", hex(await sha256(BODY)))) })).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  const secret = "recharge-client-secret";
  it.each([
    ["an HMAC of the body (the usual mistake)", async () => hex(await hmac(secret, BODY))],
    ["SHA-256 of the body alone", async () => hex(await sha256(BODY))],
    ["SHA-256 of body + secret (reversed)", async () => hex(await sha256(BODY + secret))],
    ["SHA-256 of another secret + the body", async () => hex(await sha256(`x${secret}${BODY}`))],
  ])("recharge rejects %s", async (_what, sig) => {
    const { h, send } = await setUp({ provider: "recharge", secrets: [secret] });
    expect((await send(BODY, { "X-Recharge-Hmac-Sha256": await sig() })).status).toBe(401);
    expect(h.received).toHaveLength(0);
  });
  it("recharge accepts SHA-256(secret ‖ body) under the second of two secrets (rotation)", async () => {
    const { h, send } = await setUp({ provider: "recharge", secrets: ["old-secret", secret] });
    expect((await send(BODY, { "X-Recharge-Hmac-Sha256": hex(await sha256(secret + BODY)) })).status).toBe(200);
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded" });
  });
});

describe("{body:json} and {field:X} (Hygraph)", () => {
  const specials = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u007f", "\u2028", "\u2029", "é", "€", "😀", "\ufeff", "/", "</script>"];
  const strings = fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...specials)), { maxLength: 12 }).map((a) => a.join(""));

  it("renders exactly JSON.stringify of the body's text, for any UTF-8 body", () => {
    fc.assert(
      fc.property(strings, (s) => {
        const got = renderPayload("{body:json}", inbound(enc.encode(s)), {});
        expect(got).toEqual(enc.encode(JSON.stringify(s)));
      }),
      { numRuns: 500 },
    );
  });
  it("keeps a leading byte-order mark, as JSON.stringify of the received text does", () => {
    expect(renderPayload("{body:json}", inbound(enc.encode("\ufeff{}")), {})).toEqual(enc.encode(JSON.stringify("\ufeff{}")));
  });
  it.each([
    ["a lone 0xFF byte", [0x7b, 0xff, 0x7d]],
    ["an encoded surrogate (ED A0 80)", [0xed, 0xa0, 0x80]],
    ["an overlong slash (C0 AF)", [0xc0, 0xaf]],
    ["a truncated sequence", [0xe2, 0x82]],
  ])("fails (never U+FFFD) for a body that is not UTF-8: %s", (_what, bytes) => {
    expect(renderPayload("{body:json}", inbound(new Uint8Array(bytes)), {})).toEqual({ missing: "{body:json}" });
  });
  it("{field:X} renders the signature header's field, and fails when the header has none", () => {
    const req = inbound(enc.encode("{}"));
    expect(rendered(renderPayload("{field:env}|{body}", req, { fields: new Map([["env", "master"]]) }))).toBe("master|{}");
    expect(renderPayload("{field:env}", req, { fields: new Map([["t", "1"]]) })).toEqual({ missing: "{field:env}" });
    expect(renderPayload("{field:env}", req, {})).toEqual({ missing: "{field:env}" });
  });

  const BODY = '{"operation":"update","data":{"title":"Caf\u00e9 \\"quoted\\"\\n\u2028 😀"}}';
  const header = async (body: string | Uint8Array, env = "master", t = NOW, signedEnv = env, signedT = t) => {
    const payload = JSON.stringify({ Body: typeof body === "string" ? body : new TextDecoder().decode(body), EnvironmentName: signedEnv, TimeStamp: signedT });
    return `sign=${b64(await hmac("hygraph-key", payload))}, env=${env}, t=${t}`;
  };
  it("accepts a genuine delivery whose body has escapes and non-ASCII text, forwarded byte for byte", async () => {
    const { h, send } = await setUp({ provider: "hygraph", secrets: ["hygraph-key"] });
    expect((await send(BODY, { "gcms-signature": await header(BODY) })).status).toBe(200);
    expect(text(h.received[0]!.body)).toBe(BODY);
  });
  it.each([
    ["another environment than the signed one", () => header(BODY, "staging", NOW, "master")],
    ["another timestamp than the signed one", () => header(BODY, "master", NOW + 1, "master", NOW)],
    ["no env field", async () => (await header(BODY)).replace(", env=master", "")],
    ["no t field", async () => (await header(BODY)).replace(`, t=${NOW}`, "")],
    ["the signature of another body", () => header('{"operation":"delete"}')],
  ])("rejects %s", async (_what, make) => {
    const { h, send } = await setUp({ provider: "hygraph", secrets: ["hygraph-key"] });
    expect([400, 401]).toContain((await send(BODY, { "gcms-signature": await make() })).status);
    expect(h.received).toHaveLength(0);
  });
  it("rejects a body that is not UTF-8 even with the signature its U+FFFD reading would have", async () => {
    const { h, send } = await setUp({ provider: "hygraph", secrets: ["hygraph-key"] });
    const body = new Uint8Array([...enc.encode('{"a":"'), 0xff, ...enc.encode('"}')]);
    const res = await send(body, { "gcms-signature": await header(body) });
    expect(res.status).toBe(401);
    expect(h.lastLog()?.reason).toBe("signature_mismatch");
    expect(h.received).toHaveLength(0);
  });
});

describe("{value:X} from the route (TikTok Shop's app key)", () => {
  const BODY = '{"type":1,"shop_id":"7494","data":{"order_id":"576"}}';
  const values = { appKey: "6abc123xyz" };
  const sig = async (key = values.appKey, body = BODY) => hex(await hmac("tts-app-secret", key + body));
  it("renders the route's own value only: never an inherited property, never from the request", () => {
    const req = inbound(enc.encode("x"));
    expect(rendered(renderPayload("{value:appKey}{body}", req, { routeValues: values }))).toBe(`${values.appKey}x`);
    expect(renderPayload("{value:constructor}", req, { routeValues: {} })).toEqual({ missing: "{value:constructor}" });
    expect(renderPayload("{value:appKey}", req, {})).toEqual({ missing: "{value:appKey}" });
  });
  it("accepts the genuine signature over app key + body", async () => {
    const { h, send } = await setUp({ provider: "tiktok-shop", secrets: ["tts-app-secret"], values });
    expect((await send(BODY, { Authorization: await sig() })).status).toBe(200);
    expect(text(h.received[0]!.body)).toBe(BODY);
  });
  it.each([
    ["a signature over the body alone", () => sig("")],
    ["another app's key", () => sig("6other")],
    ["another body", () => sig(values.appKey, "{}")],
  ])("rejects %s", async (_what, make) => {
    const { h, send } = await setUp({ provider: "tiktok-shop", secrets: ["tts-app-secret"], values });
    expect((await send(BODY, { Authorization: await make() })).status).toBe(401);
    expect(h.received).toHaveLength(0);
  });
  it("a route without values.appKey is a configuration error (503), whatever the request says", async () => {
    const { h, send } = await setUp({ provider: "tiktok-shop", secrets: ["tts-app-secret"], values: { other: "x" } });
    const res = await send(BODY, { Authorization: await sig(), appKey: values.appKey });
    expect(res.status).toBe(503);
    expect(h.lastLog()?.reason).toBe("config_invalid");
    expect(h.received).toHaveLength(0);
  });
});

describe.each([
  { provider: "meraki", field: "sharedSecret", key: "meraki-psk-0123456789", event: { alertId: "643451796765320956", alertType: "Settings changed" } },
  { provider: "cloudsignal", field: "apikey", key: "13b37bb1ed6d3403e158abe719b4f6d0", event: { type: "CloudprinterOrderValidated", order: "123456780000" } },
])("a pre-shared key in a JSON body field ($provider's $field)", ({ provider, field, key, event }) => {
  const body = (secret: unknown) => JSON.stringify({ ...event, [field]: secret });
  it("forwards the genuine event byte for byte", async () => {
    const { h, send } = await setUp({ provider, secrets: [key] });
    expect((await send(body(key), {})).status).toBe(200);
    expect(text(h.received[0]!.body)).toBe(body(key));
  });
  it.each([
    ["a wrong key", body(key.slice(0, -1)), "token_mismatch"],
    ["no key field", JSON.stringify(event), "token_missing"],
    ["an empty key", body(""), "token_missing"],
    ["the key nested deeper", JSON.stringify({ data: { [field]: key } }), "token_missing"],
    ["the key as an object", body({ value: key }), "token_missing"],
    ["a body that is not JSON", `${field}=${key}`, "token_missing"],
  ])("rejects %s", async (_what, b, reason) => {
    const { h, send } = await setUp({ provider, secrets: [key] });
    expect((await send(b, { [field]: key })).status).toBe(401);
    expect(h.lastLog()?.reason).toBe(reason);
    expect(h.received).toHaveLength(0);
  });
});

describe("schema: clear errors for the new parts", () => {
  it.each([
    ["{body:xml}", "{body:xml}: write {body}, {body:json} or {body:sha256hex}"],
    ["{field}", "{field}: write {field:name}"],
    ["{field:1x}", "{field:1x}: write {field:name}"],
    ["{value:a b}", "{value:a b}: write {value:name}"],
    ["{timestamp:ms}", "{timestamp:ms}: write {timestamp} (no argument)"],
    ["{header}", "{header}: write {header:Name}"],
    ["{form:x}", "{form:x}: write {form:sorted}"],
    ["{nope}", "unknown placeholder {nope}"],
  ])("template %s", (template, message) => {
    expect(templateProblems(template).join("; ")).toContain(message);
  });
  const hmac256 = { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex" } as const;
  it("{field:X} needs a pairs format or a list with first", () => {
    const r = ProviderSchema.safeParse({ signature: { ...hmac256, payload: "{field:env}{body}" } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("{field:X} need a signature format 'pairs', or a 'list' with 'first'");
    expect(ProviderSchema.safeParse({ signature: { ...hmac256, payload: "{field:t}{body}", format: { type: "list", first: "t" } } }).success).toBe(true);
  });
  it("only a real body placeholder covers the body", () => {
    expect(ProviderSchema.safeParse({ signature: { ...hmac256, payload: "v0:{body" } }).success).toBe(false);
    for (const payload of ["{body:json}", "{body:sha256hex}", "x{body}"]) expect(ProviderSchema.safeParse({ signature: { ...hmac256, payload } }).success, payload).toBe(true);
  });
  it("a JSON field is signed when the body's digest or JSON string is (dedup trusts it), never by a key in the body", () => {
    const p = (name: string) => ProviderSchema.parse(presets[name]);
    expect(sourceSigned(p("tebex"), { json: "id" })).toBe(true);
    expect(sourceSigned(p("hygraph"), { json: "id" })).toBe(true);
    expect(sourceSigned(p("meraki"), { json: "alertId" })).toBe(false);
    expect(sourceSigned(p("tiktok-shop"), { header: "Authorization" })).toBe(false);
  });
  it("keyed-digest is its own type and cannot answer Zoom's handshake", () => {
    expect(ProviderSchema.safeParse({ signature: { ...hmac256, type: "keyed-digest" } }).success).toBe(true);
    expect(ProviderSchema.safeParse({ signature: { ...hmac256, type: "keyed-digest" }, handshake: { kind: "zoom-url-validation" } }).success).toBe(false);
  });
  it("a token reads a header or a JSON field, not both; route values are named", () => {
    expect(TokenSchema.safeParse({ json: "sharedSecret" }).success).toBe(true);
    expect(TokenSchema.safeParse({ header: "X-Token", json: "sharedSecret" }).success).toBe(false);
    const route = { path: "/x", provider: "tiktok-shop", secrets: ["s"] };
    expect(RouteSchema.safeParse({ ...route, values: { appKey: "k" } }).success).toBe(true);
    expect(RouteSchema.safeParse({ ...route, values: { "app key": "k" } }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...route, values: { appKey: "" } }).success).toBe(false);
  });
});
