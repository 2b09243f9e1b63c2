/**
 * The engine extensions presets need: route publicUrl for URL-bound schemes,
 * {form:sorted} + bodyDigest (Twilio), signatures from several headers (Box) or
 * from the body (Mailgun), and the explicit bodySigned opt-out. Schema rules
 * first, then behaviour through the whole pipeline.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { ProviderSchema, RouteSchema, type ProviderInput } from "../../src/rules/schema.ts";

const enc = new TextEncoder();
async function mac(alg: "SHA-1" | "SHA-256", key: string, data: string, out: "hex" | "base64"): Promise<string> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: alg }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)));
  return out === "hex" ? [...sig].map((b) => b.toString(16).padStart(2, "0")).join("") : btoa(String.fromCharCode(...sig));
}
async function sha256Hex(data: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(data)));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}
const messages = (input: unknown) => {
  const r = ProviderSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};
const hmac = (extra: object = {}) => ({ type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", ...extra });

describe("schema", () => {
  it("still requires the body to be signed unless the provider says bodySigned: false", () => {
    expect(messages({ signature: hmac({ payload: "{timestamp}" }), timestamp: { from: { header: "X-T" } } }).join()).toMatch(/bodySigned: false/);
    expect(messages({ signature: hmac({ payload: "{timestamp}" }), timestamp: { from: { header: "X-T" } }, bodySigned: false })).toEqual([]);
    expect(messages({ signature: hmac(), bodySigned: false }).join()).toMatch(/covers the body/);
  });
  it("needs exactly one of signature.header and signature.from", () => {
    expect(messages({ signature: hmac({ from: { json: "sig" } }) }).join()).toMatch(/exactly one/);
    expect(messages({ signature: { type: "hmac", algorithm: "sha256", encoding: "hex" } }).join()).toMatch(/exactly one/);
    expect(messages({ signature: hmac({ header: ["A-Sig", "B-Sig"] }) })).toEqual([]);
    expect(messages({ signature: hmac({ header: [] }) }).length).toBeGreaterThan(0);
  });
  it("accepts a body digest only from a signed place", () => {
    const base = { signature: hmac({ payload: "{url}{form:sorted}" }) };
    expect(messages({ ...base, bodyDigest: { from: { query: "bodySHA256" }, algorithm: "sha256", encoding: "hex", unlessForm: true } })).toEqual([]);
    expect(messages({ signature: hmac({ payload: "{form:sorted}" }), bodyDigest: { from: { query: "h" }, algorithm: "sha256", encoding: "hex" } }).join()).toMatch(/signed place/);
    expect(messages({ signature: hmac({ payload: "{body}" }), bodyDigest: { from: { query: "h" }, algorithm: "sha256", encoding: "hex", unlessForm: true } }).join()).toMatch(/unlessForm/);
  });
  it("knows {form:sorted} and nothing else under form", () => {
    expect(messages({ signature: hmac({ payload: "{url}{form:raw}" }) }).join()).toMatch(/\{form:sorted\}/);
  });
  it("route publicUrl: an http(s) URL without query or fragment", () => {
    const route = { path: "/h", provider: "twilio", secrets: ["x"] };
    expect(RouteSchema.safeParse({ ...route, publicUrl: "https://api.example.com/hooks/twilio" }).success).toBe(true);
    expect(RouteSchema.safeParse({ ...route, publicUrl: "https://api.example.com/hooks?x=1" }).success).toBe(false);
    expect(RouteSchema.safeParse({ ...route, publicUrl: "ftp://api.example.com/hooks" }).success).toBe(false);
  });
});

describe("pipeline", () => {
  const origin = "https://origin.example.com";
  const body = '{"id":"evt_9","type":"ping"}';

  it("box: a request signed only under the secondary key verifies when both keys are configured", async () => {
    const ts = "2025-11-24T16:00:00Z";
    const h = harness({ nowMs: Date.parse(ts) });
    const path = await h.putRoute({ provider: "box", secrets: ["primary-key", "secondary-key"], origin });
    const headers = {
      "BOX-DELIVERY-TIMESTAMP": ts,
      "BOX-SIGNATURE-PRIMARY": await mac("SHA-256", "some-old-primary", body + ts, "base64"),
      "BOX-SIGNATURE-SECONDARY": await mac("SHA-256", "secondary-key", body + ts, "base64"),
    };
    expect((await h.send(path, { body, headers })).status).toBe(200);
    const h2 = harness({ nowMs: Date.parse(ts) });
    const path2 = await h2.putRoute({ provider: "box", secrets: ["primary-key"], origin });
    expect((await h2.send(path2, { body, headers })).status).toBe(401);
    expect(h2.received).toHaveLength(0);
  });

  it("twilio: a JSON body without bodySHA256 is rejected even though the URL signature checks out", async () => {
    const publicUrl = "https://example.com/hooks/twilio";
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    const sig = await mac("SHA-1", "tok", publicUrl, "base64");
    const res = await h.send(path, { body, headers: { "X-Twilio-Signature": sig, "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("twilio: a digest in the query that does not match the body is rejected", async () => {
    const publicUrl = "https://example.com/hooks/twilio";
    const query = `?bodySHA256=${await sha256Hex('{"id":"evt_other"}')}`;
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    const sig = await mac("SHA-1", "tok", publicUrl + query, "base64");
    const res = await h.send(path + query, { body, headers: { "X-Twilio-Signature": sig, "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("twilio: the body digest must match exactly: a matching digest is forwarded, the same digest with bytes appended is not", async () => {
    const publicUrl = "https://example.com/hooks/twilio";
    const h = harness();
    const path = await h.putRoute({ provider: "twilio", secrets: ["tok"], origin, publicUrl });
    const send = async (digest: string) => {
      const query = `?bodySHA256=${digest}`;
      const sig = await mac("SHA-1", "tok", publicUrl + query, "base64");
      return h.send(path + query, { body, headers: { "X-Twilio-Signature": sig, "content-type": "application/json" } });
    };
    const digest = await sha256Hex(body);
    expect((await send(`${digest}00`)).status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect((await send(digest)).status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("mandrill: a non-form body is never accepted on a URL-only signature", async () => {
    const publicUrl = "https://example.com/hooks/mandrill";
    const h = harness();
    const path = await h.putRoute({ provider: "mandrill", secrets: ["key"], origin, publicUrl });
    const sig = await mac("SHA-1", "key", publicUrl, "base64");
    const res = await h.send(path, { body, headers: { "X-Mandrill-Signature": sig, "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("{form:sorted}: parameters are signed by name and value in code-unit order, repeated names by value", async () => {
    const provider: ProviderInput = { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{form:sorted}" } };
    const h = harness();
    await h.putProvider("formtest", provider);
    const path = await h.putRoute({ provider: "formtest", secrets: ["k"], origin });
    const form = "b=2&a=z&a=y&B=%2B1";
    const sig = await mac("SHA-256", "k", "B+1ayaz" + "b2", "hex");
    const res = await h.send(path, { body: form, headers: { "X-Sig": sig, "content-type": "application/x-www-form-urlencoded; charset=utf-8" } });
    expect(res.status).toBe(200);
  });

  it("{path} and {url} use the route's publicUrl, with the query as received", async () => {
    const provider: ProviderInput = { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{path}|{url}|{body}" } };
    const h = harness();
    await h.putProvider("pathtest", provider);
    const path = await h.putRoute({ provider: "pathtest", secrets: ["k"], origin, publicUrl: "https://public.example.org/in/hook" });
    const sig = await mac("SHA-256", "k", `/in/hook?a=1|https://public.example.org/in/hook?a=1|${body}`, "hex");
    expect((await h.send(`${path}?a=1`, { body, headers: { "X-Sig": sig } })).status).toBe(200);
  });
});
