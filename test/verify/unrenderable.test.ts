/**
 * A signed-payload part that cannot be rendered from the bytes received fails
 * the request; it never renders as empty (issue 12, defect 1). And every
 * skipped check is justified by what the signature covers: Twilio's body
 * digest may be absent only when the signed form parameters are the whole
 * body (a UTF-8 form) or there is no body at all (a GET webhook).
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import type { ProviderInput } from "../../src/rules/schema.ts";

const enc = new TextEncoder();
async function mac(alg: "SHA-1" | "SHA-256", key: string, data: string | Uint8Array, out: "hex" | "base64"): Promise<string> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: alg }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, typeof data === "string" ? enc.encode(data) : data));
  return out === "hex" ? [...sig].map((b) => b.toString(16).padStart(2, "0")).join("") : btoa(String.fromCharCode(...sig));
}
const origin = "https://origin.example.com";
const FORM = "application/x-www-form-urlencoded";
const cat = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...enc.encode(p)] : p)));

describe("Twilio and form-bound schemes: the form part renders from the bytes, or the request fails", () => {
  const publicUrl = "https://example.com/hooks/twilio";

  it("a URL-only signature does not verify a form POST whose body is not UTF-8 (forgery from the review)", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    const sig = await mac("SHA-1", "tok", publicUrl, "base64");
    const body = cat("CallSid=CAevil&Amount=9999&x=", [0xff]);
    const res = await h.send(path, { body, headers: { "X-Twilio-Signature": sig, "content-type": FORM } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.reason).toBe("signature_mismatch");
  });

  it("a percent-escape that is not UTF-8 (%FF) does not render as U+FFFD: it fails", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    // Signed over a genuine U+FFFD value; %FF would otherwise decode to the same text.
    const sig = await mac("SHA-1", "tok", `${publicUrl}Amount\uFFFD`, "base64");
    const genuine = await h.send(path, { body: "Amount=%EF%BF%BD", headers: { "X-Twilio-Signature": sig, "content-type": FORM } });
    expect(genuine.status).toBe(200);
    const forged = await h.send(path, { body: "Amount=%FF", headers: { "X-Twilio-Signature": sig, "content-type": FORM } });
    expect(forged.status).toBe(401);
    expect(h.received).toHaveLength(1);
  });

  it("a non-form body with a form-less URL signature and no digest is rejected even when the header lies about its type", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    const sig = await mac("SHA-1", "tok", publicUrl, "base64");
    for (const type of ["text/plain", "application/json", ""]) {
      const res = await h.send(path, { body: '{"Amount":9999}', headers: { "X-Twilio-Signature": sig, "content-type": type } });
      expect(res.status, type).toBe(401);
    }
    expect(h.received).toHaveLength(0);
  });

  it("a genuine Twilio GET webhook (parameters in the query, no body) verifies", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl, methods: ["GET", "POST"] });
    const query = "?CallSid=CA123&From=%2B15551234567&CallStatus=ringing";
    const sig = await mac("SHA-1", "tok", publicUrl + query, "base64");
    const res = await h.send(path + query, { method: "GET", headers: { "X-Twilio-Signature": sig } });
    expect(res.status, h.lastLog()?.detail).toBe(200);
    expect(h.received).toHaveLength(1);
    // The same signature does not carry a body along.
    const post = await h.send(path + query, { body: "Amount=9999", headers: { "X-Twilio-Signature": sig, "content-type": FORM } });
    expect(post.status).toBe(401);
    expect(h.received).toHaveLength(1);
  });

  it("an empty form POST signed over the URL alone verifies (nothing unsigned rides along)", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    const sig = await mac("SHA-1", "tok", publicUrl, "base64");
    const res = await h.send(path, { body: "", headers: { "X-Twilio-Signature": sig, "content-type": FORM } });
    expect(res.status, h.lastLog()?.detail).toBe(200);
  });

  it("mandrill (no body digest): a non-UTF-8 form is rejected", async () => {
    const h = harness();
    const url = "https://example.com/hooks/mandrill";
    const path = await h.putRoute({ provider: "mandrill", secrets: ["key"], origin, publicUrl: url });
    const sig = await mac("SHA-1", "key", url, "base64");
    const res = await h.send(path, { body: cat("mandrill_events=", [0xc3, 0x28]), headers: { "X-Mandrill-Signature": sig, "content-type": FORM } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });
});

describe("other template parts: absent is not empty", () => {
  it("{header:X}: a request without the signed header does not verify a signature made over its value", async () => {
    const provider: ProviderInput = { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{header:X-Part}{body}" } };
    const h = harness();
    await h.putProvider("headerpart", provider);
    const path = await h.putRoute({ provider: "headerpart", secrets: ["k"], origin });
    const sig = await mac("SHA-256", "k", "evt.1" + "{}", "hex");
    expect((await h.send(path, { body: "{}", headers: { "X-Sig": sig, "X-Part": "evt.1" } })).status).toBe(200);
    // Move the header's bytes into the body: the signed bytes are the same, the request is not.
    const forged = await h.send(path, { body: "evt.1{}", headers: { "X-Sig": sig } });
    expect(forged.status).toBe(401);
    expect(h.received).toHaveLength(1);
  });

  it("{id}: a request without the signed id does not verify", async () => {
    const provider: ProviderInput = {
      signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{id}{body}" },
      id: { header: "X-Id" },
    };
    const h = harness();
    await h.putProvider("idpart", provider);
    const path = await h.putRoute({ provider: "idpart", secrets: ["k"], origin, dedup: false });
    const sig = await mac("SHA-256", "k", "abc" + "{}", "hex");
    expect((await h.send(path, { body: "{}", headers: { "X-Sig": sig, "X-Id": "abc" } })).status).toBe(200);
    const forged = await h.send(path, { body: "abc{}", headers: { "X-Sig": sig } });
    expect(forged.status).toBe(401);
    expect(h.received).toHaveLength(1);
  });
});
