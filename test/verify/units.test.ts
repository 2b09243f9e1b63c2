/** The small parsers under verification: strict, and never throwing on junk. */
import { describe, expect, it } from "vitest";
import { decode, decodeBase64, decodeBase64Url, decodeHex, encodeBase64, encodeHex } from "../../src/verify/encoding.ts";
import { MAX_SIGNATURES, parseSignatureHeader } from "../../src/verify/signature-header.ts";
import { MAX_SIGNATURE_VALUE, readSignatures } from "../../src/verify/signature-source.ts";
import type { HeaderSignature, HmacSignature } from "../../src/rules/schema.ts";
import { verifyHmac } from "../../src/verify/hmac.ts";
import { checkWindow, parseTimestamp } from "../../src/verify/timestamp.ts";
import { renderPayload } from "../../src/verify/template.ts";
import { sortedFormParams } from "../../src/verify/form.ts";
import { readSource } from "../../src/verify/sources.ts";
import { makeInbound, jsonPath } from "../../src/shared/inbound.ts";
import { hmacKey, secretBytes } from "../../src/verify/keys.ts";

const junk = ["", " ", "=", "==", "\u0000", "a".repeat(5000), "v1,", "t=", ",,,", "sha256=", "\ud800", "%%", "🙂"];

describe("base64-hex (Solidgate: base64 of the hex text)", () => {
  it("decodes base64 of hex, either case, to the bytes", () => {
    expect(decode("base64-hex", btoa("00ff7a"))).toEqual(new Uint8Array([0, 255, 122]));
    expect(decode("base64-hex", btoa("00FF7A"))).toEqual(new Uint8Array([0, 255, 122]));
  });
  it.each([
    ["base64 of text that is not hex", btoa("00fg")],
    ["base64 of an odd number of hex digits", btoa("0ff")],
    ["plain hex, not base64 of it", "00ff7a00"],
    ["non-canonical base64", "MDBmZjdh".slice(0, -1) + "b"],
    ["base64 of the raw bytes", btoa(String.fromCharCode(0, 255, 122))],
  ])("refuses %s", (_what, s) => expect(decode("base64-hex", s)).toBeNull());
});

describe("encoding", () => {
  it("decodes only exact hex and base64", () => {
    expect(decodeHex("00ff")).toEqual(new Uint8Array([0, 255]));
    expect(decodeHex("00FF")).toEqual(new Uint8Array([0, 255]));
    for (const bad of ["0", "0g", "00 ff", "0x00"]) expect(decodeHex(bad)).toBeNull();
    expect(decodeBase64("AP8=")).toEqual(new Uint8Array([0, 255]));
    for (const bad of ["AP8", "AP8=\n", "A P8=", "AP-_", "=AP8"]) expect(decodeBase64(bad)).toBeNull();
    expect(decodeBase64Url("AP8")).toEqual(new Uint8Array([0, 255]));
    expect(decodeBase64Url("A")).toBeNull();
    expect(decodeBase64Url("AP+/")).toBeNull();
    // Canonical only: the unused low bits before the padding must be zero (4 bits before "==", 2 before "=").
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (let i = 0; i < 64; i++) {
      expect(decodeBase64(`A${alphabet[i]}==`) !== null, `A${alphabet[i]}==`).toBe(i % 16 === 0);
      expect(decodeBase64(`AA${alphabet[i]}=`) !== null, `AA${alphabet[i]}=`).toBe(i % 4 === 0);
      expect(decodeBase64Url(`A${alphabet[i]}`.replace("+", "-").replace("/", "_")) !== null).toBe(i % 16 === 0);
      expect(decodeBase64Url(`AA${alphabet[i]}`.replace("+", "-").replace("/", "_")) !== null).toBe(i % 4 === 0);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeHex(encodeHex(all))).toEqual(all);
    expect(decodeBase64(encodeBase64(all))).toEqual(all);
    for (const s of junk) {
      expect(() => decodeHex(s)).not.toThrow();
      expect(() => decodeBase64(s)).not.toThrow();
      expect(() => decodeBase64Url(s)).not.toThrow();
    }
  });

  it("the key cache keeps one key per hash: the same secret under SHA-256 and SHA-1 gives two keys", async () => {
    const a = await hmacKey("cache-test-secret", "utf8", "SHA-256")!;
    const b = await hmacKey("cache-test-secret", "utf8", "SHA-1")!;
    expect((a.algorithm as unknown as { hash: { name: string } }).hash.name).toBe("SHA-256");
    expect((b.algorithm as unknown as { hash: { name: string } }).hash.name).toBe("SHA-1");
  });

  it("secrets: whsec_ and base64 must decode; utf8 is taken as written", () => {
    expect(secretBytes("whsec_AP8=", "whsec")).toEqual(new Uint8Array([0, 255]));
    expect(secretBytes("whsec_!!", "whsec")).toBeNull();
    expect(secretBytes("plain", "utf8")).toEqual(new TextEncoder().encode("plain"));
  });
});

describe("signature headers", () => {
  it("plain: requires the exact prefix", () => {
    expect(parseSignatureHeader("sha256=abcd", { type: "plain", prefix: "sha256=" })?.signatures).toEqual(["abcd"]);
    expect(parseSignatureHeader("sha1=abcd", { type: "plain", prefix: "sha256=" })).toBeNull();
    expect(parseSignatureHeader("sha256=", { type: "plain", prefix: "sha256=" })).toBeNull();
  });

  it("list: keeps only entries of the wanted version", () => {
    const f = { type: "list" as const, separator: " ", prefix: "v1," };
    expect(parseSignatureHeader("v1,a v2,b v1,c", f)?.signatures).toEqual(["a", "c"]);
    expect(parseSignatureHeader("v2,b v1a,c", f)).toBeNull();
    // A huge header buys at most MAX_SIGNATURES verifications.
    expect(parseSignatureHeader(Array.from({ length: 50 }, (_, i) => `v1,${i}`).join(" "), f)?.signatures).toHaveLength(MAX_SIGNATURES);
  });

  it("pairs: the first of a repeated field wins (a later t= cannot replace the signed one)", () => {
    const f = { type: "pairs" as const, separator: ",", assign: "=", key: "v1" };
    expect(parseSignatureHeader("t=1,v1=a,t=2", f)?.fields.get("t")).toBe("1");
  });

  it("several signature headers together still give at most MAX_SIGNATURES candidates", () => {
    const list = Array.from({ length: 8 }, (_, i) => `v1,${i}`).join(" ");
    const request = new Request("https://hooks.example.com/x", { headers: { "x-sig-a": list, "x-sig-b": list } });
    const spec = { type: "hmac", header: ["x-sig-a", "x-sig-b"], format: { type: "list", separator: " ", prefix: "v1," } } as unknown as HeaderSignature;
    const read = readSignatures(spec, makeInbound(request, new URL(request.url), new Uint8Array(0)));
    expect(read.ok && read.value.signatures).toHaveLength(MAX_SIGNATURES);
  });

  it("hmac: a secret that does not decode is a configuration error, never skipped for the next one", async () => {
    // Routes are checked when compiled (resolve.ts); this is the verifier's own guard behind that.
    const spec = { type: "hmac", header: "x-sig", algorithm: "sha256", encoding: "hex", secretEncoding: "whsec" } as unknown as HmacSignature;
    const data = new TextEncoder().encode("payload");
    const good = "whsec_AP8=";
    const key = await crypto.subtle.importKey("raw", new Uint8Array([0, 255]), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const sig = encodeHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, data)));
    expect((await verifyHmac(spec, [good], [sig], data)).ok).toBe(true);
    const r = await verifyHmac(spec, ["whsec_%%%", good], [sig], data);
    expect(!r.ok && r.reason).toMatchObject({ code: "config_invalid", detail: "secret #1 is not valid whsec" });
  });

  it("hmac: a genuine MAC with bytes appended (or cut short) is a mismatch: the lengths are compared too", async () => {
    const spec = { type: "hmac", header: "x-sig", algorithm: "sha256", encoding: "hex", secretEncoding: "utf8" } as unknown as HmacSignature;
    const data = new TextEncoder().encode("payload");
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const sig = encodeHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, data)));
    expect((await verifyHmac(spec, ["k"], [sig], data)).ok).toBe(true);
    expect((await verifyHmac(spec, ["k"], [`${sig}00`], data)).ok).toBe(false);
    expect((await verifyHmac(spec, ["k"], [sig.slice(0, 32)], data)).ok).toBe(false);
  });

  it("a signature value longer than 4096 characters is malformed, not parsed", () => {
    const spec = { type: "hmac", header: "x-sig", format: { type: "plain", prefix: "sha256=" } } as unknown as HeaderSignature;
    const at = (n: number) => {
      const request = new Request("https://hooks.example.com/x", { headers: { "x-sig": `sha256=${"a".repeat(n - 7)}` } });
      return readSignatures(spec, makeInbound(request, new URL(request.url), new Uint8Array(0)));
    };
    expect(at(MAX_SIGNATURE_VALUE).ok).toBe(true);
    const long = at(MAX_SIGNATURE_VALUE + 1);
    expect(!long.ok && long.reason).toMatchObject({ code: "signature_malformed", detail: expect.stringMatching(/is 4097 bytes long/) });
  });

  it("pairs: several signatures, other fields kept, caps the number of candidates", () => {
    const f = { type: "pairs" as const, separator: ",", assign: "=", key: "v1" };
    const p = parseSignatureHeader("t=12,v1=a,v0=z,v1=b", f)!;
    expect(p.signatures).toEqual(["a", "b"]);
    expect(p.fields.get("t")).toBe("12");
    expect(p.fields.get("v0")).toBe("z");
    const many = parseSignatureHeader(Array.from({ length: 50 }, (_, i) => `v1=${i}`).join(","), f)!;
    expect(many.signatures).toHaveLength(8);
    expect(parseSignatureHeader("t=1", f)).toBeNull();
  });

  it("never throws on junk", () => {
    const formats = [
      { type: "plain" as const, prefix: "sha256=" },
      { type: "list" as const, separator: " ", prefix: "v1," },
      { type: "pairs" as const, separator: ",", assign: "=", key: "v1" },
    ];
    for (const s of junk) for (const f of formats) expect(() => parseSignatureHeader(s, f)).not.toThrow();
  });
});

describe("timestamps", () => {
  const now = 1_700_000_000_000;
  it("parses each format strictly", () => {
    expect(parseTimestamp("1700000000", "unix")).toBe(1_700_000_000);
    expect(parseTimestamp("1700000000123", "unix-ms")).toBe(1_700_000_000.123);
    expect(parseTimestamp("2023-11-14T22:13:20Z", "iso8601")).toBe(1_700_000_000);
    expect(parseTimestamp("1700000000", "auto")).toBe(1_700_000_000);
    expect(parseTimestamp("1700000000000", "auto")).toBe(1_700_000_000);
    expect(parseTimestamp("2023-11-14T22:13:20.500+00:00", "auto")).toBe(1_700_000_000.5);
    for (const bad of ["", "-1", "1e9", "0x10", "1700000000.5", " 1700000000", "NaN", "2023-11-14", "tomorrow"])
      expect(parseTimestamp(bad, "unix")).toBeNull();
  });

  it("reads an ISO 8601 timestamp without a zone as UTC (Orb's X-Orb-Timestamp), never as local time", () => {
    expect(parseTimestamp("2023-11-14T22:13:20.123456", "iso8601")).toBe(1_700_000_000.123);
    expect(parseTimestamp("2023-11-14T22:13:20", "auto")).toBe(1_700_000_000);
    for (const bad of ["2023-11-14T22:13", "2023-11-14 22:13:20", "2023-11-14T22:13:20.", "2023-11-14T22:13:20+0000"])
      expect(parseTimestamp(bad, "iso8601"), bad).toBeNull();
  });

  it("checks the window both ways, with the edges inclusive", () => {
    expect(checkWindow("1700000000", "unix", 300, now).ok).toBe(true);
    expect(checkWindow("1699999700", "unix", 300, now).ok).toBe(true);
    expect(checkWindow("1700000300", "unix", 300, now).ok).toBe(true);
    const old = checkWindow("1699999699", "unix", 300, now);
    expect(old.ok || old.reason.code).toBe("timestamp_out_of_window");
    const future = checkWindow("1700000301", "unix", 300, now);
    expect(future.ok || future.reason.code).toBe("timestamp_out_of_window");
    const bad = checkWindow("soon", "unix", 300, now);
    expect(bad.ok || bad.reason.code).toBe("timestamp_malformed");
    const none = checkWindow(undefined, "unix", 300, now);
    expect(none.ok || none.reason.code).toBe("timestamp_missing");
  });
});

describe("payload templates and JSON sources", () => {
  const req = makeInbound(
    new Request("https://h.example/p?q=1", { method: "POST", headers: { "x-a": "A" } }),
    new URL("https://h.example/p?q=1"),
    new TextEncoder().encode('{"id":"e1","n":{"m":5},"f":1.5,"o":{}}'),
  );
  it("renders every placeholder around the raw body bytes", () => {
    const out = renderPayload("v0:{timestamp}:{id}:{header:x-a}:{method}:{url}:{path}:{body}", req, { timestamp: "9", id: "i" });
    expect(new TextDecoder().decode(out as Uint8Array)).toBe('v0:9:i:A:POST:https://h.example/p?q=1:/p?q=1:{"id":"e1","n":{"m":5},"f":1.5,"o":{}}');
    expect(renderPayload("{body}", req, {})).toBe(req.body);
  });
  it("a missing header, timestamp or id is never rendered as nothing: the payload cannot be rendered (issue 12)", () => {
    expect(renderPayload("[{header:x-missing}|{timestamp}|{id}]", req, { timestamp: "9", id: "i" })).toEqual({ missing: "{header:x-missing}" });
    expect(renderPayload("[{header:x-a}|{timestamp}|{id}]", req, { id: "i" })).toEqual({ missing: "{timestamp}" });
    expect(renderPayload("[{header:x-a}|{timestamp}|{id}]", req, { timestamp: "9" })).toEqual({ missing: "{id}" });
    expect(new TextDecoder().decode(renderPayload("[{header:x-a}|{timestamp}|{id}]", req, { timestamp: "9", id: "i" }) as Uint8Array)).toBe("[A|9|i]");
  });
  it("{form:sorted} renders only a UTF-8 form body; anything else is null (never accepted as signed)", () => {
    const form = (body: Uint8Array, type = "application/x-www-form-urlencoded") =>
      makeInbound(new Request("https://h.example/p", { method: "POST", headers: { "content-type": type } }), new URL("https://h.example/p"), body);
    expect(sortedFormParams(form(new TextEncoder().encode("b=2&a=1&a=0")))).toBe("a0a1b2");
    expect(sortedFormParams(form(new Uint8Array([0x61, 0x3d, 0xff])))).toBeNull();
    // One escape that is not UTF-8 fails the whole form: the pair is never just left out of the signed rendering.
    expect(sortedFormParams(form(new TextEncoder().encode("a=1&b=%FF")))).toBeNull();
    expect(sortedFormParams(form(new TextEncoder().encode("a=1&%FF=2")))).toBeNull();
    expect(sortedFormParams(form(new TextEncoder().encode("a=1"), "application/json"))).toBeNull();
  });
  it("a value source that is empty or only spaces is absent", () => {
    const r = makeInbound(new Request("https://h.example/p?e=", { headers: { "x-blank": "   ", "x-v": " v " } }), new URL("https://h.example/p?e="), new Uint8Array(0));
    expect(readSource({ header: "x-blank" }, r)).toBeUndefined();
    expect(readSource({ query: "e" }, r)).toBeUndefined();
    expect(readSource({ header: "x-v" }, r)).toBe("v");
  });
  it("reads strings and numbers at dotted paths, nothing else", () => {
    const json = req.json();
    expect(jsonPath(json, "id")).toBe("e1");
    expect(jsonPath(json, "n.m")).toBe("5");
    expect(jsonPath(json, "o")).toBeUndefined();
    expect(jsonPath(json, "missing.deeper")).toBeUndefined();
    expect(jsonPath(json, "__proto__")).toBeUndefined();
    expect(makeInbound(new Request("https://x/"), new URL("https://x/"), new Uint8Array([0xff, 0xfe])).json()).toBeUndefined();
  });
});
