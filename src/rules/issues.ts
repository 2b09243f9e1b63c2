/** Turns zod issues into one line per problem, naming the field. Never includes values. */
import type * as z from "zod/mini";

type Issue = z.core.$ZodIssue;

/** How far a union branch got: deeper issues, and a matching type, mean it is the branch the author meant. */
const score = (branch: Issue[]) => Math.max(0, ...branch.map((i) => i.path.length * 2 + (i.code === "invalid_type" ? 0 : 1)));

/**
 * A union's "Invalid input" replaced by the issues of the branch that got
 * furthest (`dedup: {"store": "strickt"}` → `dedup.store: expected one of "kv"|"strict"`).
 */
export function leafIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length) {
      const best = issue.errors.reduce((a, b) => (score(b) > score(a) ? b : a));
      if (score(best) > 0) return leafIssues(best, path);
    }
    return [{ ...issue, path }];
  });
}

export const fieldOf = (path: readonly PropertyKey[]) =>
  path.length ? path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "(root)";

/** `explain` may give a friendlier message for an issue (the CLI's: allowed values, did-you-mean). */
export function formatIssues(error: z.core.$ZodError, where: string, explain?: (issue: Issue) => string | undefined): string[] {
  return leafIssues(error.issues).map((issue) => `${where}: ${fieldOf(issue.path)}: ${explain?.(issue) ?? issue.message}`);
}
