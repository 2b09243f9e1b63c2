/**
 * Compares a rules file with what KV holds, route by route and provider by
 * provider, field by field. Both sides are compared with the schema's defaults
 * applied, so writing a default out (`"methods": ["POST"]`) is no difference.
 * Literal secrets are never printed.
 */
import { ProviderSchema, RouteSchema, type RulesFile } from "../src/rules/schema.ts";
import { shown as show } from "./secrets.ts";
import type { StoredRules } from "./kv-rules.ts";

export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
}

export type Difference =
  | { kind: "added" | "removed"; what: "route" | "provider"; name: string }
  | { kind: "changed"; what: "route" | "provider"; name: string; fields: FieldChange[] };

/** Applies defaults when the value is valid; keeps it as stored otherwise (so an invalid KV value shows as a change). */
function normalise(schema: typeof RouteSchema | typeof ProviderSchema, value: unknown): unknown {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : value;
}

/** Leaves of a JSON value by dotted path; arrays of scalars are compared element by element. */
function flatten(value: unknown, prefix = "", into = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) into.set(prefix, value);
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, into));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) into.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else into.set(prefix, value);
  return into;
}

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(field);
    const y = b.get(field);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.push({
      field,
      ...(a.has(field) ? { before: show(field, x) } : {}),
      ...(b.has(field) ? { after: show(field, y) } : {}),
    });
  }
  return changes;
}

/** Differences that pushing `file` would make to `stored`. */
export function diffRules(file: RulesFile, stored: StoredRules): Difference[] {
  const diffs: Difference[] = [];
  const kvRoutes = new Map(stored.routes.map((r) => [r.key.slice("route:".length), r.value]));
  const filePaths = new Set(file.routes.map((r) => r.path));
  for (const route of file.routes) {
    if (!kvRoutes.has(route.path)) diffs.push({ kind: "added", what: "route", name: route.path });
    else {
      const fields = fieldChanges(normalise(RouteSchema, kvRoutes.get(route.path)), route);
      if (fields.length) diffs.push({ kind: "changed", what: "route", name: route.path, fields });
    }
  }
  for (const path of kvRoutes.keys()) if (!filePaths.has(path)) diffs.push({ kind: "removed", what: "route", name: path });

  for (const [name, provider] of Object.entries(file.providers)) {
    if (!Object.hasOwn(stored.providers, name)) diffs.push({ kind: "added", what: "provider", name });
    else {
      const fields = fieldChanges(normalise(ProviderSchema, stored.providers[name]), provider);
      if (fields.length) diffs.push({ kind: "changed", what: "provider", name, fields });
    }
  }
  for (const name of Object.keys(stored.providers))
    if (!Object.hasOwn(file.providers, name)) diffs.push({ kind: "removed", what: "provider", name });
  return diffs;
}
