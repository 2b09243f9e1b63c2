/**
 * `{member:Name}` (Exact Online): the MAC covers one top-level JSON member's raw bytes, the signature
 * is another top-level member, and the body must be exactly those two. The schema refuses every
 * configuration where other bytes could ride along unsigned; verification fails, logged, when the body is more.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { providerProblems as problems } from "../helpers/schema.ts";

const hmac = (from: unknown, payload: string) => ({ signature: { type: "hmac", ...(from as object), algorithm: "sha256", encoding: "hex", payload } });

describe("{member:Name} in the schema", () => {
  it("accepts the signed member with the signature in another top-level member; no {body} needed", () => {
    expect(problems(hmac({ from: { json: "HashCode" } }, "{member:Content}"))).toEqual([]);
  });

  it.each([
    ["a header signature", hmac({ header: "X-Sig" }, "{member:Content}")],
    ["a query signature", hmac({ from: { query: "sig" } }, "{member:Content}")],
  ])("refuses %s", (_n, p) => {
    expect(problems(p).join()).toMatch(/\{member:X\} needs signature.from/);
  });

  it("refuses {member:} without a name: it is literal text, so nothing of the body would be signed", () => {
    expect(problems(hmac({ from: { json: "HashCode" } }, "{member:}")).join()).toMatch(/must include \{body\}/);
  });
});

describe("{member:Name} when verifying", () => {
  const mac = async (key: string, data: string) => {
    const k = await crypto.subtle.importKey("raw", new TextEncoder().encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return [...new Uint8Array(await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(data)))].map((x) => x.toString(16).padStart(2, "0")).join("");
  };
  // Readings of signature.from the schema lets through can never verify a body: the envelope needs the signature
  // in a second top-level member named exactly as signature.from.json.
  it.each([
    ["nested signature member", "meta.HashCode", "{member:Content}", async () => `{"Content":{"a":1},"meta":{"HashCode":"${await mac("s", '{"a":1}')}"}}`],
    ["signature in the signed member", "Content", "{member:Content}", async () => `{"Content":"${await mac("s", "x")}"}`],
    ["two signed members", "S", "{member:A}{member:B}", async () => `{"A":1,"B":2,"S":"${await mac("s", "12")}"}`],
  ])("%s: fails closed (401), nothing forwarded", async (_n, from, payload, body) => {
    const h = harness();
    const path = await h.putRoute({ provider: hmac({ from: { json: from } }, payload) as never, secrets: ["s"], origin: "https://origin.example.com" });
    const res = await h.send(path, { body: await body(), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("logs which part could not be rendered when the body holds more than the two members", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: "exact-online", secrets: ["s"], origin: "https://origin.example.com" });
    const res = await h.send(path, { body: '{"Content":{},"HashCode":"AB","Extra":1}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(JSON.stringify(h.lastLog())).toContain("{member:Content} cannot be rendered");
  });
});
