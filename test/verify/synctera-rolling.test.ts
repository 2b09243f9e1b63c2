/**
 * Synctera while a secret rolls: Synctera-Signature carries two hex signatures joined by "." (old and new secret,
 * https://dev.synctera.com/docs/webhooks-guide). Either one verifying is enough; neither verifying is a 401.
 * The single-signature vector and its forgeries are in presets.test.ts.
 */
import { expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const enc = new TextEncoder();
async function hexMac(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const ts = 1_764_000_000;
const body = '{"id":"evt_synctera_1","type":"ACCOUNT.UPDATED"}';
const origin = "https://origin.example.com";

async function send(secret: string, signature: string) {
  const h = harness({ nowMs: ts * 1000 });
  const path = await h.putRoute({ provider: "synctera", secrets: [secret], origin });
  const res = await h.send(path, { body, headers: { "Request-Timestamp": String(ts), "Synctera-Signature": signature } });
  return { res, h };
}

it("verifies under the new secret when the header holds old.new, and under the old one when it holds new.old", async () => {
  const old = await hexMac("synctera-old-secret", `${ts}.${body}`);
  const fresh = await hexMac("synctera-new-secret", `${ts}.${body}`);
  for (const header of [`${old}.${fresh}`, `${fresh}.${old}`]) {
    const { res, h } = await send("synctera-new-secret", header);
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
  }
  expect((await send("synctera-old-secret", `${old}.${fresh}`)).res.status).toBe(200);
});

it("rejects two signatures when neither is the route secret's (401, origin receives nothing)", async () => {
  const a = await hexMac("another-secret-a", `${ts}.${body}`);
  const b = await hexMac("another-secret-b", `${ts}.${body}`);
  const { res, h } = await send("synctera-new-secret", `${a}.${b}`);
  expect(res.status).toBe(401);
  expect(h.received).toHaveLength(0);
});
