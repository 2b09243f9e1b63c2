/**
 * A small origin for local use: it checks hookgate's proxy signature exactly
 * as a real origin should (Standard Webhooks over hookgate-id, -timestamp and
 * the raw body), prints what it received, and answers 200 (or 401).
 * This is the reference for "how the origin verifies the proxy signature".
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

/** Verifies hookgate's proxy signature. `secret` is HOOKGATE_ORIGIN_SECRET. */
export function verifyProxySignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const id = headers["hookgate-id"];
  const ts = headers["hookgate-timestamp"];
  const sig = headers["hookgate-signature"];
  if (typeof id !== "string" || typeof ts !== "string" || typeof sig !== "string") return false;
  if (!/^\d+$/.test(ts) || Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
  const expected = createHmac("sha256", key).update(`${id}.${ts}.`).update(body).digest();
  return sig.split(" ").some((entry) => {
    if (!entry.startsWith("v1,")) return false;
    const given = Buffer.from(entry.slice(3), "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function startEchoOrigin(port: number, secret: string, log = console.log): Promise<Server> {
  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    const ok = verifyProxySignature(secret, req.headers, body);
    log(
      `[origin] ${req.method} ${req.url} provider=${req.headers["hookgate-provider"] ?? "-"} id=${req.headers["hookgate-id"] ?? "-"} ` +
        `proxy-signature=${ok ? "valid" : "INVALID"} body=${body.length} bytes: ${body.subarray(0, 200).toString("utf8")}`,
    );
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify({ received: ok, bytes: body.length }));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
