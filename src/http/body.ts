/**
 * Reads a request body once, as bytes, stopping as soon as it exceeds the
 * limit: a declared Content-Length over the limit is refused before reading,
 * and a chunked body without a length is cut off while streaming, so an
 * unbounded body is never buffered.
 *
 * Memory: with a Content-Length (what providers send) the chunks are copied
 * straight into one buffer of that length as they arrive, so the body is held
 * once, never as chunks plus a joined copy; a body that ends shorter or runs
 * longer than its Content-Length is unreadable. Without one (chunked), the
 * chunks are joined once at the end (twice the body for a moment).
 * docs/security.md "Memory" has the measured peak.
 */
import { bodyBuffer, concatWithHeadroom } from "../verify/encoding.ts";
import { fail, type Result } from "../shared/verdict.ts";

export async function readBody(request: Request, limit: number): Promise<Result<Uint8Array>> {
  const header = request.headers.get("content-length");
  const declared = header !== null && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
  if (declared !== undefined && declared > limit) return fail({ code: "body_too_large", limit });
  if (!request.body) return { ok: true, value: new Uint8Array(0) };

  const reader = request.body.getReader();
  const into = declared !== undefined ? bodyBuffer(declared) : undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stop = async (): Promise<void> => void (await reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await stop();
        return fail({ code: "body_too_large", limit });
      }
      if (!into) chunks.push(value);
      else if (size <= into.length) into.set(value, size - value.byteLength);
      else {
        await stop();
        return fail({ code: "body_unreadable", detail: `body runs past its Content-Length ${declared}` });
      }
    }
  } catch (e) {
    return fail({ code: "body_unreadable", detail: e instanceof Error ? e.message : "stream error" });
  }
  if (!into) return { ok: true, value: chunks.length === 1 ? chunks[0]! : concatWithHeadroom(chunks) };
  if (size !== into.length) return fail({ code: "body_unreadable", detail: `body ended after ${size} of its Content-Length ${declared} bytes` });
  return { ok: true, value: into };
}
