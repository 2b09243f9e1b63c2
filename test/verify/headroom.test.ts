/** Zero-copy `<prefix><body>` payloads: only into headroom the body owns, never into someone else's bytes. */
import { describe, expect, it } from "vitest";
import { BODY_HEADROOM, concatWithHeadroom, prefixed } from "../../src/verify/encoding.ts";
import { readBody } from "../../src/http/body.ts";

const enc = new TextEncoder();

describe("prefixed payloads", () => {
  it("write the prefix into the body's own headroom, without copying the body", () => {
    const body = concatWithHeadroom([enc.encode("hello "), enc.encode("world")]);
    const out = prefixed(enc.encode("id.123."), body);
    expect(new TextDecoder().decode(out)).toBe("id.123.hello world");
    expect(out.buffer).toBe(body.buffer);
    // A second, different prefix (the proxy signature after verification) reuses the same room.
    expect(new TextDecoder().decode(prefixed(enc.encode("other."), body))).toBe("other.hello world");
    expect(new TextDecoder().decode(body)).toBe("hello world");
  });
  it("copy instead when the body is a view into a buffer it does not own, or the prefix is too long", () => {
    const shared = enc.encode("SECRET-NEIGHBOUR|body");
    const view = shared.subarray(17);
    const out = prefixed(enc.encode("p."), view);
    expect(new TextDecoder().decode(out)).toBe("p.body");
    expect(new TextDecoder().decode(shared)).toBe("SECRET-NEIGHBOUR|body");
    const roomy = concatWithHeadroom([enc.encode("b")]);
    const long = prefixed(new Uint8Array(BODY_HEADROOM + 1).fill(0x61), roomy);
    expect(long.length).toBe(BODY_HEADROOM + 2);
    expect(long.buffer).not.toBe(roomy.buffer);
  });
  it("readBody gives a body read in several chunks headroom, byte for byte", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode("{\"a\":"));
        c.enqueue(enc.encode("1}"));
        c.close();
      },
    });
    const read = await readBody(new Request("https://h/x", { method: "POST", body: stream, duplex: "half" } as RequestInit), 1024);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(new TextDecoder().decode(read.value)).toBe('{"a":1}');
    expect(prefixed(enc.encode("t."), read.value).buffer).toBe(read.value.buffer);
  });
});
