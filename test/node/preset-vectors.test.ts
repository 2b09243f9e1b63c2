/**
 * Recomputes every preset vector of test/fixtures/preset-vectors.ts outside hookgate: with the provider's own SDK
 * where one exists (svix, standardwebhooks, twilio) and with test/node/signers.ts (node:crypto, from the providers' docs)
 * for the rest. A vector there can only pass the workerd tests if
 * the provider's implementation agrees with it.
 */
import { describe, expect, it } from "vitest";
import { Webhook as SvixWebhook } from "svix";
import { Webhook as StandardWebhook } from "standardwebhooks";
import twilio from "twilio";
import Orb from "orb-billing";
import { encodeSignatureHeader, isValidSignature } from "@sanity/webhook";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { signers } from "./signers.ts";

const at = (ts: number) => new Date(ts * 1000);
/** Exact Online's signer wraps the event: its input is the Content, read as picqer/exact-php-client reads it. */
const signedInput = (v: (typeof presetVectors)[number]) =>
  v.preset === "exact-online" ? /^\{"Content":(.*),"HashCode":"(.*)"\}$/s.exec(v.body)![1]! : v.form ? new URLSearchParams(v.form).toString() : v.body;

describe.each(presetVectors.map((v) => ({ ...v, label: v.label ?? v.preset })))("preset vector $label", (v) => {
  it("is reproduced exactly by the documented scheme (node:crypto)", () => {
    const signer = signers[v.preset]!;
    const signed = signer({ secret: v.secret, body: signedInput(v), ts: v.nowMs / 1000, url: v.signedUrl, form: v.form, id: v.headers["webhook-id"] ?? v.headers["svix-id"] ?? v.headers["x-zh-hook-notification-id"] });
    expect(signed.headers).toEqual(v.headers);
    expect(signed.body ?? (v.form ? new URLSearchParams(v.form).toString() : v.body)).toBe(v.body);
  });
});

describe("preset vectors, recomputed by the provider's own SDK", () => {
  const svixSenders = presetVectors.filter((v) => ["clerk", "resend"].includes(v.preset));
  const standardSenders = presetVectors.filter((v) => ["openai", "replicate", "render", "dodopayments", "liveblocks", "lithic", "brex"].includes(v.preset));

  it.each(svixSenders.map((v) => [v.preset, v] as const))("%s: svix Webhook.sign()", (_p, v) => {
    const sig = new SvixWebhook(v.secret).sign(v.headers["svix-id"]!, at(Number(v.headers["svix-timestamp"])), v.body);
    expect(sig).toBe(v.headers["svix-signature"]);
  });
  it.each(standardSenders.map((v) => [v.preset, v] as const))("%s: standardwebhooks Webhook.sign()", (_p, v) => {
    const sig = new StandardWebhook(v.secret).sign(v.headers["webhook-id"]!, at(Number(v.headers["webhook-timestamp"])), v.body);
    expect(sig).toBe(v.headers["webhook-signature"]);
  });
  it("polar: standardwebhooks with the secret base64-encoded first, as Polar's SDK does", () => {
    const v = presetVectors.find((x) => x.preset === "polar")!;
    const sig = new StandardWebhook(Buffer.from(v.secret, "utf8").toString("base64")).sign(v.headers["webhook-id"]!, at(Number(v.headers["webhook-timestamp"])), v.body);
    expect(sig).toBe(v.headers["webhook-signature"]);
  });

  it("orb: orb-billing Webhooks.verifySignature() accepts the vector (its clock set to the vector's), and refuses another body", () => {
    const v = presetVectors.find((x) => x.preset === "orb")!;
    const orb = new Orb({ apiKey: "test-key", webhookSecret: v.secret });
    const realNow = Date.now;
    Date.now = () => v.nowMs;
    try {
      expect(() => orb.webhooks.verifySignature(v.body, v.headers, v.secret)).not.toThrow();
      expect(() => orb.webhooks.verifySignature(`${v.body} `, v.headers, v.secret)).toThrow();
    } finally {
      Date.now = realNow;
    }
  });
  it("sanity: @sanity/webhook encodeSignatureHeader() gives the same header, isValidSignature() accepts it", async () => {
    const v = presetVectors.find((x) => x.preset === "sanity")!;
    expect(await encodeSignatureHeader(v.body, v.nowMs, v.secret)).toBe(v.headers["sanity-webhook-signature"]);
    expect(await isValidSignature(v.body, v.headers["sanity-webhook-signature"]!, v.secret)).toBe(true);
    expect(await isValidSignature(`${v.body} `, v.headers["sanity-webhook-signature"]!, v.secret)).toBe(false);
  });

  it("twilio form (published example): getExpectedTwilioSignature() and validateRequest()", () => {
    const v = presetVectors.find((x) => x.label === "twilio (form, published vector)")!;
    expect(v.headers["X-Twilio-Signature"]).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(twilio.getExpectedTwilioSignature(v.secret, v.signedUrl!, v.form!)).toBe(v.headers["X-Twilio-Signature"]);
    expect(twilio.validateRequest(v.secret, v.headers["X-Twilio-Signature"]!, v.signedUrl!, v.form!)).toBe(true);
    expect(v.signedUrl).toBe(v.publicUrl! + v.query!);
  });
  it("twilio JSON body: validateRequestWithBody() (signed URL with bodySHA256)", () => {
    const v = presetVectors.find((x) => x.label === "twilio (JSON body, bodySHA256)")!;
    expect(twilio.validateRequestWithBody(v.secret, v.headers["X-Twilio-Signature"]!, v.signedUrl!, v.body)).toBe(true);
    expect(twilio.validateRequestWithBody(v.secret, v.headers["X-Twilio-Signature"]!, v.signedUrl!, v.body + " ")).toBe(false);
  });
});
