/** Strict DER → raw r‖s, and public-key decoding for the asymmetric schemes. */
import { describe, expect, it } from "vitest";
import { derToRaw } from "../../src/verify/der.ts";
import { publicKeyMaterial } from "../../src/verify/public-key-material.ts";
import { decodeBase64, decodeHex, encodeHex } from "../../src/verify/encoding.ts";
import { EcdsaSignatureSchema, Ed25519SignatureSchema } from "../../src/rules/schema.ts";
import { SENDGRID_PUBLIC_KEY, SENDGRID_SIG, DISCORD_PUBLIC_KEY } from "../fixtures/handshake-vectors.ts";

const hex = (s: string) => decodeHex(s.replace(/\s+/g, ""))!;
const r32 = "11".repeat(32);
const s32 = "22".repeat(32);

describe("derToRaw", () => {
  it("converts SendGrid's published signature (r with a 0x00 sign byte, s without)", () => {
    const raw = derToRaw(decodeBase64(SENDGRID_SIG)!)!;
    expect(raw).toHaveLength(64);
    expect(encodeHex(raw.subarray(0, 32))).toBe("ad20725e1fddd8faaa58796af24a985082934636bfd4f94c94941914ea7ed103");
    expect(encodeHex(raw.subarray(32))).toBe("253cf60bef1af31a276468ba0694b3a10b1b5516a6af69e5c450d660d1f68ffd");
  });

  it("accepts 32-byte r and s", () => {
    expect(encodeHex(derToRaw(hex(`3044 0220 ${r32} 0220 ${s32}`))!)).toBe(r32 + s32);
  });

  it("left-pads short integers to 32 bytes", () => {
    const raw = derToRaw(hex("3006 0201 05 0201 07"))!;
    expect(raw[31]).toBe(5);
    expect(raw[63]).toBe(7);
    expect(raw.subarray(0, 31).every((b) => b === 0)).toBe(true);
  });

  it("strips the 0x00 sign byte of a high-bit integer", () => {
    const high = "80" + "00".repeat(31);
    expect(encodeHex(derToRaw(hex(`3045 0221 00${high} 0220 ${s32}`))!)).toBe(high + s32);
  });

  it.each([
    ["empty", ""],
    ["not a SEQUENCE", `3144 0220 ${r32} 0220 ${s32}`],
    ["length longer than the bytes", `3045 0220 ${r32} 0220 ${s32}`],
    ["length shorter than the bytes", `3043 0220 ${r32} 0220 ${s32}`],
    ["trailing bytes after s", `3046 0220 ${r32} 0220 ${s32} 0000`],
    ["trailing bytes after the SEQUENCE", `3044 0220 ${r32} 0220 ${s32} 00`],
    ["long-form length", `308144 0220 ${r32} 0220 ${s32}`],
    ["r not an INTEGER", `3044 0420 ${r32} 0220 ${s32}`],
    ["negative r", `3044 0220 ${"80" + "00".repeat(31)} 0220 ${s32}`],
    ["non-minimal r (needless 0x00)", `3045 0221 00${r32} 0220 ${s32}`],
    ["r wider than 32 bytes", `3046 0222 01${"00".repeat(33)} 0220 ${s32}`],
    ["r of 33 bytes without a sign byte", `3045 0221 01${"00".repeat(32)} 0220 ${s32}`],
    ["zero r", `3025 0201 00 0220 ${s32}`],
    ["zero-length r", `3024 0200 0220 ${s32}`],
    ["s missing", `3022 0220 ${r32}`],
    ["raw r‖s instead of DER", r32 + s32],
  ])("rejects %s", (_name, input) => {
    expect(derToRaw(hex(input))).toBeNull();
  });
});

describe("public keys (route secrets of asymmetric schemes)", () => {
  const ed = Ed25519SignatureSchema.parse({ type: "ed25519", header: "X-Sig" });
  const ec = EcdsaSignatureSchema.parse({ type: "ecdsa-p256-sha256", header: "X-Sig" });

  it("decodes Discord's hex key and SendGrid's SPKI key", () => {
    expect(publicKeyMaterial(ed, DISCORD_PUBLIC_KEY)).toMatchObject({ format: "raw" });
    expect(publicKeyMaterial(ec, SENDGRID_PUBLIC_KEY)).toMatchObject({ format: "spki" });
  });

  it.each([
    ["ed25519", "not hex", /hex/],
    ["ed25519", "ab".repeat(31), /32 bytes/],
    ["ecdsa", "not base64!", /base64/],
    ["ecdsa", btoa("short"), /SubjectPublicKeyInfo/],
  ])("%s: rejects %s", (kind, value, problem) => {
    const result = publicKeyMaterial(kind === "ed25519" ? ed : ec, value);
    expect(result).toMatch(problem);
  });

  it("a key that decodes but does not import fails closed (503) at request time", async () => {
    const { harness } = await import("../helpers/harness.ts");
    const h = harness();
    // A DER SEQUENCE of the right size that is not a P-256 key.
    const bogus = btoa(String.fromCharCode(0x30, 0x57, ...new Array(87).fill(1)));
    const path = await h.putRoute({ provider: "sendgrid", secrets: [bogus], origin: "https://origin.example.com" });
    const res = await h.send(path, {
      body: "{}",
      headers: { "X-Twilio-Email-Event-Webhook-Signature": SENDGRID_SIG, "X-Twilio-Email-Event-Webhook-Timestamp": String(Math.floor(h.clock.nowMs / 1000)) },
    });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.detail).toMatch(/does not import/);
  });
});
