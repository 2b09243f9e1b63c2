/**
 * End to end: real `wrangler dev` (workerd), a real Node origin on loopback,
 * rules pushed with the real CLI, real HTTP requests. Asserts exactly which
 * requests reached the origin, byte for byte, and that the proxy signature
 * verifies with the Standard Webhooks reference library.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request as httpRequest } from "node:http";
import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { startOrigin, type Origin } from "./helpers/origin.ts";
import { startWranglerDev, type WranglerDev } from "./helpers/wrangler-dev.ts";

const ORIGIN_SECRET = "whsec_ZTJlLW9yaWdpbi1zZWNyZXQtZm9yLXRlc3Rz";
const GH_SECRET = "e2e-github-secret";
const ACME_SECRET = "e2e-acme-secret";

let origin: Origin;
let dev: WranglerDev;

const ghSign = (body: string | Buffer, secret = GH_SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}, method = "POST") {
  const res = await fetch(`${dev.url}${path}`, { method, body: method === "GET" ? undefined : body, headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

beforeAll(async () => {
  origin = await startOrigin();
  dev = await startWranglerDev({ vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, GH_SECRET, ACME_SECRET } });
  await dev.pushRules({
    routes: [
      { path: "/hooks/github", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, maxBodyBytes: 4096, delivery: { mode: "direct" } },
    ],
  });
}, 150_000);

afterAll(async () => {
  await dev?.stop();
  await origin?.close();
});

describe("hookgate end to end (wrangler dev + real origin)", () => {
  it("forwards a genuine GitHub delivery byte for byte with a proxy signature the origin can verify", async () => {
    origin.received.length = 0;
    // Non-canonical JSON and non-ASCII bytes: re-serialising would change them.
    const body = Buffer.from('{"zen":  "Keep it logically awesome.",\n "emoji": "\u2603", "n": 1.0}', "utf8");
    const res = await post("/hooks/github", body, {
      "content-type": "application/json",
      "x-hub-signature-256": ghSign(body),
      "x-github-delivery": "e2e-delivery-1",
      "x-github-event": "ping",
      "hookgate-signature": "v1,forged-by-client",
      "hookgate-id": "client-chosen",
      "x-custom": "kept",
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe("ok");
    expect(origin.received).toHaveLength(1);
    const got = origin.received[0]!;
    expect(got.url).toBe("/hooks/github");
    expect(got.body.equals(body)).toBe(true);
    expect(got.headers["x-github-event"]).toBe("ping");
    expect(got.headers["x-custom"]).toBe("kept");
    expect(got.headers["hookgate-id"]).toBe("e2e-delivery-1");
    expect(got.headers["hookgate-provider"]).toBe("github");
    expect(got.headers["hookgate-signature"]).not.toContain("forged-by-client");
    // The origin's check, with the Standard Webhooks reference implementation.
    const wh = new Webhook(ORIGIN_SECRET);
    expect(() =>
      wh.verify(got.body.toString("utf8"), {
        "webhook-id": String(got.headers["hookgate-id"]),
        "webhook-timestamp": String(got.headers["hookgate-timestamp"]),
        "webhook-signature": String(got.headers["hookgate-signature"]),
      }),
    ).not.toThrow();
  });

  it("lets no forgery through, answering 4xx JSON that names no check", async () => {
    origin.received.length = 0;
    const body = '{"action":"opened"}';
    const forgeries: [string, Record<string, string>, string][] = [
      ["no signature", {}, body],
      ["wrong secret", { "x-hub-signature-256": ghSign(body, "not-the-secret") }, body],
      ["body changed", { "x-hub-signature-256": ghSign(body) }, body.replace("opened", "closed")],
      ["re-serialised", { "x-hub-signature-256": ghSign('{"action": "opened"}') }, body],
      ["truncated", { "x-hub-signature-256": ghSign(body).slice(0, -2) }, body],
      ["wrong prefix", { "x-hub-signature-256": ghSign(body).replace("sha256=", "sha1=") }, body],
      ["spoofed forwarding headers only", { "x-forwarded-for": "140.82.112.1", "hookgate-verified": "true" }, body],
    ];
    for (const [name, headers, b] of forgeries) {
      const res = await post("/hooks/github", b, headers);
      expect(res.status, name).toBe(401);
      expect(JSON.parse(res.text), name).toEqual({ error: "unauthorized", message: "The request could not be verified." });
    }
    expect(origin.received).toHaveLength(0);
  });

  it("answers 404, 405 and 413 without forwarding", async () => {
    origin.received.length = 0;
    expect((await post("/nope", "{}")).status).toBe(404);
    const get = await post("/hooks/github", "", {}, "GET");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const big = Buffer.alloc(5000, "a");
    expect((await post("/hooks/github", big, { "x-hub-signature-256": ghSign(big) })).status).toBe(413);
    expect(origin.received).toHaveLength(0);
  });

  it("cuts off a chunked body with no Content-Length once it passes the limit", async () => {
    origin.received.length = 0;
    const u = new URL(`${dev.url}/hooks/github`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { "transfer-encoding": "chunked", "x-hub-signature-256": "sha256=00" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(1024, "b"));
      req.end();
    });
    expect(status).toBe(413);
    expect(origin.received).toHaveLength(0);
    await dev.waitReady();
  });

  it("direct mode: passes the origin's status and body back (a 5xx makes the provider retry; auto mode: auto-delivery.e2e.test.ts)", async () => {
    origin.received.length = 0;
    origin.respond = () => ({ status: 503, body: "origin busy" });
    try {
      const body = '{"retry":"me"}';
      const res = await post("/hooks/github", body, { "x-hub-signature-256": ghSign(body) });
      expect(res.status).toBe(503);
      expect(res.text).toBe("origin busy");
      expect(origin.received).toHaveLength(1);
    } finally {
      origin.respond = () => ({ status: 200, body: "ok" });
    }
  });

  it("takes a new custom provider from KV without a redeploy", async () => {
    origin.received.length = 0;
    await dev.pushRules({
      routes: [
        { path: "/hooks/github", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, maxBodyBytes: 4096, delivery: { mode: "direct" } },
        { path: "/hooks/acme", provider: "acme", secrets: ["env:ACME_SECRET"], origin: origin.url },
      ],
      providers: {
        acme: {
          signature: { type: "hmac", header: "X-Acme-Signature", algorithm: "sha512", encoding: "base64", format: { type: "plain", prefix: "v1=" } },
        },
      },
    });
    const body = "acme event";
    const good = `v1=${createHmac("sha512", ACME_SECRET).update(body).digest("base64")}`;
    expect((await post("/hooks/acme", body, { "x-acme-signature": good })).status).toBe(200);
    expect((await post("/hooks/acme", body, { "x-acme-signature": good.replace("v1=", "") })).status).toBe(401);
    expect(origin.received.map((r) => r.body.toString())).toEqual([body]);
  });
});
