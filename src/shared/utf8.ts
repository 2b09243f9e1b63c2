/**
 * The text of bytes that must be UTF-8 as received: null when they are not (never
 * U+FFFD in their place). A leading BOM stays in the text: it is part of the bytes.
 * One decoder for every such reading (forms, `{body:json}`, keyed digests, JSON scans).
 */
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
