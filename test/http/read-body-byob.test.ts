/**
 * readBody on workerd's own request streams (what a Worker receives): with a
 * Content-Length of 16 KiB or more read by a BYOB reader straight into the body
 * buffer, otherwise chunk by chunk. The same answers as the chunk-by-chunk read of a
 * JavaScript stream (test/rules/max-body.test.ts, test/pipeline/handle.test.ts),
 * byte for byte, with headroom for a prefix.
 */
import { describe, expect, it } from "vitest";
import { readBody } from "../../src/http/body.ts";
import { prefixed } from "../../src/verify/encoding.ts";

/** Distinct bytes at every offset (a misplaced block shows). */
const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
/** The first offset where `a` and `b` differ, -1 if none (toEqual is slow on 300 KB). */
const firstDiff = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
};
const request = (body: Uint8Array | string, contentLength?: number) =>
  new Request("https://h.example/x", { method: "POST", body, headers: contentLength === undefined ? {} : { "content-length": String(contentLength) } });

describe("readBody, BYOB read of a workerd stream", () => {
  it("is the stream workerd hands over for a request body (no JavaScript stream)", () => {
    expect(() => request("x").body!.getReader({ mode: "byob" })).not.toThrow();
  });

  for (const n of [0, 1, 4097, 16383, 16384, 65537, 300_000]) {
    it(`${n} bytes with an honest Content-Length: the same bytes, with headroom`, async () => {
      const body = pattern(n);
      const r = await readBody(request(body, n), 1 << 20);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(firstDiff(r.value, body)).toBe(-1);
      if (n > 0) expect(prefixed(new Uint8Array([1, 2]), r.value).buffer).toBe(r.value.buffer);
    });

    it(`${n} bytes without a Content-Length (chunk by chunk): the same bytes`, async () => {
      const body = pattern(n);
      const r = await readBody(request(body), 1 << 20);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(firstDiff(r.value, body)).toBe(-1);
    });
  }

  it("a body running past its Content-Length, or ending short of it, is unreadable", async () => {
    for (const declared of [100, 20_000]) {
      expect(await readBody(request(pattern(declared + 900), declared), 1 << 20)).toMatchObject({ ok: false, reason: { code: "body_unreadable", detail: `body runs past its Content-Length ${declared}` } });
      expect(await readBody(request(pattern(declared - 50), declared), 1 << 20)).toMatchObject({ ok: false, reason: { code: "body_unreadable", detail: `body ended after ${declared - 50} of its Content-Length ${declared} bytes` } });
    }
  });

  it("without a Content-Length: a body at the limit is read, one byte more is too large", async () => {
    for (const n of [1000, 65536, 200_000]) {
      expect(await readBody(request(pattern(n)), n)).toMatchObject({ ok: true });
      expect(await readBody(request(pattern(n + 1)), n)).toMatchObject({ ok: false, reason: { code: "body_too_large", limit: n } });
    }
  });
});

describe("readBody holds a body's bytes as they arrive, not as its Content-Length announces", () => {
  /** Counts what readBody allocates for the body (the allocator it is given). */
  const counting = () => {
    const sizes: number[] = [];
    return { sizes, alloc: (n: number) => (sizes.push(n), new Uint8Array(512 + n).subarray(512)) };
  };

  it("reads an IdentityTransformStream body with a BYOB reader (the path a Worker's request takes)", () => {
    const req = new Request("https://h.example/x", { method: "POST", body: new IdentityTransformStream().readable, headers: { "content-length": "70000" } });
    expect(() => req.body!.getReader({ mode: "byob" })).not.toThrow();
  });

  it("a client announcing 1 MiB and sending 1 KiB holds at most 64 KiB while it waits", async () => {
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    void writer.write(pattern(1024));
    const req = new Request("https://h.example/x", { method: "POST", body: readable, headers: { "content-length": String(1 << 20) } });
    const { sizes, alloc } = counting();
    const pending = readBody(req, 1 << 20, alloc);
    await new Promise((r) => setTimeout(r, 50));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(65536);
    await writer.abort(new Error("client went away"));
    expect(await pending).toMatchObject({ ok: false, reason: { code: "body_unreadable" } });
  });

  for (const n of [65535, 65536, 65537, 300_000, 1 << 20]) {
    it(`${n} bytes arriving in pieces: the same bytes, grown as they arrive, with headroom`, async () => {
      const body = pattern(n);
      const { readable, writable } = new IdentityTransformStream();
      const writer = writable.getWriter();
      const req = new Request("https://h.example/x", { method: "POST", body: readable, headers: { "content-length": String(n) } });
      const { sizes, alloc } = counting();
      const pending = readBody(req, 1 << 20, alloc);
      for (let at = 0; at < n; at += 40_000) await writer.write(body.slice(at, Math.min(n, at + 40_000)));
      await writer.close();
      const r = await pending;
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(firstDiff(r.value, body)).toBe(-1);
      expect(prefixed(new Uint8Array([1, 2]), r.value).buffer).toBe(r.value.buffer);
      // Grown from 64 KiB as the bytes came, never past the body and its one spare byte.
      expect(sizes[0]).toBe(Math.min(n + 1, 65536));
      if (n >= 65536) expect(sizes.length).toBeGreaterThan(1);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(n + 1);
    });
  }
});
