/**
 * CPU amplification (issue 12, defect 6): an unsigned request carrying the
 * most candidate signatures, on a route with the most secrets, costs one MAC
 * per secret over the body, not one per candidate × secret. Counted here
 * (deterministic); timed side by side by `npx tsx bench/amplification.ts`
 * (docs/performance.md).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyHmac } from "../../src/verify/hmac.ts";
import { MAX_SIGNATURES } from "../../src/verify/signature-header.ts";
import { HmacSignatureSchema } from "../../src/rules/schema.ts";
import { harness } from "../helpers/harness.ts";

const MIB = 1024 * 1024;
const MAX_SECRETS = 10;

/** Counts WebCrypto MAC operations over data at least `min` bytes long. */
function countBodyMacs(min: number) {
  const subtle = crypto.subtle;
  const counts = { n: 0 };
  const sign = subtle.sign.bind(subtle);
  const verify = subtle.verify.bind(subtle);
  vi.spyOn(subtle, "sign").mockImplementation(async (alg, key, data) => {
    if ((data as ArrayBufferView).byteLength >= min) counts.n += 1;
    return sign(alg, key, data);
  });
  vi.spyOn(subtle, "verify").mockImplementation(async (alg, key, sig, data) => {
    if ((data as ArrayBufferView).byteLength >= min) counts.n += 1;
    return verify(alg, key, sig, data);
  });
  return counts;
}

afterEach(() => vi.restoreAllMocks());

describe("one MAC per secret", () => {
  const spec = HmacSignatureSchema.parse({ type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", format: { type: "list", separator: ",", prefix: "" } });
  const body = new Uint8Array(MIB).fill(0x61);
  const secrets = Array.from({ length: MAX_SECRETS }, (_, i) => `secret-${i}`);
  const candidates = Array.from({ length: MAX_SIGNATURES }, (_, i) => i.toString(16).padStart(2, "0").repeat(32));

  it("worst case (max candidates × max secrets, none matching): at most one full-body MAC per secret", async () => {
    const counts = countBodyMacs(MIB);
    const r = await verifyHmac(spec, secrets, candidates, body);
    expect(r.ok).toBe(false);
    expect(r.ok || r.reason.code).toBe("signature_mismatch");
    expect(counts.n).toBeLessThanOrEqual(MAX_SECRETS);
  });

  it("still finds a genuine signature among the candidates, under any secret (rotation)", async () => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("secret-7"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
    const genuine = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
    const r = await verifyHmac(spec, secrets, [...candidates.slice(0, 5), genuine], body);
    expect(r).toEqual({ ok: true, value: { secretIndex: 7 } });
    // A truncated or extended MAC is not a match (length is part of the comparison).
    expect((await verifyHmac(spec, secrets, [genuine.slice(0, 40)], body)).ok).toBe(false);
    expect((await verifyHmac(spec, secrets, [genuine + "00"], body)).ok).toBe(false);
  });

  it("through the pipeline: 8 forged signatures against 10 secrets cost ≤ 10 full-body MACs (+1 for the loop guard)", async () => {
    const h = harness();
    const provider = { signature: { type: "hmac" as const, header: "X-Sig", algorithm: "sha256" as const, encoding: "hex" as const, format: { type: "list" as const, separator: ",", prefix: "" } } };
    await h.putProvider("many", provider);
    const path = await h.putRoute({ provider: "many", secrets, origin: "https://origin.example.com", maxBodyBytes: 2 * MIB });
    const counts = countBodyMacs(MIB);
    const res = await h.send(path, { body, headers: { "X-Sig": candidates.join(",") } });
    expect(res.status).toBe(401);
    expect(counts.n).toBeLessThanOrEqual(MAX_SECRETS + 1);
  });
});
