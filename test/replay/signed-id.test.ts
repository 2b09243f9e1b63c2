/**
 * Event ids and dedup (issue 12, defects 3 and 4). Each id source is known to
 * be signed or not (src/verify/signed.ts); a signed id always wins; where the
 * id is unsigned, dedup also keys on a digest of the signed bytes, so a
 * replay with a changed id is a duplicate and a replay with a chosen id
 * commits nothing a later genuine event could collide with.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { JWT_SECRET, jwt } from "../fixtures/jwt-vectors.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, type ProviderInput } from "../../src/rules/schema.ts";
import { sourceSigned, timestampSigned } from "../../src/verify/signed.ts";

const enc = new TextEncoder();
async function hmacHex(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
const origin = "https://origin.example.com";
const isDuplicate = async (res: Response) => res.status === 200 && (await res.text()) === JSON.stringify({ status: "duplicate" });

describe("defect 3: a JWT's jti wins over an unsigned body id", () => {
  it("one captured token does not replay with another body and a fresh id; hookgate-id is the jti", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: { jwt: {}, id: { json: "id" } }, secrets: [JWT_SECRET], origin });
    const headers = { Authorization: `Bearer ${jwt.good}`, "content-type": "application/json" };
    expect((await h.send(path, { body: '{"id":"evt_a","amount":1}', headers })).status).toBe(200);
    expect(h.received[0]!.headers.get("hookgate-id")).toBe("evt-jwt-1");
    expect(h.lastLog()?.eventId).toBe("evt-jwt-1");
    const replay = await h.send(path, { body: '{"id":"evt_b","amount":9999}', headers });
    expect(await isDuplicate(replay)).toBe(true);
    expect(h.received).toHaveLength(1);
  });

  it("a route's explicit dedup.id that is unsigned does not override the jti either", async () => {
    const h = harness();
    const path = await h.putRoute({ provider: { jwt: {} }, secrets: [JWT_SECRET], origin, dedup: { id: { header: "X-Event" } } });
    const headers = { Authorization: `Bearer ${jwt.good}` };
    expect((await h.send(path, { body: "{}", headers: { ...headers, "X-Event": "e1" } })).status).toBe(200);
    expect(await isDuplicate(await h.send(path, { body: "{}", headers: { ...headers, "X-Event": "e2" } }))).toBe(true);
    expect(h.received).toHaveLength(1);
  });
});

describe("defect 4: dedup by an unsigned id cannot be steered", () => {
  async function github() {
    const h = harness();
    const secret = "gh-secret";
    const path = await h.putRoute({ provider: "github", secrets: [secret], origin, allow: { ips: ["203.0.113.7"] } });
    const send = async (body: string, delivery: string) =>
      h.send(path, {
        body,
        headers: { "X-Hub-Signature-256": `sha256=${await hmacHex(secret, body)}`, "X-GitHub-Delivery": delivery, "X-GitHub-Event": "push" },
      });
    return { h, send };
  }

  it("a captured delivery replayed with a changed X-GitHub-Delivery is a duplicate", async () => {
    const { h, send } = await github();
    expect((await send('{"ref":"main","n":1}', "d-1")).status).toBe(200);
    expect(await isDuplicate(await send('{"ref":"main","n":1}', "d-1-changed"))).toBe(true);
    expect(h.received).toHaveLength(1);
  });

  it("a replay with a chosen id commits nothing: the genuine event with that id is still delivered", async () => {
    const { h, send } = await github();
    expect((await send('{"n":1}', "d-1")).status).toBe(200);
    // The attacker replays the capture under the id the next genuine delivery will carry.
    await send('{"n":1}', "d-2");
    expect((await send('{"n":2}', "d-2")).status).toBe(200);
    expect(h.received.map((r) => new TextDecoder().decode(r.body))).toEqual(['{"n":1}', '{"n":2}']);
  });

  it("the provider's own redelivery (same bytes, same id) is still a duplicate", async () => {
    const { h, send } = await github();
    expect((await send('{"n":1}', "d-1")).status).toBe(200);
    expect(await isDuplicate(await send('{"n":1}', "d-1"))).toBe(true);
    expect(h.received).toHaveLength(1);
  });

  it("signed timestamp, unsigned id: a replay inside the window with a changed id is a duplicate; a re-signed retry with the same id too", async () => {
    const provider: ProviderInput = {
      signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{timestamp}.{body}" },
      timestamp: { from: { header: "X-Ts" } },
      id: { header: "X-Delivery" },
    };
    const h = harness();
    await h.putProvider("tsonly", provider);
    const path = await h.putRoute({ provider: "tsonly", secrets: ["k"], origin });
    const t = Math.floor(h.clock.nowMs / 1000);
    const send = async (ts: number, id: string, body = '{"n":1}') =>
      h.send(path, { body, headers: { "X-Sig": await hmacHex("k", `${ts}.${body}`), "X-Ts": String(ts), "X-Delivery": id } });
    expect((await send(t, "a")).status).toBe(200);
    expect(await isDuplicate(await send(t, "b"))).toBe(true);
    expect(await isDuplicate(await send(t + 5, "a"))).toBe(true);
    // Refused by its id, it held nothing: the same retry again is a duplicate, not "in flight".
    expect(await isDuplicate(await send(t + 5, "a"))).toBe(true);
    expect((await send(t + 6, "c", '{"n":2}')).status).toBe(200);
    // Same body, a new timestamp and a new id: another genuine event (the digest covers the signed timestamp).
    expect((await send(t + 7, "d")).status).toBe(200);
    expect(h.received).toHaveLength(3);
  });
});

describe("several keys per delivery: all or none", () => {
  it("a key refused after an earlier one was claimed releases the earlier one (strict store: a claim is written at once)", async () => {
    const h = harness();
    await h.putProvider("tsonly", {
      signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{timestamp}.{body}" },
      timestamp: { from: { header: "X-Ts" } },
      id: { header: "X-Delivery" },
    });
    const path = await h.putRoute({ provider: "tsonly", secrets: ["k"], origin, dedup: { store: "strict" } });
    const t = Math.floor(h.clock.nowMs / 1000);
    const send = async (ts: number, id: string, body = '{"n":1}') =>
      h.send(path, { body, headers: { "X-Sig": await hmacHex("k", `${ts}.${body}`), "X-Ts": String(ts), "X-Delivery": id } });
    expect((await send(t, "a")).status).toBe(200);
    // The re-signed retry: its digest is new (claimed), its id is done (refused): the digest must not stay held.
    expect(await isDuplicate(await send(t + 5, "a"))).toBe(true);
    expect(await isDuplicate(await send(t + 5, "a"))).toBe(true);
    expect(h.received).toHaveLength(1);
  });
});

describe("which ids and timestamps are signed (data, from what the signature covers)", () => {
  const parsed = (name: string) => ProviderSchema.parse(presets[name]);
  it("classifies presets", () => {
    expect(sourceSigned(parsed("stripe"), parsed("stripe").id!)).toBe(true); // a JSON id in a signed body
    expect(sourceSigned(parsed("github"), parsed("github").id!)).toBe(false); // X-GitHub-Delivery: a header nothing signs
    expect(sourceSigned(parsed("twitch"), parsed("twitch").id!)).toBe(true); // {id} in the payload
    expect(sourceSigned(parsed("twilio"), parsed("twilio").id!)).toBe(false);
    expect(timestampSigned(parsed("stripe"))).toBe(true);
    expect(timestampSigned(parsed("github"))).toBe(false);
    expect(sourceSigned(ProviderSchema.parse({ token: { header: "X-Key" }, id: { json: "id" } }), { json: "id" })).toBe(false);
  });

  it("a source is signed only where the signature covers it (the route's dedup.id may name any source)", () => {
    const parsed = (name: string) => ProviderSchema.parse(presets[name]);
    expect(sourceSigned(parsed("stripe"), { query: "id" })).toBe(false); // payload has no {url}/{path}
    expect(sourceSigned(parsed("square"), { query: "id" })).toBe(true); // {url}{body}
    expect(sourceSigned(parsed("mailgun"), { json: "event-data.id" })).toBe(false); // {timestamp}{id}: the body is not signed
    expect(sourceSigned(parsed("mailgun"), { json: "signature.token" })).toBe(true); // its {id}
    expect(sourceSigned(parsed("twitch"), { header: "X-Other" })).toBe(false); // {id} covers Twitch's id header, not any header
    expect(sourceSigned(parsed("aws-sns"), { header: "x-amz-sns-message-id" })).toBe(false); // an embedded scheme signs the body only
    expect(sourceSigned(parsed("aws-sns"), { json: "MessageId" })).toBe(true);
    const unsignedTs = ProviderSchema.parse({
      signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{body}" },
      timestamp: { from: { header: "X-Ts" } },
    });
    expect(timestampSigned(unsignedTs)).toBe(false);
  });
});
