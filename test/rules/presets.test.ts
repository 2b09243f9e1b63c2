/** Presets are plain data that pass the same schema as a tenant's KV providers. */
import { describe, expect, it } from "vitest";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, RouteSchema } from "../../src/rules/schema.ts";
import { validateRulesFile } from "../../src/rules/validate.ts";
import { DEADLINE_SOURCES } from "../../cli/preset-table.ts";

describe("built-in presets", () => {
  it.each(Object.keys(presets))("%s validates with ProviderSchema and survives a JSON round trip", (name) => {
    const data = presets[name]!;
    expect(ProviderSchema.safeParse(data).success).toBe(true);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("has a timestamp tolerance above zero wherever a timestamp is checked", () => {
    for (const [name, p] of Object.entries(presets)) {
      const parsed = ProviderSchema.parse(p);
      if (parsed.timestamp) expect(parsed.timestamp.tolerance, name).toBeGreaterThan(0);
    }
  });
});

describe("preset answers (deadline, success status)", () => {
  it("every published deadline names its source, and leaves the default safety margin at least 1 s of origin time", () => {
    for (const [name, p] of Object.entries(presets)) {
      const a = ProviderSchema.parse(p).answer;
      if (a?.deadlineMs === undefined) continue;
      expect(a.source ?? DEADLINE_SOURCES[name], name).toBeTruthy();
      expect(a.deadlineMs - 1500, name).toBeGreaterThanOrEqual(1000);
    }
    expect(ProviderSchema.parse(presets.lean).answer).toMatchObject({ deadlineMs: 10_000, successStatus: 200 });
  });

  it("a psk-jwt route without an allow list fails validation (the article's scheme includes one)", () => {
    const r = validateRulesFile({ routes: [{ path: "/a", provider: "psk-jwt", secrets: ["env:PSK"] }] });
    expect(r.errors.join("\n")).toMatch(/allow list: set the route's allow/);
    expect(validateRulesFile({ routes: [{ path: "/a", provider: "psk-jwt", secrets: ["env:PSK"], allow: { ips: ["198.51.100.0/24"] } }] }).ok).toBe(true);
  });
});

describe("schema guards", () => {
  const sig = { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex" } as const;
  it("refuses a payload that does not sign the body, or uses a timestamp it cannot find", () => {
    expect(ProviderSchema.safeParse({ signature: { ...sig, payload: "{timestamp}" }, timestamp: { from: { header: "T" } } }).success).toBe(false);
    expect(ProviderSchema.safeParse({ signature: { ...sig, payload: "{timestamp}.{body}" } }).success).toBe(false);
    expect(ProviderSchema.safeParse({ signature: { ...sig, payload: "{bogus}.{body}" } }).success).toBe(false);
    expect(ProviderSchema.safeParse({ signature: sig, timestamp: { from: { header: "T" }, tolerance: 0 } }).success).toBe(false);
    expect(ProviderSchema.safeParse({ signature: sig, timestamp: { from: { signatureField: "t" } } }).success).toBe(false);
  });
  it("refuses reserved paths, unknown fields and non-http origins", () => {
    const base = { provider: "github", secrets: ["s"] };
    expect(RouteSchema.safeParse({ ...base, path: "/healthz" }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...base, path: "/__hookgate/admin" }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...base, path: "/a", secret: "typo" }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...base, path: "/a", origin: "ftp://x" }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...base, path: "/a" }).success).toBe(true);
  });
  it("the example rules file is valid", async () => {
    const example = (await import("../../examples/rules.json")).default;
    expect(validateRulesFile(example)).toMatchObject({ ok: true, errors: [] });
  });
});
