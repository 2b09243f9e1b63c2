/**
 * Reads a dotted path (`data.object.id`) from parsed JSON; only strings and
 * finite numbers count. Shared by the Worker (value sources) and the CLI's
 * `send`, so both read a body the same way. No runtime dependencies.
 */
export function jsonPath(value: unknown, path: string): string | undefined {
  return scalarText(jsonValue(value, path));
}

/** The value at a dotted path of parsed JSON (own properties only; array indices as parts). */
export function jsonValue(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A JSON value as a value source reads it: strings, and finite numbers as text; anything else is absent. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}
