/** Renders a signed-payload template (`v0:{timestamp}:{body}`) into the exact bytes to MAC. */
import { TEMPLATE_PLACEHOLDER } from "../rules/schema.ts";
import type { Inbound } from "../pipeline/inbound.ts";
import { concatBytes, utf8 } from "./encoding.ts";
import { sortedFormParams } from "./form.ts";

export interface TemplateValues {
  timestamp?: string;
  id?: string;
  /** The route's publicUrl (no query): `{url}`/`{path}` use it, with the received query appended. */
  publicUrl?: string;
}

export function renderPayload(template: string, req: Inbound, values: TemplateValues): Uint8Array {
  if (template === "{body}") return req.body;
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    const [whole, name, arg] = m;
    if (m.index > last) parts.push(utf8.encode(template.slice(last, m.index)));
    last = m.index + whole.length;
    switch (name) {
      case "body":
        parts.push(req.body);
        break;
      case "timestamp":
        parts.push(utf8.encode(values.timestamp ?? ""));
        break;
      case "id":
        parts.push(utf8.encode(values.id ?? ""));
        break;
      case "header":
        parts.push(utf8.encode(req.headers.get(arg!) ?? ""));
        break;
      case "method":
        parts.push(utf8.encode(req.method));
        break;
      case "url":
        parts.push(utf8.encode(values.publicUrl !== undefined ? values.publicUrl + req.url.search : req.url.href));
        break;
      case "path":
        parts.push(utf8.encode((values.publicUrl !== undefined ? new URL(values.publicUrl).pathname : req.url.pathname) + req.url.search));
        break;
      case "form":
        parts.push(utf8.encode(sortedFormParams(req) ?? ""));
        break;
    }
  }
  if (last < template.length) parts.push(utf8.encode(template.slice(last)));
  return concatBytes(parts);
}
