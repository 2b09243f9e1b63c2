/**
 * Issue 12, defect 7: maxBodyBytes is capped at what fits in a Worker's 128 MB
 * (measured: docs/security.md "Memory"), with an error that names the cap; the
 * body is read into one buffer.
 */
import { describe, expect, it } from "vitest";
import { validateRulesFile } from "../../src/rules/validate.ts";
import { MAX_BODY_BYTES_CAP } from "../../src/rules/schema.ts";
import { readBody } from "../../src/http/body.ts";
import { BODY_HEADROOM } from "../../src/verify/encoding.ts";

const MIB = 1024 * 1024;
const route = (maxBodyBytes: number) => ({ routes: [{ path: "/hooks/a", provider: "github", secrets: ["s"], origin: "https://o.example", maxBodyBytes }] });

describe("maxBodyBytes cap", () => {
  it("is 24 MiB", () => expect(MAX_BODY_BYTES_CAP).toBe(24 * MIB));

  it("accepts the cap, refuses more (100 MiB was accepted before) with an error naming the cap", () => {
    expect(validateRulesFile(route(24 * MIB)).ok).toBe(true);
    for (const n of [24 * MIB + 1, 100 * MIB]) {
      const r = validateRulesFile(route(n));
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/maxBodyBytes: at most 25165824 \(24 MiB\): a Worker has 128 MB and holds a body up to 4 times/);
    }
  });
});

function streamed(parts: Uint8Array[], contentLength?: number): Request {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(p);
      c.close();
    },
  });
  const headers = contentLength === undefined ? {} : { "content-length": String(contentLength) };
  return new Request("https://h.example/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readBody with a Content-Length", () => {
  it("reads the chunks straight into one buffer of that length (with headroom)", async () => {
    const parts = [new Uint8Array(1000).fill(1), new Uint8Array(24).fill(2)];
    const r = await readBody(streamed(parts, 1024), 4096);
    expect(r.ok && r.value.length).toBe(1024);
    if (r.ok) {
      expect(r.value.buffer.byteLength).toBe(BODY_HEADROOM + 1024);
      expect(r.value[999]).toBe(1);
      expect(r.value[1000]).toBe(2);
    }
  });

  it("a body that ends short of, or runs past, its Content-Length is unreadable (never a partial buffer)", async () => {
    const short = await readBody(streamed([new Uint8Array(10)], 20), 4096);
    expect(short).toMatchObject({ ok: false, reason: { code: "body_unreadable" } });
    const long = await readBody(streamed([new Uint8Array(10), new Uint8Array(15)], 20), 4096);
    expect(long).toMatchObject({ ok: false, reason: { code: "body_unreadable" } });
  });
});
