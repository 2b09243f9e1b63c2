/**
 * Property-based tests (fast-check) for every parser the verifier runs on
 * attacker-controlled input: no input throws, and what parses round-trips.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decode, decodeBase64, decodeBase64Url, decodeHex, encodeBase64, encodeBase64Url, encodeHex, encodeText, utf8 } from "../../src/verify/encoding.ts";
import { MAX_SIGNATURES, parseSignatureHeader } from "../../src/verify/signature-header.ts";
import { checkWindow, parseTimestamp } from "../../src/verify/timestamp.ts";
import { renderPayload } from "../../src/verify/template.ts";
import { readSource } from "../../src/verify/sources.ts";
import { jsonPath, makeInbound, type Inbound } from "../../src/shared/inbound.ts";
import { SignatureFormatSchema, SourceSchema, TEMPLATE_PLACEHOLDER, templateProblems } from "../../src/rules/schema.ts";

const RUNS = { numRuns: 300 };
const encodings = fc.constantFrom("hex" as const, "base64" as const, "base64url" as const);
/** Strings biased towards the characters these parsers care about. */
const headerish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(..."t=v1,0123456789abcdefABCDEF+/=_- ;:.\t"), maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
);
const formats = fc.oneof(
  fc.record({ type: fc.constant("plain" as const), prefix: fc.string({ maxLength: 8 }) }),
  fc.record({ type: fc.constant("list" as const), separator: fc.string({ minLength: 1, maxLength: 4 }), prefix: fc.string({ maxLength: 8 }) }),
  fc.record({
    type: fc.constant("pairs" as const),
    separator: fc.string({ minLength: 1, maxLength: 4 }),
    assign: fc.string({ minLength: 1, maxLength: 4 }),
    key: fc.string({ minLength: 1, maxLength: 8 }),
  }),
);

function inbound(body: Uint8Array, headers: [string, string][] = [], url = "https://h.example/p?q=1"): Inbound {
  const h = new Headers();
  for (const [k, v] of headers) {
    try {
      h.append(k, v);
    } catch {}
  }
  return makeInbound(new Request(url, { method: "POST" }), new URL(url), body);
}

describe("encodings", () => {
  it("encodeText gives exactly TextEncoder's bytes for any string (ASCII fast path, lone surrogates, long text)", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ unit: "grapheme", maxLength: 80 }),
      fc.string({ unit: fc.constantFrom("a", "0", ".", "\u007f", "\u0080", "\ud800", "\udc00", "é"), maxLength: 300 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(encodeText(s)).toEqual(utf8.encode(s));
      }),
      { numRuns: 1000 },
    );
  });

  it("decoders never throw and accept only their alphabet", () => {
    fc.assert(
      fc.property(encodings, headerish, (e, s) => {
        const out = decode(e, s);
        expect(out === null || out instanceof Uint8Array).toBe(true);
      }),
      RUNS,
    );
  });
  it("hex decoding matches the reference (regex + parseInt) on any text", () => {
    const reference = (t: string) => (/^(?:[0-9a-fA-F]{2})*$/.test(t) ? Uint8Array.from(t.match(/../g) ?? [], (h) => parseInt(h, 16)) : null);
    fc.assert(
      fc.property(fc.oneof(headerish, fc.stringMatching(/^[0-9a-fA-F]{0,40}$/), fc.string({ unit: fc.constantFrom(..."09afAFgG\u0660\uff10"), maxLength: 12 })), (t) => {
        expect(decodeHex(t)).toEqual(reference(t));
      }),
      { numRuns: 500 },
    );
  });
  it("round-trip every byte string, and decode only canonical text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
        expect(decodeHex(encodeHex(bytes))).toEqual(bytes);
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
        expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
      }),
      RUNS,
    );
    // Base64 is canonical: a different string never decodes to the same bytes (no signature malleability).
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"), (bytes, at, ch) => {
        const s = encodeBase64(bytes);
        const data = s.replace(/=+$/, "");
        const i = at % data.length;
        const edited = s.slice(0, i) + ch + s.slice(i + 1);
        fc.pre(edited !== s);
        const out = decodeBase64(edited);
        if (out) expect(encodeBase64(out)).toBe(edited);
      }),
      RUNS,
    );
  });
});

describe("signature headers", () => {
  it("never throw, return at most MAX_SIGNATURES non-empty candidates", () => {
    fc.assert(
      fc.property(headerish, formats, (value, format) => {
        const parsed = parseSignatureHeader(value, format);
        if (parsed) {
          expect(parsed.signatures.length).toBeGreaterThan(0);
          expect(parsed.signatures.length).toBeLessThanOrEqual(MAX_SIGNATURES);
          for (const s of parsed.signatures) expect(s.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
  it("find every signature that a well-formed header carries", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a-f]{2,64}$/), { minLength: 1, maxLength: MAX_SIGNATURES }), fc.stringMatching(/^\d{1,10}$/), (sigs, t) => {
        const pairs = parseSignatureHeader([`t=${t}`, ...sigs.map((s) => `v1=${s}`)].join(","), { type: "pairs", separator: ",", assign: "=", key: "v1" });
        expect(pairs?.signatures).toEqual(sigs);
        expect(pairs?.fields.get("t")).toBe(t);
        const list = parseSignatureHeader(sigs.map((s) => `v1,${s}`).join(" "), { type: "list", separator: " ", prefix: "v1," });
        expect(list?.signatures).toEqual(sigs);
      }),
      RUNS,
    );
  });
  it("every format the schema accepts parses without throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), headerish, (raw, value) => {
        const f = SignatureFormatSchema.safeParse(raw);
        if (f.success) parseSignatureHeader(value, f.data);
      }),
      RUNS,
    );
  });
});

describe("timestamps", () => {
  const tsFormats = fc.constantFrom("unix" as const, "unix-ms" as const, "iso8601" as const, "auto" as const);
  const tsText = fc.oneof(
    headerish,
    fc.stringMatching(/^\d{1,20}$/),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/),
  );
  it("parse to a finite number or null, never throw; the window check never throws", () => {
    fc.assert(
      fc.property(tsText, tsFormats, fc.integer({ min: 1, max: 7 * 86400 }), fc.integer({ min: 0, max: 4e12 }), (raw, format, tol, now) => {
        const t = parseTimestamp(raw, format);
        expect(t === null || Number.isFinite(t)).toBe(true);
        const w = checkWindow(raw, format, tol, now);
        expect(typeof w.ok).toBe("boolean");
      }),
      RUNS,
    );
  });
  it("accept exactly the timestamps inside the tolerance, in both directions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e9, max: 4e9 }), fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: 1, max: 3600 }), (now, skew, tol) => {
        const w = checkWindow(String(now + skew), "unix", tol, now * 1000);
        expect(w.ok).toBe(Math.abs(skew) <= tol);
      }),
      RUNS,
    );
  });
});

/**
 * The renderer before it was optimised: encode every piece on its own, then
 * concatenate. A part the request does not carry (no timestamp, id or header)
 * renders nothing at all: the whole payload is unrenderable (issue 12).
 */
function referenceRender(template: string, req: Inbound, values: { timestamp?: string; id?: string }): Uint8Array | "unrenderable" {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    const [whole, name, arg] = m;
    if (m.index > last) parts.push(enc.encode(template.slice(last, m.index)));
    last = m.index + whole.length;
    const text: Record<string, () => string | undefined> = {
      timestamp: () => values.timestamp,
      id: () => values.id,
      header: () => req.headers.get(arg!) ?? undefined,
      method: () => req.method,
      url: () => req.url.href,
      path: () => req.url.pathname + req.url.search,
    };
    if (name === "body") parts.push(req.body);
    else if (text[name!]) {
      const t = text[name!]!();
      if (t === undefined) return "unrenderable";
      parts.push(enc.encode(t));
    }
  }
  if (last < template.length) parts.push(enc.encode(template.slice(last)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe("payload templates", () => {
  const piece = fc.oneof(
    fc.constantFrom("{body}", "{timestamp}", "{id}", "{method}", "{url}", "{path}", "{header:x-a}", "{header:missing}", "{bogus}", "{", "}", "\ud83d", "\ude00"),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: "grapheme", maxLength: 3 }),
  );
  const template = fc.array(piece, { maxLength: 8 }).map((p) => p.join(""));
  const value = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("\ud83d", "\ude00", "ab\ud83d"));
  it("render exactly what per-piece encoding renders, for any template and values (lone surrogates included)", () => {
    fc.assert(
      fc.property(template, fc.uint8Array({ maxLength: 64 }), fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined }), (t, body, ts, id) => {
        const req = inbound(body);
        const want = referenceRender(t, req, { timestamp: ts, id });
        const got = renderPayload(t, req, { timestamp: ts, id });
        if (want === "unrenderable") expect(got).toHaveProperty("missing");
        else expect(got).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
  it("the template checker never throws", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => void templateProblems(t)), RUNS);
  });
});

describe("JSON bodies and value sources", () => {
  const pathText = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("id", "data.object.id", "__proto__", "constructor.prototype", "a..b", ".", ""));
  it("JSON paths never throw and yield only strings", () => {
    fc.assert(
      fc.property(fc.jsonValue(), pathText, (value, path) => {
        const out = jsonPath(value, path);
        expect(out === undefined || typeof out === "string").toBe(true);
      }),
      RUNS,
    );
  });
  it("the lazy JSON view of any body never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v)))), (body) => {
        inbound(body).json();
      }),
      RUNS,
    );
  });
  it("every source the schema accepts reads without throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), headerish, (rawSource, json, fieldValue) => {
        const s = SourceSchema.safeParse(rawSource);
        if (!s.success) return;
        const req = inbound(new TextEncoder().encode(JSON.stringify(json)));
        const v = readSource(s.data, req, new Map([["t", fieldValue]]));
        expect(v === undefined || (typeof v === "string" && v.length > 0)).toBe(true);
      }),
      RUNS,
    );
  });
});
