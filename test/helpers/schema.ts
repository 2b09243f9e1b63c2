/** The messages ProviderSchema gives for a provider ([] when it is valid): for schema tests. */
import { ProviderSchema } from "../../src/rules/schema.ts";

export function providerProblems(p: unknown): string[] {
  const r = ProviderSchema.safeParse(p);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}
