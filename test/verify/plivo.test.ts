/**
 * Plivo V3 ({form:plivo}): URL + "?" + the sorted form parameters + "." + nonce. A callback URL with a query
 * string is refused (Plivo's query + "." + parameters rendering can be re-split between URL and body).
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const TOKEN = "plivo-auth-token";
const form = { "content-type": "application/x-www-form-urlencoded" };

async function mac(text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(TOKEN), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)))));
}

describe("plivo V3", () => {
  async function setup() {
    const h = harness();
    const path = await h.putRoute({ provider: "plivo", secrets: [TOKEN], origin: "https://origin.example.com", publicUrl: "https://example.com/hooks/plivo" });
    return { h, path };
  }

  it("forwards an empty-body callback signed over URL.nonce; a missing nonce or another nonce fails", async () => {
    const { h, path } = await setup();
    const sig = await mac("https://example.com/hooks/plivo.n1");
    expect((await h.send(path, { headers: { "X-Plivo-Signature-V3": sig, "X-Plivo-Signature-V3-Nonce": "n1" } })).status).toBe(200);
    expect((await h.send(path, { headers: { "X-Plivo-Signature-V3": sig } })).status).toBe(401);
    expect((await h.send(path, { headers: { "X-Plivo-Signature-V3": sig, "X-Plivo-Signature-V3-Nonce": "n2" } })).status).toBe(401);
  });

  it("refuses a URL with a query even when signed as Plivo renders it, a JSON body, and the parameters moved into the query", async () => {
    const { h, path } = await setup();
    // Plivo's own rendering with a query (plivo-node accepts this signature): ambiguous, so refused.
    const q = await mac("https://example.com/hooks/plivo?a=1.Bx.n1");
    expect((await h.send(`${path}?a=1`, { body: "B=x", headers: { ...form, "X-Plivo-Signature-V3": q, "X-Plivo-Signature-V3-Nonce": "n1" } })).status).toBe(401);
    // A genuine form callback whose parameters an attacker moves into the query string (and empties the body).
    const genuine = await mac("https://example.com/hooks/plivo?Bx.n1");
    expect((await h.send(path, { body: "B=x", headers: { ...form, "X-Plivo-Signature-V3": genuine, "X-Plivo-Signature-V3-Nonce": "n1" } })).status).toBe(200);
    expect((await h.send(`${path}?Bx`, { headers: { "X-Plivo-Signature-V3": genuine, "X-Plivo-Signature-V3-Nonce": "n1" } })).status).toBe(401);
    expect((await h.send(path, { body: '{"B":"x"}', headers: { "content-type": "application/json", "X-Plivo-Signature-V3": genuine, "X-Plivo-Signature-V3-Nonce": "n1" } })).status).toBe(401);
  });
});
