/**
 * RSA, X.509 (fetched), JWKS, ECDSA-by-key-id, JWS and Adyen schemes, through
 * the real pipeline in workerd. Keys and certificates are TEST-ONLY
 * (test/fixtures/keyed-keys.ts), served by an injected keyFetch that records
 * every URL it is asked for: a refused URL must never be fetched.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { EC, OTHER_EC, OTHER_RSA, RSA } from "../fixtures/keyed-keys.ts";
import * as S from "../helpers/keyed-sign.ts";

const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
const TS = new Date(NOW).toISOString();
const ORIGIN = "https://origin.example.com";
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
let n = 0;
const fresh = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2)}`;

function setup(serve: Record<string, string | number> = {}) {
  const fetched: string[] = [];
  const h = harness({
    nowMs: NOW,
    deps: {
      keyFetch: async (input) => {
        const url = String(input instanceof Request ? input.url : input);
        fetched.push(url);
        const v = serve[url];
        if (v === undefined) return new Response("not found", { status: 404 });
        return typeof v === "number" ? new Response("", { status: v }) : new Response(v);
      },
    },
  });
  return { h, fetched, serve };
}

describe("aws-sns", () => {
  const certUrl = () => `https://sns.us-east-1.amazonaws.com/${fresh("SimpleNotificationService")}.pem`;

  it.each(["1", "2"] as const)("SignatureVersion %s: a genuine notification is forwarded byte for byte, the certificate fetched once", async (version) => {
    const url = certUrl();
    const { h, fetched } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    for (const subject of [undefined, "hello"]) {
      const body = JSON.stringify(await S.snsMessage({ version, certUrl: url, timestamp: TS, subject }));
      const res = await h.send(path, { body, headers: { "content-type": "text/plain" } });
      expect(res.status).toBe(200);
      expect(new TextDecoder().decode(h.received.at(-1)!.body)).toBe(body);
    }
    expect(fetched).toEqual([url]);
  });

  it.each([
    ["a changed Message", (m: Record<string, string>) => ({ ...m, Message: '{"order":43}' })],
    ["a changed Subject", (m: Record<string, string>) => ({ ...m, Subject: "x" })],
    ["the other SignatureVersion", (m: Record<string, string>) => ({ ...m, SignatureVersion: m.SignatureVersion === "1" ? "2" : "1" })],
    ["SignatureVersion 3", (m: Record<string, string>) => ({ ...m, SignatureVersion: "3" })],
    ["no Signature", (m: Record<string, string>) => ({ ...m, Signature: undefined })],
    ["another Type", (m: Record<string, string>) => ({ ...m, Type: "UnsubscribeConfirmation" })],
  ])("rejects %s (401), nothing forwarded", async (_name, change) => {
    const url = certUrl();
    const { h } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(change(await S.snsMessage({ certUrl: url, timestamp: TS })));
    expect((await h.send(path, { body })).status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("rejects a message from another topic (signed by SNS, but not the route's)", async () => {
    const url = certUrl();
    const { h } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(await S.snsMessage({ certUrl: url, timestamp: TS, topic: "arn:aws:sns:us-east-1:999999999999:evil" }));
    expect((await h.send(path, { body })).status).toBe(401);
    expect(h.lastLog()?.detail).toMatch(/TopicArn/);
  });

  it("rejects a message signed by a key whose certificate the attacker serves from an allowed-looking URL", async () => {
    const url = certUrl();
    const { h } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(await S.snsMessage({ certUrl: url, timestamp: TS, key: OTHER_RSA.key }));
    expect((await h.send(path, { body })).status).toBe(401);
  });

  it.each([
    ["another host", "https://evil.example.com/SimpleNotificationService.pem"],
    ["a look-alike host", "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem"],
    // `*` is one DNS label: an S3 bucket named "sns.evil" is served at sns.evil.s3.amazonaws.com.
    ["a wildcard spanning labels (an S3 bucket)", "https://sns.evil.s3.amazonaws.com/cert.pem"],
    ["http", "http://sns.us-east-1.amazonaws.com/cert.pem"],
    ["another port", "https://sns.us-east-1.amazonaws.com:8443/cert.pem"],
    ["credentials", "https://user@sns.us-east-1.amazonaws.com/cert.pem"],
    ["not a URL", "sns.us-east-1.amazonaws.com/cert.pem"],
  ])("refuses a SigningCertURL on %s WITHOUT fetching it", async (_name, url) => {
    const { h, fetched } = setup({ [url]: OTHER_RSA.cert });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(await S.snsMessage({ certUrl: url, timestamp: TS, key: OTHER_RSA.key }));
    expect((await h.send(path, { body })).status).toBe(401);
    expect(fetched).toEqual([]);
    expect(h.received).toHaveLength(0);
  });

  it("refuses (401) a SigningCertURL on the allowed host that answers 404: no such certificate, no genuine message names it", async () => {
    const url = certUrl();
    const { h } = setup({ [url]: 404 });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    expect((await h.send(path, { body: JSON.stringify(await S.snsMessage({ certUrl: url, timestamp: TS })) })).status).toBe(401);
  });

  it.each([
    ["a 500", 500],
    ["a redirect", 302],
    ["not a certificate", "hello"],
  ])("fails closed (503, retried by SNS) when the certificate fetch gives %s, and does not cache the failure", async (_n, answer) => {
    const url = certUrl();
    const { h, fetched, serve } = setup({ [url]: answer });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(await S.snsMessage({ certUrl: url, timestamp: TS }));
    const res = await h.send(path, { body });
    expect(res.status).toBe(503);
    expect(h.lastLog()?.reason).toBe("key_unavailable");
    expect(h.received).toHaveLength(0);
    serve[url] = RSA.cert;
    expect((await h.send(path, { body })).status).toBe(200);
    expect(fetched).toEqual([url, url]);
  });

  it("rejects a message outside the 1 h timestamp window", async () => {
    const url = certUrl();
    const { h } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(await S.snsMessage({ certUrl: url, timestamp: new Date(NOW - 2 * 3600_000).toISOString() }));
    expect((await h.send(path, { body })).status).toBe(401);
  });

  describe("SubscriptionConfirmation", () => {
    it("confirms a genuine one by fetching its SubscribeURL; the origin sees nothing", async () => {
      const url = certUrl();
      const subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=${fresh("t")}`;
      const { h, fetched } = setup({ [url]: RSA.cert, [subscribeUrl]: "<ConfirmSubscriptionResponse/>" });
      const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
      const body = JSON.stringify(await S.snsMessage({ type: "SubscriptionConfirmation", certUrl: url, timestamp: TS, subscribeUrl }));
      const res = await h.send(path, { body });
      expect(res.status).toBe(200);
      expect(fetched).toEqual([url, subscribeUrl]);
      expect(h.received).toHaveLength(0);
      expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "sns-subscription-confirmation" });
    });

    it("does not confirm a forged one (nothing but the certificate is fetched)", async () => {
      const url = certUrl();
      const subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=${fresh("t")}`;
      const { h, fetched } = setup({ [url]: RSA.cert });
      const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
      const m = await S.snsMessage({ type: "SubscriptionConfirmation", certUrl: url, timestamp: TS, subscribeUrl });
      const body = JSON.stringify({ ...m, SubscribeURL: `${subscribeUrl}&x=1` });
      expect((await h.send(path, { body })).status).toBe(401);
      expect(fetched).toEqual([url]);
    });

    it("refuses a genuine one whose SubscribeURL is not on the SNS hosts, without fetching it", async () => {
      const url = certUrl();
      const subscribeUrl = "https://evil.example.com/confirm";
      const { h, fetched } = setup({ [url]: RSA.cert, [subscribeUrl]: "ok" });
      const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
      const body = JSON.stringify(await S.snsMessage({ type: "SubscriptionConfirmation", certUrl: url, timestamp: TS, subscribeUrl }));
      expect((await h.send(path, { body })).status).toBe(400);
      expect(fetched).toEqual([url]);
    });

    it("answers 503 (SNS retries) when the confirmation fetch fails", async () => {
      const url = certUrl();
      const subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=${fresh("t")}`;
      const { h } = setup({ [url]: RSA.cert, [subscribeUrl]: 500 });
      const path = await h.putRoute({ provider: "aws-sns", secrets: [S.SNS_TOPIC], origin: ORIGIN });
      const body = JSON.stringify(await S.snsMessage({ type: "SubscriptionConfirmation", certUrl: url, timestamp: TS, subscribeUrl }));
      expect((await h.send(path, { body })).status).toBe(503);
    });
  });

  it("a route secret that is not a topic ARN is a config error (503), never a pass", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "aws-sns", secrets: ["not-an-arn"], origin: ORIGIN });
    expect((await h.send(path, { body: "{}" })).status).toBe(503);
  });
});

describe("paypal", () => {
  const certUrl = () => `https://api.paypal.com/v1/notifications/certs/${fresh("CERT")}`;
  const body = '{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"amount":{"value":"10.00"}}}';

  it("forwards a genuine event; the certificate is fetched once", async () => {
    const url = certUrl();
    const { h, fetched } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "paypal", secrets: ["OTHERWEBHOOKID", S.PAYPAL_WEBHOOK_ID], origin: ORIGIN });
    for (let i = 0; i < 2; i++) expect((await h.send(path, { body, headers: await S.paypalHeaders(body, url) })).status).toBe(200);
    expect(fetched).toEqual([url]);
  });

  it.each([
    ["a changed body", async (u: string) => ({ body: body.replace("10.00", "99.00"), headers: await S.paypalHeaders(body, u) })],
    ["another webhook id", async (u: string) => ({ body, headers: await S.paypalHeaders(body, u, { webhookId: "SOMEONEELSE" }) })],
    ["another key", async (u: string) => ({ body, headers: await S.paypalHeaders(body, u, { key: OTHER_RSA.key }) })],
    ["another auth algo", async (u: string) => ({ body, headers: { ...(await S.paypalHeaders(body, u)), "PAYPAL-AUTH-ALGO": "SHA1withRSA" } })],
    ["a changed transmission time", async (u: string) => ({ body, headers: { ...(await S.paypalHeaders(body, u)), "PAYPAL-TRANSMISSION-TIME": "2025-11-24T16:00:01Z" } })],
  ])("rejects %s (401)", async (_n, make) => {
    const url = certUrl();
    const { h } = setup({ [url]: RSA.cert });
    const path = await h.putRoute({ provider: "paypal", secrets: [S.PAYPAL_WEBHOOK_ID], origin: ORIGIN });
    const r = await make(url);
    expect((await h.send(path, r)).status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("refuses a PAYPAL-CERT-URL off PayPal's hosts without fetching it", async () => {
    const url = "https://api.paypal.com.evil.example/certs/x";
    const { h, fetched } = setup({ [url]: OTHER_RSA.cert });
    const path = await h.putRoute({ provider: "paypal", secrets: [S.PAYPAL_WEBHOOK_ID], origin: ORIGIN });
    expect((await h.send(path, { body, headers: await S.paypalHeaders(body, url, { key: OTHER_RSA.key }) })).status).toBe(401);
    expect(fetched).toEqual([]);
  });
});

describe("circle (ECDSA, key fetched by X-Circle-Key-Id)", () => {
  const base = "https://api.circle.com/v2/notifications/publicKey";
  const body = '{"subscriptionId":"s","notificationId":"n-1","notificationType":"webhooks.test"}';
  const spki = (pem: string) => JSON.stringify({ data: { id: "x", algorithm: "ECDSA_SHA_256", publicKey: b64(S.pemDer(pem)) } });

  it("forwards a genuine notification; a forged or wrong-key one is 401; a bad key id is never fetched", async () => {
    const kid = crypto.randomUUID();
    const { h, fetched } = setup({ [`${base}/${kid}`]: spki(EC.pub) });
    const path = await h.putRoute({ provider: "circle", secrets: [base], origin: ORIGIN });
    const headers = { "X-Circle-Key-Id": kid, "X-Circle-Signature": b64(await S.ecSignDer(body)) };
    expect((await h.send(path, { body, headers })).status).toBe(200);
    expect((await h.send(path, { body: body.replace("n-1", "n-2"), headers })).status).toBe(401);
    expect((await h.send(path, { body, headers: { ...headers, "X-Circle-Signature": b64(await S.ecSignDer(body, OTHER_EC.key)) } })).status).toBe(401);
    expect((await h.send(path, { body, headers: { ...headers, "X-Circle-Key-Id": "../../evil" } })).status).toBe(401);
    expect(fetched).toEqual([`${base}/${kid}`]);
  });
});

describe("fireblocks", () => {
  const body = '{"type":"TRANSACTION_CREATED","data":{"id":"tx-1"}}';

  it("v1: forwards RSA-SHA512 of the body under the configured PEM key; rejects others", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "fireblocks-v1", secrets: [RSA.pub], origin: ORIGIN });
    const sig = b64(await S.rsaSign("SHA-512", body));
    expect((await h.send(path, { body, headers: { "Fireblocks-Signature": sig } })).status).toBe(200);
    expect((await h.send(path, { body: `${body} `, headers: { "Fireblocks-Signature": sig } })).status).toBe(401);
    expect((await h.send(path, { body, headers: { "Fireblocks-Signature": b64(await S.rsaSign("SHA-256", body)) } })).status).toBe(401);
    expect((await h.send(path, { body, headers: { "Fireblocks-Signature": b64(await S.rsaSign("SHA-512", body, OTHER_RSA.key)) } })).status).toBe(401);
  });

  it("v2: forwards a detached RS512 JWS whose kid is in the configured JWKS; rejects forgeries", async () => {
    const jwksUrl = `https://keys.fireblocks.io/.well-known/${fresh("jwks")}.json`;
    const { h, fetched } = setup({ [jwksUrl]: await S.jwks("k1") });
    const path = await h.putRoute({ provider: "fireblocks", secrets: [jwksUrl], origin: ORIGIN });
    const sig = await S.jws("RS512", { kid: "k1" }, body, { detached: true });
    expect((await h.send(path, { body, headers: { "Fireblocks-Webhook-Signature": sig } })).status).toBe(200);
    expect((await h.send(path, { body: body.replace("tx-1", "tx-2"), headers: { "Fireblocks-Webhook-Signature": sig } })).status).toBe(401);
    const attached = await S.jws("RS512", { kid: "k1" }, body);
    expect((await h.send(path, { body, headers: { "Fireblocks-Webhook-Signature": attached } })).status).toBe(401);
    const rs256 = await S.jws("RS256", { kid: "k1" }, body, { detached: true });
    expect((await h.send(path, { body, headers: { "Fireblocks-Webhook-Signature": rs256 } })).status).toBe(401);
    const none = `${btoa('{"alg":"none","kid":"k1"}').replace(/=+$/, "")}..`;
    expect((await h.send(path, { body, headers: { "Fireblocks-Webhook-Signature": none } })).status).toBe(401);
    const otherKey = await S.jws("RS512", { kid: "k1" }, body, { detached: true, key: OTHER_RSA.key });
    expect((await h.send(path, { body, headers: { "Fireblocks-Webhook-Signature": otherKey } })).status).toBe(401);
    expect(fetched).toEqual([jwksUrl]);
  });
});

describe("bridge (SHA256withRSA over the SHA-256 digest of {t}.{body})", () => {
  // Bridge's published test data (apidocs.bridge.xyz/v1/docs/webhook-event-signature-verification):
  // the signature verifies only over the digest, i.e. the digest is hashed again by SHA256withRSA.
  const PUB =
    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtqsEE4eI7EmzhcquGJXt\nLX9PMK0UH6Kl1WIR21sv8HtueG8BuvvpP3MiN7ltzmIhS8KaynCjN4l+620PnXeu\nxWG+CSnEdkinL9hCqbEid5vv9zl0j9LWiJx3FkKHqADU7cgm46aa8dKUdIQYF2X+\nO7WmyLkC4wUM/mWhBPMsIQBznashRMZxx7XJjsVp27ACUE4eNIjEXbVYN6U8jSbU\nhG++CfL8xXu+GHDqKmFE6Po6HnuURvLFVnCtE3mXXBcVFlPy+octfx8nOMLT3X8O\n9UehIigJ34o2yMm/Fq3HUJzg2BsiAiGgtr0vmeoV9Q7upSNj9TuOumAzZFi4pYA+\nqwIDAQAB\n-----END PUBLIC KEY-----";
  const HEADER =
    "t=1705854411204,v0=jz/0dmHJ63FAzacGutrDTEoq+iSz/PHm/ugdooXDQu5NwuVIT2LmZGjsnCsBHgR9Py6OBP9zurzW4dHgygU4EDqmMPTUOvhvndYb4lWt+TY66LihaFI2whL6DAf/jb1QjYjNU0A6x9SLzC45dgE6X7zTDUM+2Z+scG/WEQf6SxQMt4E2sEipl5PqMK5lYUe3otdJV+X2c9D64bGwCEE7QSia+Vhozg8QNOQEk/rdz2IEONIg6oC43CeiN4E2kF9XLAGuy9uAHx9O9OJH5ZPLJZjyo4VcXYeWQgxaQ1gZ1Qu6hEEzgiPSff/1nou58dm4bIIazgCWli/mO0NyGcpfFw==";
  const BODY = '{"message":"Hello World!"}';

  it("forwards Bridge's published test delivery; rejects it altered, late or under another key", async () => {
    const h = harness({ nowMs: 1705854411204 + 5_000 });
    const path = await h.putRoute({ provider: "bridge", secrets: [PUB], origin: ORIGIN });
    expect((await h.send(path, { body: BODY, headers: { "X-Webhook-Signature": HEADER } })).status).toBe(200);
    expect((await h.send(path, { body: BODY.replace("World", "world"), headers: { "X-Webhook-Signature": HEADER } })).status).toBe(401);
    expect((await h.send(path, { body: BODY, headers: { "X-Webhook-Signature": HEADER.replace("t=1705854411204", "t=1705854411205") } })).status).toBe(401);
    const other = await h.putRoute({ provider: "bridge", secrets: [RSA.pub], origin: ORIGIN });
    expect((await h.send(other, { body: BODY, headers: { "X-Webhook-Signature": HEADER } })).status).toBe(401);
    const late = harness({ nowMs: 1705854411204 + 601_000 });
    const latePath = await late.putRoute({ provider: "bridge", secrets: [PUB], origin: ORIGIN });
    expect((await late.send(latePath, { body: BODY, headers: { "X-Webhook-Signature": HEADER } })).status).toBe(401);
  });

  it("with a test key: the digest is what is signed; an RSA signature over the undigested payload, a missing v0 or t fails", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "bridge", secrets: [RSA.pub], origin: ORIGIN });
    const body = '{"event_type":"customer.updated","event_object_id":"cust_1"}';
    const signed = `${NOW}.${body}`;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(signed)));
    const good = b64(await S.rsaSign("SHA-256", digest));
    expect((await h.send(path, { body, headers: { "X-Webhook-Signature": `t=${NOW},v0=${good}` } })).status).toBe(200);
    expect((await h.send(path, { body, headers: { "X-Webhook-Signature": `t=${NOW},v0=${b64(await S.rsaSign("SHA-256", signed))}` } })).status).toBe(401);
    expect((await h.send(path, { body, headers: { "X-Webhook-Signature": `t=${NOW},v1=${good}` } })).status).toBe(401);
    expect((await h.send(path, { body, headers: { "X-Webhook-Signature": `v0=${good}` } })).status).toBe(400); // no timestamp
    expect((await h.send(path, { body, headers: {} })).status).toBe(401);
  });
});

describe("alipay (RSA2 over the sorted form parameters, signature in the sign parameter)", () => {
  // Signed with the test key and accepted by alipay-sdk 4.14.0 checkNotifySignV2 (the SDK's own verifier), which a
  // tampered total_amount fails. The subject "A&B café" has an & and non-ASCII in a value.
  const SDK_BODY =
    "notify_time=2025-11-24+16%3A00%3A00&notify_type=trade_status_sync&notify_id=ac05099524730693a8b330c5ecf72da9786&app_id=2014072300007148&charset=utf-8&version=1.0&sign_type=RSA2&trade_no=2013112011001004330000121536&out_trade_no=6823789339978248&trade_status=TRADE_SUCCESS&total_amount=88.88&subject=A%26B+caf%C3%A9&buyer_id=2088102122524333&sign=b%2BPerWWXcIuYFynmnk5XkO56U6tvEyAr6T%2FSzznt%2Bk1P4X2NAYWKHFZQnbK%2Bt7fvMzR1YRysGtCV6lK3nsIxYMa2s4JBBzjOJeqeOXq2tGhCyuPxqYgZuKJe08FApw1b9ymXF1ZPNqU%2FyfDh8imudSaFGUleRHhOxHUqH8S84VbqHvVLrAX4xZaNvm4%2Bbgb%2BKsbAXX%2FlSh8xXpBNPVUBhOpTCWU%2BPwSi7hPEPa3WJj%2BDxgMEvsniLJ7ReyIyuiOljxk2w9V4StBx1yDSmt0HRRSTswogKCM32ILJkJHuHp9pFu%2B%2BZqXfBYRLYD7oXtWVAg7oTkjjvNIsPtWIzO0xVw%3D%3D";
  const form = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
  /** A body signed per the docs: every parameter but sign and sign_type, sorted, name=value joined by &. */
  async function signed(params: [string, string][], key?: string): Promise<string> {
    const content = params.filter(([k]) => k !== "sign_type").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join("&");
    const sign = b64(await S.rsaSign("SHA-256", content, key ?? RSA.key));
    return [...params, ["sign", sign] as [string, string]].map(([k, v]) => `${k}=${enc(v)}`).join("&");
  }
  const base: [string, string][] = [["notify_id", "n-1"], ["out_trade_no", "o-1"], ["sign_type", "RSA2"], ["subject", "A&B"], ["total_amount", "88.88"]];

  it("forwards the SDK-checked notification byte for byte", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "alipay", secrets: [RSA.pub], origin: ORIGIN });
    const res = await h.send(path, { body: SDK_BODY, headers: form });
    expect(res.status).toBe(200);
    expect(new TextDecoder().decode(h.received.at(-1)?.body)).toBe(SDK_BODY);
  });

  it("rejects a changed, added, repeated or re-split parameter, another key, a missing or repeated sign, and a body that is not a UTF-8 form", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "alipay", secrets: [RSA.pub], origin: ORIGIN });
    const send = async (body: string, headers: Record<string, string> = form) => (await h.send(path, { body, headers })).status;
    const good = await signed(base);
    expect(await send(good)).toBe(200);
    expect(await send(good.replace("total_amount=88.88", "total_amount=0.01"))).toBe(401);
    expect(await send(`refund=1&${good}`)).toBe(401);
    // A repeated name: which value the origin reads is not what was signed (even when the signature covers one of them).
    expect(await send(`total_amount=0.01&${good}`)).toBe(401);
    expect(await send(`${good}&total_amount=88.88`)).toBe(401);
    expect(await send(await signed([...base, ["total_amount", "0.01"]]))).toBe(401); // even when the signature covers both
    // The decoded values are joined by &: one value carrying "&total_amount=…" renders like two parameters.
    const split = await signed([["notify_id", "n-1"], ["subject", "A&B"], ["total_amount", "88.88"]]);
    const sig = split.slice(split.indexOf("&sign=") + 1);
    expect(await send(`notify_id=n-1&subject=${enc("A&B&total_amount=88.88")}&${sig}`)).toBe(401);
    expect(await send(await signed(base, OTHER_RSA.key))).toBe(401);
    expect(await send(good.replace(/&sign=[^&]*/, ""))).toBe(401);
    expect(await send(`${good}&${good.slice(good.indexOf("sign=", good.indexOf("&sign=")))}`)).toBe(401);
    expect(await send(good, { "content-type": "application/json" })).toBe(401);
    expect(await send(good.replace("subject=A%26B", "subject=%FF"))).toBe(401);
  });

  it("reads the event id from the signed notify_id parameter", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "alipay", secrets: [RSA.pub], origin: ORIGIN });
    const good = await signed(base);
    expect((await h.send(path, { body: good, headers: form })).status).toBe(200);
    expect((await h.send(path, { body: good, headers: form })).status).toBe(200);
    expect(h.received.filter((r) => new TextDecoder().decode(r.body) === good)).toHaveLength(1);
  });
});

describe("utila (RSASSA-PSS, SHA-512, salt = digest length, over the body)", () => {
  async function pss(data: string, saltLength = 64, pem = RSA.key): Promise<string> {
    const key = await crypto.subtle.importKey("pkcs8", S.pemDer(pem), { name: "RSA-PSS", hash: "SHA-512" }, false, ["sign"]);
    return b64(new Uint8Array(await crypto.subtle.sign({ name: "RSA-PSS", saltLength }, key, new TextEncoder().encode(data))));
  }

  it("forwards a PSS signature of the body; rejects PKCS#1 v1.5, another salt length, another key, a changed body or no header", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "utila", secrets: [RSA.pub], origin: ORIGIN });
    const body = '{"id":"94ea3ce9-fb6d-41f3-91aa-8c42f17df1f6","vault":"vaults/3bf247bc8ee2c","type":"WALLET_CREATED"}';
    const send = async (sig: string | undefined, b = body) => (await h.send(path, { body: b, headers: sig === undefined ? {} : { "x-utila-signature": sig } })).status;
    const good = await pss(body);
    expect(await send(good)).toBe(200);
    expect(await send(b64(await S.rsaSign("SHA-512", body)))).toBe(401);
    expect(await send(await pss(body, 32))).toBe(401);
    expect(await send(await pss(body, 64, OTHER_RSA.key))).toBe(401);
    expect(await send(good, body.replace("WALLET", "VAULT"))).toBe(401);
    expect(await send(undefined)).toBe(401);
  });
});

describe("wix (the body is an RS256 JWT)", () => {
  it("forwards a genuine token body; rejects a re-signed, altered or HS256 one", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "wix", secrets: [RSA.pub], origin: ORIGIN });
    const claims = JSON.stringify({ data: '{"eventType":"OrderCreated","instanceId":"i-1","data":"{}"}', iat: NOW / 1000, exp: NOW / 1000 + 600 });
    const token = await S.jws("RS256", { kid: "k", typ: "JWT" }, claims);
    expect((await h.send(path, { body: token })).status).toBe(200);
    expect(new TextDecoder().decode(h.received.at(-1)!.body)).toBe(token);
    const [hd, , sg] = token.split(".");
    const altered = `${hd}.${btoa(claims.replace("i-1", "i-2")).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.${sg}`;
    expect((await h.send(path, { body: altered })).status).toBe(401);
    expect((await h.send(path, { body: await S.jws("RS256", {}, claims, { key: OTHER_RSA.key }) })).status).toBe(401);
    expect((await h.send(path, { body: await S.jws("HS256", {}, claims, { key: RSA.pub }) })).status).toBe(401);
    const expired = JSON.stringify({ data: "{}", iat: NOW / 1000 - 7200, exp: NOW / 1000 - 3600 });
    expect((await h.send(path, { body: await S.jws("RS256", {}, expired) })).status).toBe(401);
  });
});

describe("fusionauth (JWT with request_body_sha256)", () => {
  const body = '{"event":{"type":"user.create","id":"e-1"}}';
  const HEADER = "X-FusionAuth-Signature-JWT";

  it.each([
    ["HS256", "fusionauth-hmac-secret", "fusionauth-hmac-secret"],
    ["RS256", RSA.pub, RSA.key],
    ["ES256", EC.pub, EC.key],
  ] as const)("%s: forwards when the claim is the body's hash; rejects another body, another key", async (alg, secret, key) => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "fusionauth", secrets: [secret], origin: ORIGIN });
    const token = await S.jws(alg, { typ: "JWT" }, JSON.stringify({ request_body_sha256: await S.sha256B64(body) }), { key });
    expect((await h.send(path, { body, headers: { [HEADER]: token } })).status).toBe(200);
    expect((await h.send(path, { body: body.replace("e-1", "e-2"), headers: { [HEADER]: token } })).status).toBe(401);
    const noClaim = await S.jws(alg, { typ: "JWT" }, "{}", { key });
    expect((await h.send(path, { body, headers: { [HEADER]: noClaim } })).status).toBe(401);
    expect((await h.send(path, { body, headers: {} })).status).toBe(401);
  });
});

describe("adyen (HMAC over colon-joined item fields)", () => {
  const fields = { pspReference: "7914073381342284", merchantAccountCode: "TestMerchant", merchantReference: "TestPayment-1407325143704", value: 1130, currency: "EUR", eventCode: "AUTHORISATION", success: "true" };

  it("forwards when every item verifies; rejects a changed signed field or an added unsigned item", async () => {
    const { h } = setup();
    const path = await h.putRoute({ provider: "adyen", secrets: [S.ADYEN_KEY], origin: ORIGIN });
    const item = await S.adyenItem(fields);
    const body = JSON.stringify({ live: "false", notificationItems: [item] });
    expect((await h.send(path, { body })).status).toBe(200);
    const changed = JSON.parse(body);
    changed.notificationItems[0].NotificationRequestItem.amount.value = 1;
    expect((await h.send(path, { body: JSON.stringify(changed) })).status).toBe(401);
    const forgedItem = structuredClone(item);
    forgedItem.NotificationRequestItem.pspReference = "1";
    expect((await h.send(path, { body: JSON.stringify({ live: "false", notificationItems: [item, forgedItem] }) })).status).toBe(401);
    expect((await h.send(path, { body: JSON.stringify({ live: "false", notificationItems: [] }) })).status).toBe(401);
    const otherKey = await S.adyenItem(fields, "00".repeat(32));
    expect((await h.send(path, { body: JSON.stringify({ live: "false", notificationItems: [otherKey] }) })).status).toBe(401);
  });
});

describe("configured key URLs off the preset's hosts", () => {
  it("are a config error (503), never fetched (fireblocks JWKS, circle key endpoint)", async () => {
    const { h, fetched } = setup();
    const fb = await h.putRoute({ provider: "fireblocks", secrets: ["https://evil.example.com/jwks.json"], origin: ORIGIN });
    const sig = await S.jws("RS512", { kid: "k1" }, "{}", { detached: true });
    expect((await h.send(fb, { body: "{}", headers: { "Fireblocks-Webhook-Signature": sig } })).status).toBe(503);
    const circle = await h.putRoute({ provider: "circle", secrets: ["http://api.circle.com/v2/notifications/publicKey"], origin: ORIGIN });
    const headers = { "X-Circle-Key-Id": crypto.randomUUID(), "X-Circle-Signature": b64(await S.ecSignDer("{}")) };
    expect((await h.send(circle, { body: "{}", headers })).status).toBe(503);
    expect(fetched).toEqual([]);
  });
});

describe("fetched-key hosts in provider data", () => {
  it.each([["*.*"], ["*.com"], ["sns.*.*"]])("a wildcard in the last two labels (%s) is refused: the request would choose the host", async (host) => {
    const { h, fetched } = setup();
    const path = await h.putRoute({ provider: { signature: { type: "remote-key", scheme: "aws-sns", hosts: [host] } }, secrets: [S.SNS_TOPIC], origin: ORIGIN });
    const body = JSON.stringify(await S.snsMessage({ certUrl: "https://evil.example.com/c.pem", timestamp: TS, key: OTHER_RSA.key }));
    expect((await h.send(path, { body })).status).toBe(503);
    expect(h.lastLog()?.reason).toBe("config_invalid");
    expect(fetched).toEqual([]);
  });
});
