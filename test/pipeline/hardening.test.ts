/** Regressions for what the property tests and the attack corpus found. */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { signRequest } from "../helpers/sign.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, RouteSchema } from "../../src/rules/schema.ts";

const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);

describe("hardening regressions", () => {
  it("a path longer than any storable route is a 404, not a failed KV read (503), and the log line stays short", async () => {
    const h = harness({ nowMs: NOW });
    const res = await h.send(`/a/${"x".repeat(8000)}`, { body: "{}" });
    expect(res.status).toBe(404);
    expect(h.lastLog()?.reason).toBe("route_not_found");
    expect(h.lastLog()!.route.length).toBeLessThan(100);
    expect(h.received).toHaveLength(0);
  });

  it("a base64 signature spelled non-canonically (same bytes, different text) does not verify", async () => {
    const p = ProviderSchema.parse(presets["standard-webhooks"]);
    const h = harness({ nowMs: NOW });
    const s = await signRequest(p, { nowMs: NOW, path: "/t/canonical", id: "msg_1" });
    await h.putRoute({ path: "/t/canonical", provider: "standard-webhooks", secrets: [s.secret] });
    // A 32-byte MAC is 43 base64 characters + "=": the last character carries 2 unused bits.
    const sig = s.signatureValue;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const last = alphabet.indexOf(sig[42]!);
    const twin = sig.slice(0, 42) + alphabet[last ^ 1] + "=";
    expect(twin).not.toBe(sig);
    const forged = await h.send(s.path, { headers: { ...s.headers, "webhook-signature": `v1,${twin}` }, body: s.body });
    expect(forged.status).toBe(401);
    expect(h.received).toHaveLength(0);
    const genuine = await h.send(s.path, { headers: s.headers, body: s.body });
    expect(genuine.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("route paths must be storable and matchable: URL-encoded ASCII, at most 506 characters", () => {
    const base = { provider: "github", secrets: ["s"] };
    expect(RouteSchema.safeParse({ ...base, path: "/café" }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...base, path: "/caf%C3%A9" }).success).toBe(true);
    expect(RouteSchema.safeParse({ ...base, path: `/${"a".repeat(505)}` }).success).toBe(true);
    expect(RouteSchema.safeParse({ ...base, path: `/${"a".repeat(506)}` }).success).toBe(false);
  });
});
