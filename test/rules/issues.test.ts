/** The Worker's own messages for a bad route in KV: a union names the field that is wrong, not just "Invalid input". */
import { describe, expect, it } from "vitest";
import { RouteSchema } from "../../src/rules/schema.ts";
import { formatIssues } from "../../src/rules/issues.ts";

const problems = (route: unknown) => {
  const r = RouteSchema.safeParse(route);
  return r.success ? [] : formatIssues(r.error, "route:/a");
};

describe("formatIssues", () => {
  it("descends into the union branch that got furthest", () => {
    expect(problems({ path: "/a", provider: "github", secrets: ["env:A"], dedup: { store: "strickt" } })).toEqual([
      'route:/a: dedup.store: Invalid option: expected one of "kv"|"strict"',
    ]);
    expect(problems({ path: "/a", provider: "Git Hub", secrets: ["env:A"] })).toEqual(["route:/a: provider: must be a provider name (a-z, 0-9, - and _)"]);
  });
  it("keeps a union's own message when no branch got anywhere", () => {
    expect(problems({ path: "/a", provider: 42, secrets: ["env:A"] })).toEqual(["route:/a: provider: Invalid input"]);
  });
});
