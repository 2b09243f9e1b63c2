/**
 * AWS SNS (SignatureVersion 1 and 2, SubscriptionConfirmation) and PayPal end
 * to end through real `wrangler dev`: certificates are served by a local key
 * server admitted ONLY through the test-only HOOKGATE_TEST_KEY_ORIGIN variable;
 * a certificate URL anywhere else is refused without being fetched (a second
 * local server, outside the allow-list, must see no request at all).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrigin, type Origin } from "./helpers/origin.ts";
import { startWranglerDev, type WranglerDev } from "./helpers/wrangler-dev.ts";
import { OTHER_RSA, RSA } from "../fixtures/keyed-keys.ts";
import { PAYPAL_WEBHOOK_ID, SNS_TOPIC, paypalHeaders, snsMessage } from "../helpers/keyed-sign.ts";

const ORIGIN_SECRET = "whsec_ZTJlLW9yaWdpbi1zZWNyZXQtZm9yLXRlc3Rz";
let origin: Origin;
let keys: Origin;
let outsider: Origin;
let dev: WranglerDev;

const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${dev.url}${path}`, { method: "POST", body, headers });
  return { status: res.status, text: await res.text() };
};
const now = () => new Date().toISOString();

beforeAll(async () => {
  origin = await startOrigin();
  keys = await startOrigin();
  outsider = await startOrigin();
  keys.respond = (r) => (r.url.startsWith("/certs/") ? { status: 200, body: RSA.cert } : r.url.startsWith("/confirm") ? { status: 200, body: "<ConfirmSubscriptionResponse/>" } : { status: 404 });
  outsider.respond = () => ({ status: 200, body: OTHER_RSA.cert });
  dev = await startWranglerDev({ vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, HOOKGATE_TEST_KEY_ORIGIN: keys.url } });
  await dev.pushRules({
    routes: [
      { path: "/hooks/sns", provider: "aws-sns", secrets: [SNS_TOPIC], origin: origin.url },
      { path: "/hooks/paypal", provider: "paypal", secrets: [PAYPAL_WEBHOOK_ID], origin: origin.url },
    ],
  });
}, 150_000);

afterAll(async () => {
  await dev?.stop();
  await Promise.all([origin?.close(), keys?.close(), outsider?.close()]);
});

describe("fetched certificates end to end (wrangler dev)", () => {
  it.each(["1", "2"] as const)("AWS SNS SignatureVersion %s: a genuine notification reaches the origin byte for byte; a forged one does not", async (version) => {
    origin.received.length = 0;
    const certUrl = `${keys.url}/certs/sns-v${version}.pem`;
    const body = JSON.stringify(await snsMessage({ version, certUrl, timestamp: now(), subject: "e2e" }));
    const res = await post("/hooks/sns", body, { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" });
    expect(res.status).toBe(200);
    expect(origin.received).toHaveLength(1);
    expect(origin.received[0]!.body.toString("utf8")).toBe(body);
    const forged = body.replace('{\\"order\\":42}', '{\\"order\\":43}');
    expect(forged).not.toBe(body);
    expect((await post("/hooks/sns", forged)).status).toBe(401);
    expect(origin.received).toHaveLength(1);
    expect(keys.received.filter((r) => r.url === `/certs/sns-v${version}.pem`)).toHaveLength(1);
  });

  it("AWS SNS SubscriptionConfirmation: confirmed by fetching SubscribeURL, not forwarded", async () => {
    origin.received.length = 0;
    const subscribeUrl = `${keys.url}/confirm?Action=ConfirmSubscription&Token=e2e`;
    const body = JSON.stringify(await snsMessage({ type: "SubscriptionConfirmation", certUrl: `${keys.url}/certs/sns-sub.pem`, timestamp: now(), subscribeUrl }));
    const res = await post("/hooks/sns", body, { "x-amz-sns-message-type": "SubscriptionConfirmation" });
    expect(res.status).toBe(200);
    expect(keys.received.map((r) => r.url)).toContain("/confirm?Action=ConfirmSubscription&Token=e2e");
    expect(origin.received).toHaveLength(0);
  });

  it("PayPal: a genuine event is forwarded; a changed body is refused", async () => {
    origin.received.length = 0;
    const body = '{"id":"WH-E2E-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"amount":{"value":"10.00"}}}';
    const headers = await paypalHeaders(body, `${keys.url}/certs/paypal.pem`);
    expect((await post("/hooks/paypal", body, headers)).status).toBe(200);
    expect(origin.received[0]!.body.toString("utf8")).toBe(body);
    expect((await post("/hooks/paypal", body.replace("10.00", "99.00"), headers)).status).toBe(401);
    expect(origin.received).toHaveLength(1);
  });

  it("a certificate URL outside the allowed hosts is refused WITHOUT being fetched (SNS and PayPal)", async () => {
    origin.received.length = 0;
    for (const certUrl of [`${outsider.url}/cert.pem`, "https://evil.example.com/SimpleNotificationService.pem"]) {
      const sns = JSON.stringify(await snsMessage({ certUrl, timestamp: now(), key: OTHER_RSA.key }));
      expect((await post("/hooks/sns", sns)).status).toBe(401);
      const body = '{"id":"WH-E2E-2"}';
      expect((await post("/hooks/paypal", body, await paypalHeaders(body, certUrl, { key: OTHER_RSA.key }))).status).toBe(401);
    }
    // A confirmation pointing outside the hosts is not followed either.
    const sub = JSON.stringify(await snsMessage({ type: "SubscriptionConfirmation", certUrl: `${keys.url}/certs/sns-sub.pem`, timestamp: now(), subscribeUrl: `${outsider.url}/confirm` }));
    expect((await post("/hooks/sns", sub)).status).toBe(400);
    expect(outsider.received).toHaveLength(0);
    expect(origin.received).toHaveLength(0);
  });
});
