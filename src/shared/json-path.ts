/**
 * Reads a dotted path (`data.object.id`) from parsed JSON; only strings and
 * finite numbers count. Shared by the Worker (value sources) and the CLI's
 * `send`, so both read a body the same way. No runtime dependencies.
 */
export function jsonPath(value: unknown, path: string): string | undefined {
  let cur: unknown = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === "string") return cur;
  if (typeof cur === "number" && Number.isFinite(cur)) return String(cur);
  return undefined;
}
