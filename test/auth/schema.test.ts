/** Schema rules for the other sender-authentication schemes, dedup and expiry. */
import { describe, expect, it } from "vitest";
import { ProviderSchema, RouteSchema } from "../../src/rules/schema.ts";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe("ProviderSchema authentication", () => {
  it("needs at least one of signature, token or jwt", () => {
    const r = ProviderSchema.safeParse({ id: { header: "X-Id" } });
    expect(r.success).toBe(false);
    expect(messages(r).join()).toContain("at least one of signature, token or jwt");
  });

  it("accepts token alone, jwt alone, with defaults", () => {
    expect(ProviderSchema.parse({ token: { header: "X-Gitlab-Token" } }).token).toEqual({ header: "X-Gitlab-Token", prefix: "" });
    expect(ProviderSchema.parse({ jwt: {} }).jwt).toEqual({ header: "Authorization", prefix: "Bearer ", leeway: 5, maxLifetime: 20 });
  });

  it("rejects a signatureField source without a pairs signature", () => {
    const r = ProviderSchema.safeParse({ token: { header: "X-T" }, timestamp: { from: { signatureField: "t" } } });
    expect(r.success).toBe(false);
  });

  it("rejects unknown fields in require", () => {
    expect(ProviderSchema.safeParse({ token: { header: "X-T" }, require: [{ from: { json: "a" }, equal: "x" }] }).success).toBe(false);
  });
});

describe("RouteSchema dedup / expiresAt", () => {
  const base = { path: "/x", provider: "github", secrets: ["s"] };
  it("defaults and false", () => {
    expect(RouteSchema.parse({ ...base, dedup: {} }).dedup).toEqual({ ttlSeconds: 86400, store: "kv" });
    expect(RouteSchema.parse({ ...base, dedup: false }).dedup).toBe(false);
    expect(RouteSchema.parse(base).dedup).toBeUndefined();
  });
  it("ttlSeconds at least 60", () => {
    const r = RouteSchema.safeParse({ ...base, dedup: { ttlSeconds: 30 } });
    expect(r.success).toBe(false);
  });
  it("expiresAt defaults", () => {
    expect(RouteSchema.parse({ ...base, expiresAt: { from: { header: "ValidUntil" } } }).expiresAt).toEqual({
      from: { header: "ValidUntil" },
      format: "auto",
      leeway: 5,
      maxSeconds: 300,
    });
  });
});
