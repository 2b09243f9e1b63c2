/** The JSON Schema of a rules file, generated from the zod schema (for editors' autocompletion). */
import { z } from "zod";
import { RulesFileSchema } from "../rules/schema.ts";

export function rulesJsonSchema(): string {
  const schema = z.toJSONSchema(RulesFileSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "hookgate rules file" }, null, 2)}\n`;
}
