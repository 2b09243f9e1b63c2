/**
 * `{form:sorted}`: the parameters of an application/x-www-form-urlencoded body,
 * sorted by name then value (code-unit order), each rendered as name then
 * value with no separators (Twilio, Mandrill). A repeated name with the same
 * value counts once, as Twilio's own SDKs sign it.
 * `{form:pairs}`: sorted by name, `name=value` joined by `&`, some names left
 * out (Alipay). A repeated name fails it.
 *
 * The rendering must come from the bytes received, or not at all: a body that
 * is not UTF-8, or a percent-escape that decodes to bytes that are not UTF-8
 * (`%FF`), renders nothing (null) and the request fails. (URLSearchParams would
 * turn both into U+FFFD, so different bodies would render alike.)
 */
import type { Inbound } from "../shared/inbound.ts";
import { utf8Text } from "../shared/utf8.ts";

export function isForm(req: Inbound): boolean {
  const type = req.headers.get("content-type") ?? "";
  return type.split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/**
 * WHATWG form-urlencoded percent-decoding (`+` is a space, a `%` without two hex
 * digits stays literal), but failing (null) where an escape does not decode to
 * UTF-8: decodeURIComponent is strict about that.
 */
function decodeComponent(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " ").replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
  } catch {
    return null;
  }
}

/** The body's parameters, or null when the body is not a UTF-8 form (whatever its content type). */
export function formParams(body: Uint8Array): [string, string][] | null {
  const text = utf8Text(body);
  if (text === null) return null;
  const pairs: [string, string][] = [];
  for (const piece of text.split("&")) {
    if (piece === "") continue;
    const at = piece.indexOf("=");
    const name = decodeComponent(at < 0 ? piece : piece.slice(0, at));
    const value = decodeComponent(at < 0 ? "" : piece.slice(at + 1));
    if (name === null || value === null) return null;
    pairs.push([name, value]);
  }
  return pairs;
}

/**
 * The rendering of a form body's parameters, or null when the request carries
 * a body that is not a UTF-8 form. An empty body renders "" (no parameters),
 * whatever its content type: nothing unsigned rides along.
 */
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function sortedFormParams(req: Inbound): string | null {
  if (req.body.length === 0) return "";
  if (!isForm(req)) return null;
  const pairs = formParams(req.body);
  if (!pairs) return null;
  // By name, then value (as Twilio's SDK orders repeated names), in UTF-16 code-unit order; identical pairs once.
  pairs.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  let out = "";
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i]!;
    if (i > 0 && pairs[i - 1]![0] === k && pairs[i - 1]![1] === v) continue;
    out += k + v;
  }
  return out;
}

/** A form body's parameters, or null when the request carries no UTF-8 form. */
const bodyForm = (req: Inbound) => (isForm(req) ? formParams(req.body) : null);

/** The one value of form parameter `name`; undefined when absent or repeated (which one the origin reads is not ours to guess). */
export function formField(req: Inbound, name: string): string | undefined {
  const values = bodyForm(req)?.filter(([k]) => k === name);
  return values?.length === 1 ? values[0]![1] : undefined;
}

/**
 * `{formfield:name}` (Quoter): the one value of parameter `name`, but only when the form is exactly the signed
 * parameters and the signature's: any other name, or a repeated one, is content the signature does not cover (null).
 */
export function signedFormField(req: Inbound, name: string, allowed: readonly string[]): string | null {
  const pairs = bodyForm(req);
  if (!pairs) return null;
  const seen = new Set<string>();
  for (const [k] of pairs) {
    if (!allowed.includes(k) || seen.has(k)) return null;
    seen.add(k);
  }
  return pairs.find(([k]) => k === name)?.[1] ?? null;
}

/**
 * `{form:pairs}`, or null when the body is not a UTF-8 form, repeats a name, or could be read two ways: the text is
 * decoded, so a name with `=` or `&`, or a value with `&<name>=` in it, could be one parameter or two.
 */
export function pairedFormParams(req: Inbound, exclude: readonly string[] = []): string | null {
  const pairs = bodyForm(req)?.filter(([k]) => !exclude.includes(k));
  if (!pairs) return null;
  pairs.sort((a, b) => cmp(a[0], b[0]));
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i]!;
    if (/[=&]/.test(k) || /&[^&=]*=/.test(v) || k === pairs[i - 1]?.[0]) return null;
  }
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}
