/**
 * Reads a request body once, as bytes, stopping as soon as it exceeds the
 * limit: a declared Content-Length over the limit is refused before reading,
 * and a chunked body without a length is cut off while streaming, so an
 * unbounded body is never buffered.
 */
import { concatWithHeadroom } from "../verify/encoding.ts";
import { fail, type Result } from "../shared/verdict.ts";

export async function readBody(request: Request, limit: number): Promise<Result<Uint8Array>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    return fail({ code: "body_too_large", limit });
  }
  if (!request.body) return { ok: true, value: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return fail({ code: "body_too_large", limit });
      }
      chunks.push(value);
    }
  } catch (e) {
    return fail({ code: "body_unreadable", detail: e instanceof Error ? e.message : "stream error" });
  }
  // Several chunks are copied into one buffer, with headroom for a signed-payload prefix (see prefixed()).
  return { ok: true, value: chunks.length === 1 ? chunks[0]! : concatWithHeadroom(chunks) };
}
