/**
 * Recomputes every preset vector outside hookgate: with the provider's own SDK
 * where one exists (stripe, svix, standardwebhooks, @octokit/webhooks-methods,
 * twilio) and with test/node/signers.ts (node:crypto, from the providers' docs)
 * for the rest. A vector in test/fixtures can only pass the workerd tests if
 * the provider's implementation agrees with it.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { sign as octokitSign } from "@octokit/webhooks-methods";
import twilio from "twilio";
import { vectors as coreVectors } from "../fixtures/vectors.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { signers } from "./signers.ts";

const at = (ts: number) => new Date(ts * 1000);
const core = (preset: string) => coreVectors.find((v) => v.preset === preset)!;
const hex = (alg: string, key: string, data: string) => createHmac(alg, key).update(data).digest("hex");
const b64 = (alg: string, key: string, data: string) => createHmac(alg, key).update(data).digest("base64");

describe("core vectors, recomputed by the provider's SDK or node:crypto", () => {
  it("github: @octokit/webhooks-methods sign()", async () => {
    const v = core("github");
    expect(await octokitSign(v.secret, v.body)).toBe(v.headers["X-Hub-Signature-256"]);
  });
  it("stripe: stripe-node generateTestHeaderString()", () => {
    const v = core("stripe");
    const header = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload: v.body, secret: v.secret, timestamp: v.nowMs / 1000 });
    expect(header).toBe(v.headers["Stripe-Signature"]);
  });
  it("slack: v0 HMAC-SHA256 (docs example)", () => {
    const v = core("slack");
    expect(`v0=${hex("sha256", v.secret, `v0:${v.headers["X-Slack-Request-Timestamp"]}:${v.body}`)}`).toBe(v.headers["X-Slack-Signature"]);
  });
  it("shopify: base64 HMAC-SHA256", () => {
    const v = core("shopify");
    expect(b64("sha256", v.secret, v.body)).toBe(v.headers["X-Shopify-Hmac-Sha256"]);
  });
  it("standard-webhooks: standardwebhooks Webhook.sign()", () => {
    const v = core("standard-webhooks");
    const sig = new StandardWebhook(v.secret).sign(v.headers["webhook-id"]!, at(Number(v.headers["webhook-timestamp"])), v.body);
    expect(sig).toBe(v.headers["webhook-signature"]);
  });
  it("svix: svix Webhook.sign()", () => {
    const v = core("svix");
    const sig = new SvixWebhook(v.secret).sign(v.headers["svix-id"]!, at(Number(v.headers["svix-timestamp"])), v.body);
    expect(sig).toBe(v.headers["svix-signature"]);
  });
  it.each([
    ["lean", "lean-signature", "sha512", "sha512="],
    ["scalekit", "x-scalekit-signature", "sha256", "sha256="],
    ["loopwise", "Loopwise-Webhook-Signature", "sha256", ""],
    ["letspost", "X-LetsPost-Signature", "sha256", "sha256="],
  ])("%s: node:crypto hex HMAC of the body", (preset, header, alg, prefix) => {
    const v = core(preset);
    expect(prefix + hex(alg, v.secret, v.body)).toBe(v.headers[header]);
  });
});

describe.each(presetVectors.map((v) => ({ ...v, label: v.label ?? v.preset })))("preset vector $label", (v) => {
  it("is reproduced exactly by the documented scheme (node:crypto)", () => {
    const signer = signers[v.preset]!;
    const signed = signer({ secret: v.secret, body: v.form ? new URLSearchParams(v.form).toString() : v.body, ts: v.nowMs / 1000, url: v.signedUrl, form: v.form, id: v.headers["webhook-id"] ?? v.headers["svix-id"] });
    expect(signed.headers).toEqual(v.headers);
    expect(signed.body ?? (v.form ? new URLSearchParams(v.form).toString() : v.body)).toBe(v.body);
  });
});

describe("preset vectors, recomputed by the provider's own SDK", () => {
  const svixSenders = presetVectors.filter((v) => ["clerk", "resend"].includes(v.preset));
  const standardSenders = presetVectors.filter((v) => ["openai", "replicate", "render", "dodopayments", "liveblocks"].includes(v.preset));

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
