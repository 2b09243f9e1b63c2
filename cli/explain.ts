/**
 * Friendlier messages for rules-file schema issues, for the CLI (the Worker
 * keeps zod's plain ones, to stay small): an unknown enum value names the
 * allowed ones, an unknown key suggests the nearest valid key. The allowed keys
 * come from the generated JSON Schema (the same one editors use).
 * Never shows a value from a secret-bearing field.
 */
import type * as z from "zod/mini";
import { didYouMean } from "../src/rules/nearest.ts";
import { rulesJsonSchema } from "./schema-json.ts";
import { isSecretPath } from "./secrets.ts";
import { fieldOf } from "../src/rules/issues.ts";

type Json = Record<string, unknown>;
let schema: Json | undefined;

/** The JSON Schema nodes a value at `path` may match (union branches flattened). */
function nodesAt(path: readonly PropertyKey[], input: unknown): Json[] {
  schema ??= JSON.parse(rulesJsonSchema()) as Json;
  const expand = (n: Json): Json[] => {
    const branches = (n.anyOf ?? n.oneOf) as Json[] | undefined;
    return branches ? branches.flatMap(expand) : [n];
  };
  let nodes = expand(schema);
  let value = input;
  for (const seg of path) {
    const next: Json[] = [];
    for (const n of nodes) {
      if (typeof seg === "number" && n.items) next.push(n.items as Json);
      if (typeof seg === "string") {
        const props = n.properties as Record<string, Json> | undefined;
        if (props?.[seg]) next.push(props[seg]);
        else if (n.additionalProperties && typeof n.additionalProperties === "object") next.push(n.additionalProperties as Json);
      }
    }
    nodes = next.flatMap(expand);
    value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[seg as string] : undefined;
  }
  // A discriminated union: only the branch whose `type` the value names.
  const type = value !== null && typeof value === "object" ? (value as { type?: unknown }).type : undefined;
  const typed = nodes.filter((n) => ((n.properties as Record<string, Json> | undefined)?.type as Json | undefined)?.const === type);
  return type !== undefined && typed.length ? typed : nodes;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const seg of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[seg as string] : undefined;
  return v;
}

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** A message for `issue` (path relative to the whole file), or undefined to keep zod's. */
export function explainIssue(issue: z.core.$ZodIssue, input: unknown): string | undefined {
  if (issue.code === "unrecognized_keys") {
    const allowed = [...new Set(nodesAt(issue.path, input).flatMap((n) => Object.keys((n.properties as Json | undefined) ?? {})))];
    return issue.keys
      .map((k) => `unknown key "${k}"${didYouMean(k, allowed)}${allowed.length && allowed.length <= 30 ? `; allowed: ${allowed.join(", ")}` : ""}`)
      .join("; ");
  }
  if (issue.code === "invalid_value" && issue.values.length > 1) {
    const got = valueAt(input, issue.path);
    const shown = typeof got === "string" && got.length <= 40 && !isSecretPath(fieldOf(issue.path)) ? `"${got}" is not allowed; ` : "";
    const hint = typeof got === "string" ? didYouMean(got, issue.values.map(String)) : "";
    return `${shown}allowed values: ${quoted(issue.values)}${hint}`;
  }
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) return `is required (${issue.expected})`;
  return undefined;
}
