/**
 * `{form:sorted}`: the parameters of an application/x-www-form-urlencoded body,
 * sorted by name then value (code-unit order), each rendered as
 * name then value with no separators (Twilio, Mandrill). Other bodies render as
 * "", and verification rejects them unless a bodyDigest covers them (Twilio's
 * JSON variant), so a non-form body is never accepted unsigned.
 */
import type { Inbound } from "../shared/inbound.ts";

export function isForm(req: Inbound): boolean {
  const type = req.headers.get("content-type") ?? "";
  return type.split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** The rendering, or null when the body is not a (UTF-8) form: the caller must then not accept it as signed. */
export function sortedFormParams(req: Inbound): string | null {
  if (!isForm(req)) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(req.body);
  } catch {
    return null;
  }
  const pairs = [...new URLSearchParams(text)];
  // By name, then value (as Twilio's SDK orders repeated names), in UTF-16 code-unit order.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  pairs.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  return pairs.map(([k, v]) => k + v).join("");
}
