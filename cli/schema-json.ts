/**
 * The JSON Schema of a rules file, generated from the zod/mini schemas (for
 * editors' autocompletion). Node side only: the JSON Schema tooling stays out
 * of the Worker bundle.
 */
import * as z from "zod/mini";
import { RulesFileSchema } from "../src/rules/schema.ts";

export function rulesJsonSchema(): string {
  const schema = z.toJSONSchema(RulesFileSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "hookgate rules file" }, null, 2)}\n`;
}
