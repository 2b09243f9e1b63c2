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

describe("signed handshakes that answer a MAC of a body field", () => {
  // A provider whose scheme signs no body (Mailgun: timestamp + token only) with Zoom's url_validation: the
  // handshake verifies on one captured genuine signature, its body is the requester's, and the answer is the
  // HMAC of a plainToken they choose: a fresh timestamp + token, i.e. a valid signature for any new event.
  const provider = {
    signature: { type: "hmac", from: { json: "signature.signature" }, algorithm: "sha256", encoding: "hex", payload: "{timestamp}{id}" },
    timestamp: { from: { json: "signature.timestamp" }, format: "unix", tolerance: 300 },
    id: { json: "signature.token" },
    bodySigned: false,
    handshake: { kind: "zoom-url-validation" },
  };

  it("REVIEW: zoom-url-validation on a provider that signs no body never mints a signature for a new event", async () => {
    const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ provider: provider as never, secrets: ["mg-key"], origin: ORIGIN });
    const key = await crypto.subtle.importKey("raw", enc.encode("mg-key"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const ts = String(NOW / 1000);
    const captured = { timestamp: ts, token: "tok-genuine", signature: hex(await crypto.subtle.sign("HMAC", key, enc.encode(`${ts}tok-genuine`))) };
    const ask = JSON.stringify({ event: "endpoint.url_validation", payload: { plainToken: `${ts}tok-minted` }, signature: captured });
    const answer = await h.send(path, { body: ask, headers: { "content-type": "application/json" } });
    const minted = answer.status === 200 ? ((await answer.json()) as { encryptedToken: string }).encryptedToken : "00";
    const forged = JSON.stringify({ event: "forged", signature: { timestamp: ts, token: "tok-minted", signature: minted } });
    await h.send(path, { body: forged, headers: { "content-type": "application/json" } });
    expect(h.received.map((r) => new TextDecoder().decode(r.body))).not.toContain(forged);
  });

  it("REVIEW: the schema refuses zoom-url-validation and smartcar-verify with bodySigned: false", () => {
    expect(ProviderSchema.safeParse(provider).success).toBe(false);
    expect(ProviderSchema.safeParse({ ...provider, handshake: { kind: "smartcar-verify" } }).success).toBe(false);
    expect(ProviderSchema.safeParse({ ...provider, handshake: undefined }).success).toBe(true);
  });
});
