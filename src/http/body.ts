/**
 * Reads a request body once, as bytes, stopping as soon as it exceeds the
 * limit: a declared Content-Length over the limit is refused before reading,
 * and a chunked body without a length is cut off while streaming, so an
 * unbounded body is never buffered.
 *
 * Memory: with a Content-Length (what providers send) the body is read into
 * one buffer of that length (plus one byte, which only a body running past its
 * length fills), so it is held once, never as chunks plus a joined copy; a body
 * that ends shorter or runs longer than its Content-Length is unreadable. The
 * buffer starts at 64 KiB and grows 4× as the bytes arrive (up to that length),
 * so a client that announces a large body and sends little holds little.
 * Without one (chunked), the chunks are joined once at the end (twice the body
 * for a moment). docs/security.md "Memory" has the measured peak.
 *
 * Speed: with a Content-Length of 16 KiB or more, workerd's own request stream is read with a
 * BYOB reader straight into that buffer (`readAtLeast`: one call fills each buffer),
 * ≈ 10× cheaper at 64 KiB and 1 MiB than pulling its 4 KiB chunks one by one
 * (docs/performance.md). Chunked bodies and streams built in JavaScript (no
 * BYOB reads) are pulled chunk by chunk (readChunks).
 */
import { bodyBuffer, bodyBufferAfterTransfer, concatWithHeadroom } from "../verify/encoding.ts";
import { fail, type Result } from "../shared/verdict.ts";

/** workerd's BYOB reader (readAtLeast is workerd's; Node's stream types, also in scope, lack it). */
type ByobReader = { readAtLeast(min: number, view: Uint8Array): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };
/** Smaller bodies arrive in one or a few chunks: the chunk loop is as fast, and the BYOB read cost more in the pipeline at 1 KiB. */
const BYOB_MIN = 16384;
/** The first buffer of a body with a Content-Length; it grows as bytes arrive (most webhook bodies fit it). */
const FIRST_BUFFER = 65536;
/** Allocates a body buffer with headroom (bodyBuffer; a test counts what is allocated). */
type Alloc = (length: number) => Uint8Array;

/** 4× `capacity`, or all of `room` when less than one `capacity` would be left (no copy for a last few bytes). */
const nextCapacity = (capacity: number, room: number) => (room - capacity * 4 < capacity ? room : capacity * 4);

/** A buffer of `capacity` holding `body`'s first `size` bytes. */
function grown(body: Uint8Array, size: number, capacity: number, alloc: Alloc): Uint8Array {
  const bigger = alloc(capacity);
  bigger.set(body.subarray(0, size));
  return bigger;
}
const tooLarge = (limit: number) => fail({ code: "body_too_large", limit });
const past = (declared: number) => fail({ code: "body_unreadable", detail: `body runs past its Content-Length ${declared}` });
const short = (size: number, declared: number) => fail({ code: "body_unreadable", detail: `body ended after ${size} of its Content-Length ${declared} bytes` });
const broken = (e: unknown) => fail({ code: "body_unreadable", detail: e instanceof Error ? e.message : "stream error" });

export async function readBody(request: Request, limit: number, alloc: Alloc = bodyBuffer): Promise<Result<Uint8Array>> {
  const header = request.headers.get("content-length");
  const declared = header !== null && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
  if (declared !== undefined && declared > limit) return tooLarge(limit);
  if (!request.body) return { ok: true, value: new Uint8Array(0) };
  const reader = declared === undefined || declared < BYOB_MIN ? undefined : byobReader(request.body);
  if (!reader || declared === undefined) return readChunks(request.body.getReader(), limit, declared, alloc);
  // One byte more than declared: only a body running past its Content-Length fills it.
  const room = declared + 1;
  let capacity = Math.min(room, FIRST_BUFFER);
  let body = alloc(capacity);
  let size = 0;
  try {
    for (;;) {
      // Full, and the body may go on: only once its bytes have arrived, a buffer 4× as large, or room itself.
      if (size === capacity) body = grown(body, size, (capacity = nextCapacity(capacity, room)), alloc);
      const offset = body.byteOffset;
      const read = await reader.readAtLeast(capacity - size, body.subarray(size, capacity));
      // Each read transfers the buffer: the bytes live on in the buffer of the view it returns.
      if (read.value) {
        body = new Uint8Array(read.value.buffer, offset, capacity);
        size += read.value.byteLength;
      }
      if (size > declared) return await cancelled(reader, past(declared));
      if (read.done) break;
    }
  } catch (e) {
    return broken(e);
  }
  if (size !== declared) return short(size, declared);
  return { ok: true, value: bodyBufferAfterTransfer(body.subarray(0, size)) };
}

/** A BYOB reader, or undefined for a stream built in JavaScript (it has none). */
function byobReader(body: ReadableStream): ByobReader | undefined {
  try {
    return body.getReader({ mode: "byob" }) as unknown as ByobReader;
  } catch {
    return undefined;
  }
}

async function cancelled<T>(reader: { cancel(): Promise<void> }, result: T): Promise<T> {
  await reader.cancel().catch(() => {});
  return result;
}

/** The same read for a stream without BYOB reads (built in JavaScript), chunk by chunk. */
async function readChunks(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number, declared: number | undefined, alloc: Alloc): Promise<Result<Uint8Array>> {
  let into = declared !== undefined ? alloc(Math.min(declared, FIRST_BUFFER)) : undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) return await cancelled(reader, tooLarge(limit));
      if (!into) chunks.push(value);
      else if (size <= declared!) {
        if (size > into.length) into = grown(into, size - value.byteLength, Math.max(size, nextCapacity(into.length, declared!)), alloc);
        into.set(value, size - value.byteLength);
      } else return await cancelled(reader, past(declared!));
    }
  } catch (e) {
    return broken(e);
  }
  if (!into) return { ok: true, value: chunks.length === 1 ? chunks[0]! : concatWithHeadroom(chunks) };
  if (size !== declared) return short(size, declared!);
  return { ok: true, value: into };
}
