/**
 * Reads one value at a dotted path (`data.object.id`) from JSON bytes without
 * building the whole document: it walks the bytes of each enclosing object,
 * skips every other value (strings by a native search for the closing quote),
 * and parses only the value it returns. Hand-written because no library does a
 * lazy, allocation-free lookup over raw bytes within the Worker's bundle budget.
 *
 * Answers exactly as `JSON.parse` followed by `jsonPath` (src/shared/json-path.ts)
 * for every valid JSON text:
 * - duplicate keys: the LAST one wins (as JSON.parse), at every level;
 * - keys written with escapes (`"\u0069d"`) match their decoded name;
 * - arrays are indexed by canonical indices ("0", "12") and answer "length", as
 *   `Object.hasOwn` does on a parsed array.
 * For a body that is not valid JSON the answer is `undefined` wherever the walked
 * structure breaks (unbalanced brackets, a missing `:` or `,`, an unterminated
 * string, an invalid key or value); the contents of values it skips are not
 * validated (JSON.parse would refuse a document whose skipped parts are invalid).
 */

import { utf8Text } from "./utf8.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

const MALFORMED = -1;
const encoder = new TextEncoder();

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index of the first byte from `i` that is not JSON whitespace (or `end`). */
export function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i])) i++;
  return i;
}

/**
 * The body as text, while jsonField runs, when every byte is one char (ASCII:
 * the char offsets are the byte offsets): a string's indexOf is a native memchr,
 * 4–9× faster than the word loop below at 64 KiB and 1 MiB in workerd
 * (docs/performance.md). Decoded at the first long string (a body with short strings
 * never pays for it); not under 4 KiB (decoding costs more than the words save)
 * nor above 4 MiB (the text is a copy).
 * undefined: not decoded yet; null: not ASCII (or too large).
 */
let ascii: string | null | undefined;
const MIN_TEXT = 4096;
const MAX_TEXT = 4 * 1024 * 1024;

function asAscii(b: Uint8Array): string | null {
  if (b.length < MIN_TEXT || b.length > MAX_TEXT) return null;
  const text = utf8Text(b);
  // One UTF-16 unit per byte only if every byte is ASCII (each multi-byte character is fewer units than bytes).
  return text !== null && text.length === b.length ? text : null;
}

/**
 * The first `"` at or after `from` (before `end`), or -1. Long strings dominate
 * large bodies: an ASCII body is searched as text (native); other bodies four
 * bytes per step (SWAR "has zero byte" on the word XOR 0x22222222), as a typed
 * array's indexOf runs a byte at a time.
 */
function nextQuote(b: Uint8Array, from: number, end: number): number {
  let i = from;
  // Short strings (most of them): byte by byte. Then as text, or bytes until `i` is word-aligned in the
  // buffer, then words through a view made once per body.
  const short = Math.min(end, from + 32);
  for (; i < short; i++) if (b[i] === QUOTE) return i;
  if (i === end) return -1;
  if (ascii === undefined) ascii = asAscii(b);
  if (ascii !== null) {
    const q = ascii.indexOf('"', i);
    return q < end ? q : -1;
  }
  while (i < end && ((b.byteOffset + i) & 3) !== 0) {
    if (b[i] === QUOTE) return i;
    i++;
  }
  const w = wordsOf(b);
  const first = (b.byteOffset + i - w.byteOffset) >>> 2;
  const last = (b.byteOffset + end - w.byteOffset) >>> 2; // exclusive: whole words before `end`
  for (let k = first; k < last; k++) {
    const v = w[k]! ^ 0x22222222;
    if (((v - 0x01010101) & ~v & 0x80808080) !== 0) {
      const at = w.byteOffset + (k << 2) - b.byteOffset;
      for (let j = 0; j < 4; j++) if (b[at + j] === QUOTE) return at + j;
    }
  }
  if (last > first) i = w.byteOffset + (last << 2) - b.byteOffset;
  for (; i < end; i++) if (b[i] === QUOTE) return i;
  return -1;
}

let viewed: Uint8Array | undefined;
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
/** The body's whole aligned words as one Uint32Array (cached for the body being scanned). */
function wordsOf(b: Uint8Array): Uint32Array<ArrayBufferLike> {
  if (viewed !== b) {
    const start = (b.byteOffset + 3) & ~3;
    const count = Math.max(0, (b.byteOffset + b.length - start) >>> 2);
    words = new Uint32Array(b.buffer, start, count);
    viewed = b;
  }
  return words;
}

/** `i` at an opening quote: the index after the closing one, or MALFORMED. */
function skipString(b: Uint8Array, i: number, end: number): number {
  let from = i + 1;
  for (;;) {
    const q = nextQuote(b, from, end);
    if (q < 0) return MALFORMED;
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    // An even run of backslashes before the quote escapes only itself.
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** `i` at `{` or `[`: the index after the matching close, or MALFORMED. */
function skipNested(b: Uint8Array, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = b[i]!;
    if (c === QUOTE) {
      i = skipString(b, i, end);
      if (i === MALFORMED) return MALFORMED;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (--depth === 0) return i + 1;
    }
    i++;
  }
  return MALFORMED;
}

/** `i` at a value's first byte: the index after it, or MALFORMED. */
function skipValue(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i, end);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) return skipNested(b, i, end);
  const start = i;
  while (i < end) {
    const d = b[i];
    if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || isSpace(d)) break;
    i++;
  }
  return i > start ? i : MALFORMED;
}

/** The key `b[start, end)` (quotes included) equals `want` (its UTF-8 bytes, quotes included). */
function keyEquals(b: Uint8Array, start: number, end: number, name: string, want: Uint8Array): boolean {
  let escaped = false;
  for (let k = start + 1; k < end - 1; k++) if (b[k] === BACKSLASH) escaped = true;
  if (!escaped) {
    if (end - start !== want.length) return false;
    for (let k = 0; k < want.length; k++) if (b[start + k] !== want[k]) return false;
    return true;
  }
  // Escapes: compare the decoded key (rare in provider payloads).
  const decoded = parseSlice(b, start, end);
  return decoded.ok && decoded.value === name;
}

type Range = { start: number; end: number };
/** A lookup's answer: the value found (or null), and the index just past the enclosing container. */
type Found = { value: Range | number | null; after: number };

/** The last member `name` of the object starting at `range.start`; MALFORMED if broken. */
function member(b: Uint8Array, range: Range, name: string): Found | typeof MALFORMED {
  const want = encoder.encode(JSON.stringify(name));
  const { end } = range;
  let i = range.start + 1; // past "{"
  let found: Range | null = null;
  i = skipSpace(b, i, end);
  if (b[i] === CLOSE_OBJECT) return { value: null, after: i + 1 };
  for (;;) {
    if (b[i] !== QUOTE) return MALFORMED;
    const keyEnd = skipString(b, i, end);
    if (keyEnd === MALFORMED) return MALFORMED;
    const isWanted = keyEquals(b, i, keyEnd, name, want);
    i = skipSpace(b, keyEnd, end);
    if (b[i] !== COLON) return MALFORMED;
    i = skipSpace(b, i + 1, end);
    const valueEnd = skipValue(b, i, end);
    if (valueEnd === MALFORMED) return MALFORMED;
    if (isWanted) found = { start: i, end: valueEnd };
    i = skipSpace(b, valueEnd, end);
    if (b[i] === COMMA) {
      i = skipSpace(b, i + 1, end);
      continue;
    }
    return b[i] === CLOSE_OBJECT ? { value: found, after: i + 1 } : MALFORMED;
  }
}

/** Element `part` (a canonical index) of the array starting at `range.start`, or its length for "length". */
function element(b: Uint8Array, range: Range, part: string): Found | typeof MALFORMED {
  const wantLength = part === "length";
  const index = wantLength ? -1 : Number(part);
  const valid = wantLength || (String(index) === part && Number.isInteger(index) && index >= 0);
  const { end } = range;
  let i = skipSpace(b, range.start + 1, end);
  let n = 0;
  let found: Range | null = null;
  if (b[i] === CLOSE_ARRAY) return { value: wantLength ? 0 : null, after: i + 1 };
  for (;;) {
    const valueEnd = skipValue(b, i, end);
    if (valueEnd === MALFORMED) return MALFORMED;
    if (n === index) found = { start: i, end: valueEnd };
    n++;
    i = skipSpace(b, valueEnd, end);
    if (b[i] === COMMA) {
      i = skipSpace(b, i + 1, end);
      continue;
    }
    if (b[i] !== CLOSE_ARRAY) return MALFORMED;
    return { value: !valid ? null : wantLength ? n : found, after: i + 1 };
  }
}

function parseSlice(b: Uint8Array, start: number, end: number): { ok: true; value: unknown } | { ok: false } {
  const text = utf8Text(b.subarray(start, end));
  if (text === null) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The JSON value at `path` (dot-separated; every part a member name or an array
 * index) in the JSON text `b`, or undefined when absent or not valid JSON there.
 */
export function jsonField(b: Uint8Array, path: string): unknown {
  forget();
  try {
    return lookup(b, path);
  } finally {
    forget();
  }
}

/** The caches (text and words) belong to one call's body: dropped before and after it, never holding a body alive. */
function forget(): void {
  ascii = undefined;
  viewed = undefined;
  words = new Uint32Array(0);
}

function lookup(b: Uint8Array, path: string): unknown {
  let start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // JSON.parse after a BOM-stripping decode
  start = skipSpace(b, start, b.length);
  let end = b.length;
  while (end > start && isSpace(b[end - 1])) end--;
  const parts = path.split(".");
  let range: Range = { start, end };
  for (let p = 0; p < parts.length; p++) {
    const open = b[range.start];
    const found =
      open === OPEN_OBJECT ? member(b, range, parts[p]!) : open === OPEN_ARRAY ? element(b, range, parts[p]!) : MALFORMED;
    if (found === MALFORMED) return undefined;
    // The container ends where its value ends (at the top: nothing may follow it).
    if (found.after !== range.end) return undefined;
    if (found.value === null) return undefined;
    if (typeof found.value === "number") return p === parts.length - 1 ? found.value : undefined;
    range = found.value;
  }
  const parsed = parseSlice(b, range.start, range.end);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * The text of member `first`'s value when `b` is exactly the object `{"<first>": …, "<last>": …}`:
 * those two members in that order, whitespace aside, nothing else (no other or repeated member,
 * no BOM, nothing after it). Else, or when that value is not UTF-8, undefined. Exact Online signs
 * the raw bytes of `Content` and sends the MAC beside it: every other byte is accounted for.
 */
export function envelopeMember(b: Uint8Array, first: string, last: string): string | undefined {
  forget();
  try {
    return envelope(b, first, last);
  } finally {
    forget();
  }
}

function envelope(b: Uint8Array, first: string, last: string): string | undefined {
  let end = b.length;
  while (end > 0 && isSpace(b[end - 1])) end--;
  let i = skipSpace(b, 0, end);
  if (b[i++] !== OPEN_OBJECT) return undefined;
  let value: Range | undefined;
  for (const name of [first, last]) {
    i = skipSpace(b, i, end);
    const keyEnd = b[i] === QUOTE ? skipString(b, i, end) : MALFORMED;
    if (keyEnd === MALFORMED || !keyEquals(b, i, keyEnd, name, encoder.encode(JSON.stringify(name)))) return undefined;
    i = skipSpace(b, keyEnd, end);
    if (b[i] !== COLON) return undefined;
    i = skipSpace(b, i + 1, end);
    const valueEnd = skipValue(b, i, end);
    if (valueEnd === MALFORMED) return undefined;
    value ??= { start: i, end: valueEnd };
    i = skipSpace(b, valueEnd, end);
    if (b[i++] !== (name === last ? CLOSE_OBJECT : COMMA)) return undefined;
  }
  if (i !== end) return undefined;
  return utf8Text(b.subarray(value!.start, value!.end)) ?? undefined;
}
