/**
 * REVIEW: the Twitter CRC answer is a MAC, under the key that signs events, of a token the requester chooses.
 * The guard (signsTokens: token alphabet without `{`, `"`, `:`; an event body must be a JSON object) holds only
 * while the signed payload is the body itself: a custom provider may pair the twitter-crc handshake with any
 * template, and a payload that renders without `{` or `"` is then a token the CRC endpoint signs on request.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { ProviderSchema } from "../../src/rules/schema.ts";

const ORIGIN = "https://origin.example.com";
const enc = new TextEncoder();
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const sig = (payload: string, extra: Record<string, unknown> = {}) => ({
  signature: { type: "hmac", header: "x-sig", algorithm: "sha256", encoding: "base64", format: { type: "plain", prefix: "sha256=" }, payload, ...extra },
  handshake: { kind: "twitter-crc" },
});

describe("twitter-crc with a custom template", () => {
  it("REVIEW: {body:sha256hex}: a body of the attacker's choice, signed by asking the CRC endpoint, never reaches the origin", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: sig("{body:sha256hex}") as never, secrets: ["shared-key"], origin: ORIGIN });
    const forged = '{"event":"forged","amount":1000000}';
    const token = hex(await crypto.subtle.digest("SHA-256", enc.encode(forged)));
    const crc = await h.send(`${path}?crc_token=${token}`, { method: "GET" });
    const answer = crc.status === 200 ? ((await crc.json()) as { response_token: string }).response_token : "sha256=AAAA";
    const res = await h.send(path, { body: forged, headers: { "content-type": "application/json", "x-sig": answer } });
    expect(res.status).not.toBe(200);
    expect(h.received).toHaveLength(0);
  });

  it("REVIEW: the schema refuses twitter-crc with a payload that can render without the raw body", () => {
    for (const payload of ["{body:sha256hex}", "{timestamp}"]) {
      const p = { ...sig(payload), ...(payload === "{timestamp}" ? { timestamp: { from: { header: "x-ts" } }, bodySigned: false } : {}) };
      expect(ProviderSchema.safeParse(p).success, payload).toBe(false);
    }
    expect(ProviderSchema.safeParse(sig("{body}")).success).toBe(true);
  });
});
