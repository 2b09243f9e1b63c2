/**
 * Renders a signed-payload template (`v0:{timestamp}:{body}`) into the exact bytes to MAC.
 *
 * Hot path: a template is split into segments once (cached), every run of
 * text around the body is encoded with a single TextEncoder call, and the
 * body is not copied at all for `<prefix>{body}` templates (prefixed()), else
 * copied once, straight into the output buffer.
 */
import { HEADER_NAME, TEMPLATE_PLACEHOLDER } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { encodeText, prefixed } from "./encoding.ts";
import { pairedFormParams, signedFormField, sortedFormParams } from "./form.ts";
import { utf8Text } from "../shared/utf8.ts";
import { envelopeMember } from "../shared/json-scan.ts";

export interface TemplateValues {
  timestamp?: string;
  id?: string;
  /** The route's publicUrl (no query): `{url}`/`{path}` use it, with the received query appended. */
  publicUrl?: string;
  /**
   * The request carries the provider's body digest (checked separately):
   * the digest covers the body, so `{form:sorted}` renders "" (Twilio's JSON
   * variant signs the URL with its bodySHA256 and no parameters).
   */
  bodyDigested?: boolean;
  /** The top-level JSON member the signature is read from: `{member:X}` needs the body to be exactly `{X, it}`. */
  signatureMember?: string | undefined;
  /** Hex SHA-256 of the body, computed before rendering when the template has `{body:sha256hex}`. */
  bodySha256?: string;
  /** The form parameter the signature is read from: `{formfield:X}` needs the form to be exactly the signed ones and it. */
  signatureParam?: string | undefined;
  /** Fields of the signature header (`{field:name}`). */
  fields?: Map<string, string>;
  /** The route's named values (`{value:name}`): from the rules, never from the request. */
  routeValues?: Record<string, string>;
  /** Form parameters `{form:pairs}` leaves out. */
  formExclude?: readonly string[];
  /** Where `{headers}` finds its list of headers, and which it must name. */
  signedHeaders?: { header: string; required: readonly string[] };
}

/** The placeholder that could not be rendered from the request received. */
export type Unrenderable = { missing: string };

type Segment =
  | { kind: "text"; text: string }
  | { kind: "body" }
  | { kind: "timestamp" | "id" | "method" | "url" | "headers" }
  | { kind: "path"; escaped: boolean }
  | { kind: "form"; style: string }
  | { kind: "formfield"; name: string; signed: string[] }
  | { kind: "header" | "field" | "value" | "body:json" | "body:sha256hex" | "member"; name: string };

const MAX_CACHED_TEMPLATES = 256;
const compiledTemplates = new Map<string, Segment[]>();

/** Splits a template into literal text and placeholders (unknown placeholders render as nothing; the schema rejects them). */
export function compileTemplate(template: string): Segment[] {
  let segments = compiledTemplates.get(template);
  if (segments) return segments;
  segments = [];
  // Every {formfield:X} of the template: the form may carry these and the signature, nothing else.
  const signed: string[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    const [whole, name, arg] = m;
    if (m.index > last) segments.push({ kind: "text", text: template.slice(last, m.index) });
    last = m.index + whole.length;
    switch (name) {
      case "body":
        // `{body:json}` / `{body:sha256hex}` render as text; plain `{body}` is the bytes themselves.
        segments.push(arg ? { kind: `body:${arg}` as "body:json", name: "" } : { kind: "body" });
        break;
      case "timestamp":
      case "id":
      case "method":
      case "url":
      case "headers":
        segments.push({ kind: name });
        break;
      case "path":
        segments.push({ kind: name, escaped: arg === "escaped" });
        break;
      case "form":
        segments.push({ kind: name, style: arg! });
        break;
      case "formfield":
        signed.push(arg!);
        segments.push({ kind: name, name: arg!, signed });
        break;
      case "header":
      case "member":
      case "field":
      case "value":
        segments.push({ kind: name, name: arg! });
        break;
    }
  }
  if (last < template.length) segments.push({ kind: "text", text: template.slice(last) });
  if (compiledTemplates.size >= MAX_CACHED_TEMPLATES) compiledTemplates.clear();
  compiledTemplates.set(template, segments);
  return segments;
}

/** A part's text, or null when the request does not carry it: an absent part never renders as "". */
function segmentText(s: Exclude<Segment, { kind: "body" }>, req: Inbound, values: TemplateValues): string | null {
  switch (s.kind) {
    case "text":
      return s.text;
    case "timestamp":
      return values.timestamp ?? null;
    case "id":
      return values.id ?? null;
    case "header":
      return req.headers.get(s.name);
    case "method":
      return req.method;
    case "url":
      return values.publicUrl !== undefined ? values.publicUrl + req.url.search : req.url.href;
    case "path": {
      const path = values.publicUrl !== undefined ? new URL(values.publicUrl).pathname : req.url.pathname;
      const q = req.url.search.slice(1);
      // Contentful's canonical path (node-apps-toolkit getNormalizedEncodedURI): the query escaped, then the whole encodeURI'd.
      return s.escaped ? encodeURI(q ? `${path}?${encodeURIComponent(q)}` : path) : path + req.url.search;
    }
    case "headers":
      return values.signedHeaders ? listedHeaders(req, values.signedHeaders) : null;
    case "form": {
      if (s.style === "pairs") return pairedFormParams(req, values.formExclude);
      if (s.style === "sorted") return values.bodyDigested ? "" : sortedFormParams(req);
      // plivo (V3): "?" + the sorted parameters when there are any. Plivo would also put the query there, sorted,
      // separated from the parameters by "." only when both exist: ambiguous, so a URL with a query fails.
      const sorted = req.url.search ? null : sortedFormParams(req);
      return sorted ? `?${sorted}` : sorted;
    }
    case "member":
      return (values.signatureMember !== undefined && envelopeMember(req.body, s.name, values.signatureMember)) || null;
    case "formfield":
      return values.signatureParam === undefined ? null : signedFormField(req, s.name, [...s.signed, values.signatureParam]);
    case "field":
      return values.fields?.get(s.name) ?? null;
    case "value":
      // Own keys only: `{value:constructor}` is not Object.prototype's.
      return values.routeValues && Object.hasOwn(values.routeValues, s.name) ? values.routeValues[s.name]! : null;
    case "body:sha256hex":
      return values.bodySha256 ?? null;
    case "body:json":
      return jsonString(req.body);
  }
}

/** The body as a JSON string, exactly as JSON.stringify writes its text (Hygraph); null when it is not UTF-8. */
function jsonString(body: Uint8Array): string | null {
  const text = utf8Text(body);
  return text === null ? null : JSON.stringify(text);
}

/**
 * `{headers}` (Contentful): the headers the request lists, sorted, `name:value` joined by `;`; the list itself
 * renders as the sorted names. null when the list is missing, repeats a name, lacks a required one, or names a
 * header the request does not carry: a listed header is never rendered as empty.
 */
function listedHeaders(req: Inbound, spec: { header: string; required: readonly string[] }): string | null {
  const list = spec.header.toLowerCase();
  const names = (req.headers.get(list) ?? "").split(",").map((n) => n.trim().toLowerCase()).sort();
  if (names.some((n, i) => !HEADER_NAME.test(n) || n === names[i - 1]) || spec.required.some((r) => !names.includes(r.toLowerCase()))) return null;
  const parts: string[] = [];
  for (const n of names) {
    const v = n === list ? names.join(",") : req.headers.get(n);
    if (v === null) return null;
    parts.push(`${n}:${v}`);
  }
  return parts.join(";");
}

/**
 * Encoding each piece separately would turn a lone surrogate into U+FFFD; do
 * the same before joining pieces, so that two halves in adjacent pieces never
 * become one character (the bytes stay exactly what per-piece encoding gives).
 */
function wellFormed(s: string): string {
  const str = s as string & { isWellFormed(): boolean; toWellFormed(): string };
  return str.isWellFormed() ? s : str.toWellFormed();
}

/**
 * The exact bytes to MAC, or which part the request does not carry (the
 * request then fails: a signed part is never rendered as empty).
 */
export function renderPayload(template: string, req: Inbound, values: TemplateValues): Uint8Array | Unrenderable {
  if (template === "{body}") return req.body;
  // Runs of text between body occurrences, each encoded once: [text0, body, text1, body, text2...].
  const texts: Uint8Array[] = [];
  let run = "";
  for (const s of compileTemplate(template)) {
    if (s.kind === "body") {
      texts.push(encodeText(run));
      run = "";
    } else {
      const text = segmentText(s, req, values);
      if (text === null) return { missing: `{${"name" in s && s.name ? `${s.kind}:${s.name}` : s.kind === "form" ? `form:${s.style}` : s.kind}}` };
      run += wellFormed(text);
    }
  }
  texts.push(encodeText(run));
  // `<prefix>{body}`: the prefix goes into the body's headroom, the body is not copied.
  if (texts.length === 2 && texts[1]!.length === 0) return prefixed(texts[0]!, req.body);
  const bodies = texts.length - 1;
  let length = bodies * req.body.length;
  for (const t of texts) length += t.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    out.set(texts[i]!, offset);
    offset += texts[i]!.length;
    if (i < bodies) {
      out.set(req.body, offset);
      offset += req.body.length;
    }
  }
  return out;
}
