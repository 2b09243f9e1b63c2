/**
 * empty-post (Exact Online's subscription check): a POST without a body is answered with an empty 200
 * and never forwarded; any POST with a body is an event and must verify.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

async function route() {
  const h = harness();
  const path = await h.putRoute({ provider: "exact-online", secrets: ["exact-webhook-secret"], origin: "https://origin.example.com" });
  return { h, path };
}

describe("empty-post", () => {
  it("answers a POST with Content-Length: 0: empty 200, nothing forwarded", async () => {
    const { h, path } = await route();
    const res = await h.send(path, { body: "", headers: { "content-length": "0" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "answered", handshake: "empty-post" });
  });

  it.each([
    ["a forged envelope", '{"Content":{"Topic":"Accounts"},"HashCode":"00"}'],
    ["a single space", " "],
    ["an unsigned event", '{"Content":{"Topic":"Accounts"}}'],
    ["no body, but no Content-Length: 0 either (a body it cannot see yet may follow)", undefined],
  ])("a POST with a body (%s) is not the check: verified, 401, nothing forwarded", async (_n, body) => {
    const { h, path } = await route();
    const res = await h.send(path, body === undefined ? {} : { body, headers: { "content-length": String(new TextEncoder().encode(body).length) } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it("a GET is not the check (405)", async () => {
    const { h, path } = await route();
    expect((await h.send(path, { method: "GET" })).status).toBe(405);
  });
});
