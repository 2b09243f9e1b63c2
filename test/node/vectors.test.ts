/**
 * Every vector in test/fixtures/vectors.ts, recomputed with the provider's own
 * SDK (or node:crypto where the provider publishes none). The workerd tests
 * then prove hookgate accepts exactly these, so hookgate agrees with the
 * providers' implementations, not just with our reading of their docs.
 */
import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { vectors, type Vector } from "../fixtures/vectors.ts";

const byPreset = (name: string): Vector => vectors.find((v) => v.preset === name && !v.label)!;
const hmac = (alg: string, key: string, data: string, enc: "hex" | "base64") => createHmac(alg, key).update(data).digest(enc);

describe("vectors agree with the providers' own implementations", () => {
  it("github: @octokit/webhooks-methods", async () => {
    const v = byPreset("github");
    expect(await octokitSign(v.secret, v.body)).toBe(v.headers["X-Hub-Signature-256"]);
    expect(await octokitVerify(v.secret, v.body, v.headers["X-Hub-Signature-256"]!)).toBe(true);
  });

  it("stripe: stripe-node generateTestHeaderString and constructEvent", () => {
    const v = byPreset("stripe");
    const header = Stripe.webhooks.generateTestHeaderString({ payload: v.body, secret: v.secret, timestamp: 1764000000 });
    expect(header).toBe(v.headers["Stripe-Signature"]);
    const stripe = new Stripe("sk_test_unused");
    const event = stripe.webhooks.constructEvent(v.body, header, v.secret, Number.MAX_SAFE_INTEGER);
    expect(event.id).toBe("evt_1");
  });

  it("slack: the documented v0 basestring", () => {
    const v = byPreset("slack");
    const ts = v.headers["X-Slack-Request-Timestamp"];
    expect(`v0=${hmac("sha256", v.secret, `v0:${ts}:${v.body}`, "hex")}`).toBe(v.headers["X-Slack-Signature"]);
  });

  it("standard-webhooks: the spec's example, via the standardwebhooks package", () => {
    const v = byPreset("standard-webhooks");
    const wh = new StandardWebhook(v.secret);
    expect(wh.sign(v.headers["webhook-id"]!, new Date(1614265330 * 1000), v.body)).toBe(v.headers["webhook-signature"]);
  });

  it("scalekit (Standard Webhooks headers): the standardwebhooks package", () => {
    const v = vectors.find((x) => x.label === "scalekit (Standard Webhooks headers)")!;
    const wh = new StandardWebhook(v.secret);
    expect(wh.sign(v.headers["webhook-id"]!, new Date(1764000000 * 1000), v.body)).toBe(v.headers["webhook-signature"]);
  });

  it("svix: the svix package", () => {
    const v = byPreset("svix");
    const wh = new SvixWebhook(v.secret);
    expect(wh.sign(v.headers["svix-id"]!, new Date(1764000000 * 1000), v.body)).toBe(v.headers["svix-signature"]);
  });

  it.each([
    ["shopify", "sha256", "base64", "X-Shopify-Hmac-Sha256", ""],
    ["lean", "sha512", "hex", "lean-signature", "sha512="],
    ["lean-sandbox", "sha512", "hex", "lean-signature", "sha512="],
    ["scalekit", "sha256", "hex", "x-scalekit-signature", "sha256="],
    ["loopwise", "sha256", "hex", "Loopwise-Webhook-Signature", ""],
    ["letspost", "sha256", "hex", "X-LetsPost-Signature", "sha256="],
  ] as const)("%s: node:crypto HMAC of the raw body", (name, alg, enc, header, prefix) => {
    const v = byPreset(name);
    expect(`${prefix}${hmac(alg, v.secret, v.body, enc)}`).toBe(v.headers[header]);
  });
});
