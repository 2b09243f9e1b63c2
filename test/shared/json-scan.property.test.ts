/**
 * jsonField (src/shared/json-scan.ts) reads one value from JSON bytes without a
 * full parse; it must answer exactly as JSON.parse + jsonPath on every valid JSON
 * text: duplicate keys (last wins), escaped keys, arrays, whitespace, nesting.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { jsonField } from "../../src/shared/json-scan.ts";
import { jsonPath, scalarText } from "../../src/shared/json-path.ts";

const enc = new TextEncoder();

function reference(text: string, path: string): string | undefined | "invalid" {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "invalid";
  }
  return jsonPath(parsed, path);
}

// Few key names, so duplicates and hits are common; "length", "__proto__" and digits probe array/object semantics.
const KEYS = ["id", "a", "0", "1", "length", "__proto__", "é", "x y"];
type Node = { kind: "obj"; members: [string, Node, boolean][] } | { kind: "arr"; items: Node[] } | { kind: "leaf"; value: unknown };
const leaf = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ maxLength: 300 }),
  // Long strings with non-ASCII characters: a document with any is searched byte-wise (the word loop), not as text.
  fc.string({ unit: "grapheme", minLength: 40, maxLength: 300 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
).map((value): Node => ({ kind: "leaf", value }));
const tree = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("node"), { maxLength: 4 }).map((items): Node => ({ kind: "arr", items })),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie("node"), fc.boolean()), { maxLength: 5 }).map((members): Node => ({ kind: "obj", members })),
  ),
}));

/** Renders with the given whitespace between tokens; escapes a key's first letter when asked. */
function render(n: Node, ws: string[], pos = { i: 0 }): string {
  const w = () => ws[pos.i++ % ws.length]!;
  if (n.kind === "leaf") return JSON.stringify(n.value);
  if (n.kind === "arr") return "[" + w() + n.items.map((x) => render(x, ws, pos)).join(w() + "," + w()) + w() + "]";
  const key = (k: string, escape: boolean) =>
    escape ? JSON.stringify(k).replace(/^"(.)/u, (_, c: string) => '"\\u' + c.charCodeAt(0).toString(16).padStart(4, "0")) : JSON.stringify(k);
  return "{" + w() + n.members.map(([k, v, e]) => key(k, e) + w() + ":" + w() + render(v, ws, pos)).join(w() + "," + w()) + w() + "}";
}

const whitespace = fc.array(fc.constantFrom("", " ", "\n", "\t", "\r\n  "), { minLength: 1, maxLength: 6 });
const path = fc.array(fc.constantFrom(...KEYS, "2", "01"), { minLength: 1, maxLength: 3 }).map((p) => p.join("."));

describe("jsonField matches JSON.parse + jsonPath", () => {
  it("on generated JSON (duplicate and escaped keys, arrays, whitespace, nesting)", () => {
    fc.assert(
      fc.property(tree.node, whitespace, path, (node, ws, p) => {
        const text = render(node, ws);
        const want = reference(text, p);
        expect(want).not.toBe("invalid");
        expect(scalarText(jsonField(enc.encode(text), p))).toBe(want);
      }),
      { numRuns: 3000, seed: 1729 },
    );
  });

  it("on the same documents past 4 KiB (an ASCII body is then searched as text, not by words)", () => {
    fc.assert(
      fc.property(tree.node, whitespace, path, (node, ws, p) => {
        const text = " ".repeat(4096) + render(node, ws);
        expect(scalarText(jsonField(enc.encode(text), p))).toBe(reference(text, p));
      }),
      { numRuns: 1000, seed: 1730 },
    );
  });

  it("finds the path's value when it exists (the property above also sees hits, not only misses)", () => {
    const body = enc.encode('{"id":"first","data":{"object":{"id":"ch_1"}},"id":"last"}');
    expect(jsonField(body, "id")).toBe("last");
    expect(jsonField(body, "data.object.id")).toBe("ch_1");
    expect(jsonField(enc.encode('{"\\u0069d" : 42 }'), "id")).toBe(42);
    expect(jsonField(enc.encode('{"items":[{"id":"a"},{"id":"b"}]}'), "items.1.id")).toBe("b");
    expect(jsonField(enc.encode('{"items":[1,2,3]}'), "items.length")).toBe(3);
    expect(jsonField(enc.encode('\ufeff{"id":"bom"}'), "id")).toBe("bom");
    expect(jsonField(enc.encode('{"s":"a \\"quoted\\" \\\\","id":"x"}'), "id")).toBe("x");
  });

  it("a value inside a string never matches, however it is escaped", () => {
    expect(jsonField(enc.encode('{"note":"\\",\\"id\\":\\"fake","id":"real"}'), "id")).toBe("real");
    expect(jsonField(enc.encode('{"note":"\\\\","id":"real"}'), "id")).toBe("real");
  });

  it("a body that is not one JSON value gives no answer where the walked structure breaks", () => {
    for (const text of ['{"id":"x"', '{"id":"x"} trailing', '{"id" "x"}', '{"id":"x",}', '{"id":"x" "y":1}', "[1,2", '{"id":"x}', "", "   ", "nul", '"id"'])
      expect(jsonField(enc.encode(text), "id"), text).toBeUndefined();
  });

  it("a string's closing quote is found at every length and position, in ASCII bodies (searched as text) and others (by words)", () => {
    for (const filler of ["x", "é"])
      for (let len = 0; len < 80; len++)
        for (const escapeAt of [-1, 0, 31, 32, 33, len - 1]) {
          const chars = Array.from({ length: len }, () => filler);
          if (escapeAt >= 0 && escapeAt < len) chars[escapeAt] = '\\"';
          // Padded past 4 KiB: an ASCII body that small is never searched as text.
          const text = `{"s":"${chars.join("")}","id":"${len}-${escapeAt}","t":"${chars.join("")}"}${" ".repeat(4096)}`;
          expect(jsonField(enc.encode(text), "id"), text).toBe(JSON.parse(text).id);
          expect(jsonField(enc.encode(text), "t"), text).toBe(JSON.parse(text).t);
        }
  });

  it("a long string is skipped at any alignment (word-at-a-time search)", () => {
    for (let pad = 0; pad < 8; pad++) {
      const text = `{"data":"${"x".repeat(1000 + pad)}\\"${"y".repeat(77)}","id":"after-${pad}"}`;
      const whole = enc.encode(" ".repeat(pad) + text);
      // A view into a larger buffer at an odd offset, as a body read in chunks may be.
      const buf = new Uint8Array(whole.length + 5);
      buf.set(whole, 3);
      expect(jsonField(buf.subarray(3, 3 + whole.length), "id")).toBe(`after-${pad}`);
    }
  });
});
