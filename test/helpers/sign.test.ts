/** The test signer agrees with the written-down vectors (so tests built on it test hookgate, not the signer). */
import { describe, expect, it } from "vitest";
import { vectors } from "../fixtures/vectors.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, type HmacSignature } from "../../src/rules/schema.ts";
import { encodeSig } from "./sign.ts";

describe("test signer", () => {
  it("reproduces the GitHub docs vector", async () => {
    const v = vectors.find((x) => x.preset === "github")!;
    const p = ProviderSchema.parse(presets.github);
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(v.secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(v.body)));
    expect(`sha256=${encodeSig((p.signature as HmacSignature).encoding, mac)}`).toBe(v.headers["X-Hub-Signature-256"]);
  });
});
