/**
 * envelopeMember (src/shared/json-scan.ts): the bytes of the signed member only when the body is
 * exactly `{"<first>": …, "<last>": …}`, whitespace aside (Exact Online's Content + HashCode).
 * Property: whenever it answers, JSON.parse of the whole body (what an origin reads) holds exactly
 * that member's value and the signature member, nothing else.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { envelopeMember } from "../../src/shared/json-scan.ts";

const enc = new TextEncoder();
const E = (s: string) => envelopeMember(enc.encode(s), "Content", "HashCode");

describe("envelopeMember", () => {
  it("returns the member's raw text, whitespace inside it kept, around it allowed", () => {
    expect(E('{"Content":{"a":1},"HashCode":"AB"}')).toBe('{"a":1}');
    expect(E(' \r\n\t{ "Content" :\n{ "a" : [1, "}\\"{"] } ,\t"HashCode" : "AB" }\n ')).toBe('{ "a" : [1, "}\\"{"] }');
    expect(E('{"Cont\\u0065nt":7,"HashCode":"AB"}')).toBe("7");
  });

  it.each([
    ["empty", ""],
    ["only whitespace", "  "],
    ["not an object", '["Content",1]'],
    ["HashCode missing", '{"Content":{}}'],
    ["Content missing", '{"HashCode":"AB"}'],
    ["reordered", '{"HashCode":"AB","Content":{}}'],
    ["an extra member first", '{"x":1,"Content":{},"HashCode":"AB"}'],
    ["an extra member between", '{"Content":{},"x":1,"HashCode":"AB"}'],
    ["an extra member last", '{"Content":{},"HashCode":"AB","x":1}'],
    ["Content repeated", '{"Content":{},"Content":{"x":1},"HashCode":"AB"}'],
    ["HashCode repeated", '{"Content":{},"HashCode":"AB","HashCode":"AB"}'],
    ["trailing bytes", '{"Content":{},"HashCode":"AB"}x'],
    ["a second value", '{"Content":{},"HashCode":"AB"}{}'],
    ["a BOM", '\ufeff{"Content":{},"HashCode":"AB"}'],
    ["unterminated Content", '{"Content":{"a":"}","HashCode":"AB"}'],
    ["no colon", '{"Content" {},"HashCode":"AB"}'],
    ["a trailing comma", '{"Content":{},"HashCode":"AB",}'],
    ["an unquoted key", '{Content:{},"HashCode":"AB"}'],
    ["missing value", '{"Content":,"HashCode":"AB"}'],
    ["a key in another case", '{"content":{},"HashCode":"AB"}'],
  ])("refuses %s", (_n, body) => {
    expect(E(body)).toBeUndefined();
  });

  it("refuses a member value that is not UTF-8", () => {
    const b = enc.encode('{"Content":"x","HashCode":"AB"}');
    b[12] = 0xff;
    expect(envelopeMember(b, "Content", "HashCode")).toBeUndefined();
  });

  it("whenever it answers, JSON.parse of the body is exactly {Content: that value, HashCode}", () => {
    const ws = fc.constantFrom("", " ", "\n", "\t ", "\r\n  ");
    const key = fc.constantFrom('"Content"', '"HashCode"', '"x"', '"Cont\\u0065nt"');
    const member = fc.tuple(ws, key, ws, fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, 2), ws);
    const anyBody = fc
      .tuple(ws, fc.array(member, { maxLength: 3 }), ws, fc.constantFrom("", "x", "{}", " "))
      .map(([a, ms, b, tail]) => `${a}{${ms.map(([w1, k, w2, v, sp, w3]) => `${w1}${k}${w2}:${JSON.stringify(v, null, sp)}${w3}`).join(",")}}${b}${tail}`);
    // Half of the bodies have the envelope's shape, so the property is exercised where it answers.
    const envelope = fc
      .tuple(ws, ws, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, 2), ws, fc.stringMatching(/^[0-9A-F]{0,64}$/), ws)
      .map(([a, b, v, sp, c, h, d]) => `${a}{${b}"Content"${b}:${c}${JSON.stringify(v, null, sp)}${c},${b}"HashCode":"${h}"${d}}${a}`);
    const body = fc.oneof(anyBody, envelope);
    let answered = 0;
    fc.assert(
      fc.property(body, (text) => {
        const got = E(text);
        if (got === undefined) return;
        answered++;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(parsed)).toEqual(["Content", "HashCode"]);
        expect(parsed.Content).toEqual(JSON.parse(got));
        expect(text).toContain(got);
      }),
      { numRuns: 400 },
    );
    expect(answered).toBeGreaterThan(100);
  });
});
