/** Reads a configured value source (header, JSON field, query, signature field, form parameter). */
import type { Source } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { scalarText } from "../shared/json-path.ts";
import { formField } from "./form.ts";

export function readSource(source: Source, req: Inbound, signatureFields?: Map<string, string>): string | undefined {
  let value: string | null | undefined;
  if ("header" in source) value = req.headers.get(source.header);
  else if ("json" in source) value = scalarText(req.field(source.json));
  else if ("query" in source) value = req.url.searchParams.get(source.query);
  else if ("form" in source) value = formField(req, source.form);
  else value = signatureFields?.get(source.signatureField);
  value = value?.trim();
  return value ? value : undefined;
}

export function describeSource(source: Source): string {
  if ("header" in source) return `header ${source.header}`;
  if ("json" in source) return `JSON field ${source.json}`;
  if ("query" in source) return `query parameter ${source.query}`;
  if ("form" in source) return `form parameter ${source.form}`;
  return `signature field ${source.signatureField}`;
}
