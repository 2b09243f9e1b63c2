/**
 * Recomputes (or re-verifies) every asymmetric and handshake vector with
 * node:crypto, independently of hookgate's WebCrypto code: a vector in
 * test/fixtures/handshake-vectors.ts can only pass in workerd if Node agrees.
 */
import { describe, expect, it } from "vitest";
import { createHmac, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { TelnyxWebhook } from "telnyx/lib/webhooks";
import * as V from "../fixtures/handshake-vectors.ts";

const hmac = (secret: string, data: string, enc: "hex" | "base64" = "hex") => createHmac("sha256", secret).update(data).digest(enc);

describe("discord (Ed25519)", () => {
  const priv = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(V.DISCORD_SEED_HEX, "hex")]),
    format: "der",
    type: "pkcs8",
  });
  const pub = createPublicKey(priv);

  it("the public key in the fixture is the seed's", () => {
    expect(pub.export({ format: "der", type: "spki" }).subarray(12).toString("hex")).toBe(V.DISCORD_PUBLIC_KEY);
  });

  it.each([
    ["PING", V.DISCORD_PING, V.DISCORD_PING_SIG],
    ["command", V.DISCORD_COMMAND, V.DISCORD_COMMAND_SIG],
  ])("the %s signature is Ed25519 over timestamp + body (deterministic: signing again gives it)", (_n, body, sig) => {
    const data = Buffer.from(V.DISCORD_TS + body);
    expect(sign(null, data, priv).toString("hex")).toBe(sig);
    expect(verify(null, data, pub, Buffer.from(sig, "hex"))).toBe(true);
    expect(verify(null, Buffer.from(V.DISCORD_TS + body + " "), pub, Buffer.from(sig, "hex"))).toBe(false);
  });
});

describe("telnyx (Ed25519 over timestamp|body)", () => {
  const priv = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(V.TELNYX_SEED_HEX, "hex")]),
    format: "der",
    type: "pkcs8",
  });
  const headers = { "telnyx-signature-ed25519": V.TELNYX_SIG, "telnyx-timestamp": V.TELNYX_TS };

  it("the base64 public key in the fixture is the seed's, and signing again gives the signature", () => {
    expect(createPublicKey(priv).export({ format: "der", type: "spki" }).subarray(12).toString("base64")).toBe(V.TELNYX_PUBLIC_KEY);
    expect(sign(null, Buffer.from(`${V.TELNYX_TS}|${V.TELNYX_EVENT}`), priv).toString("base64")).toBe(V.TELNYX_SIG);
  });

  it("telnyx's own TelnyxWebhook.verify() accepts the vector (its clock set to the vector's) and refuses another body", async () => {
    const realNow = Date.now;
    Date.now = () => Number(V.TELNYX_TS) * 1000;
    try {
      const webhook = new TelnyxWebhook(V.TELNYX_PUBLIC_KEY);
      await expect(webhook.verify(V.TELNYX_EVENT, headers)).resolves.toBeUndefined();
      await expect(webhook.verify(`${V.TELNYX_EVENT} `, headers)).rejects.toThrow(/does not match/);
    } finally {
      Date.now = realNow;
    }
  });
});

describe("sendgrid (ECDSA P-256, DER)", () => {
  const key = createPublicKey({ key: Buffer.from(V.SENDGRID_PUBLIC_KEY, "base64"), format: "der", type: "spki" });

  it("the published vector verifies over timestamp + body", () => {
    const sig = Buffer.from(V.SENDGRID_SIG, "base64");
    expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(verify("sha256", Buffer.from(V.SENDGRID_TS + V.SENDGRID_BODY), { key, dsaEncoding: "der" }, sig)).toBe(true);
    expect(verify("sha256", Buffer.from(V.SENDGRID_TS + V.SENDGRID_BODY + " "), { key, dsaEncoding: "der" }, sig)).toBe(false);
  });
});

describe("HMAC presets and handshakes", () => {
  it("zoom: v0=hex HMAC of v0:{ts}:{body}, and encryptedToken = hex HMAC of plainToken", () => {
    expect(`v0=${hmac(V.ZOOM_SECRET, `v0:${V.ZOOM_TS}:${V.ZOOM_EVENT}`)}`).toBe(V.ZOOM_EVENT_SIG);
    expect(`v0=${hmac(V.ZOOM_SECRET, `v0:${V.ZOOM_TS}:${V.ZOOM_VALIDATION}`)}`).toBe(V.ZOOM_VALIDATION_SIG);
    expect(hmac(V.ZOOM_SECRET, JSON.parse(V.ZOOM_VALIDATION).payload.plainToken)).toBe(V.ZOOM_ENCRYPTED_TOKEN);
  });

  it("dropbox: hex HMAC of the body", () => {
    expect(hmac(V.DROPBOX_SECRET, V.DROPBOX_BODY)).toBe(V.DROPBOX_SIG);
  });

  it("twitch: sha256=hex HMAC of id + timestamp + body", () => {
    expect(`sha256=${hmac(V.TWITCH_SECRET, V.TWITCH_ID + V.TWITCH_TS + V.TWITCH_NOTIFICATION)}`).toBe(V.TWITCH_NOTIFICATION_SIG);
    expect(`sha256=${hmac(V.TWITCH_SECRET, V.TWITCH_ID + V.TWITCH_TS + V.TWITCH_VERIFICATION)}`).toBe(V.TWITCH_VERIFICATION_SIG);
  });

  it("xero: base64 HMAC of the body, key used as UTF-8 text", () => {
    expect(hmac(V.XERO_SECRET, V.XERO_ITR, "base64")).toBe(V.XERO_ITR_SIG);
    expect(hmac(V.XERO_SECRET, V.XERO_EVENT, "base64")).toBe(V.XERO_EVENT_SIG);
  });

  it("slack url_verification: v0=hex HMAC of v0:{ts}:{body}", () => {
    expect(`v0=${hmac(V.SLACK_SECRET, `v0:${V.SLACK_TS}:${V.SLACK_URL_VERIFICATION}`)}`).toBe(V.SLACK_URL_VERIFICATION_SIG);
  });
});

describe("oura verification (unsigned GET)", () => {
  it("the answer is the query's challenge as JSON, the token the query's verification_token (the docs' example)", () => {
    const q = new URLSearchParams(V.OURA_VERIFICATION_QUERY);
    expect(q.get("verification_token")).toBe(V.OURA_VERIFICATION_TOKEN);
    expect(V.OURA_VERIFICATION_ANSWER).toBe(JSON.stringify({ challenge: q.get("challenge") }));
  });
});
