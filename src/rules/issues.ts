/** Turns zod issues into one line per problem, naming the field. Never includes values. */
import type * as z from "zod/mini";

export function formatIssues(error: z.core.$ZodError, where: string): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "(root)";
    return `${where}: ${field}: ${issue.message}`;
  });
}
