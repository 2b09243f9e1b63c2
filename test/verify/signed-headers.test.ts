/**
 * `{headers}` (Contentful's canonical request): the request lists the headers it signed; the list must name the
 * required ones (the timestamp and the list itself), every listed header must be there, and nothing renders empty.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
const SECRET = "contentful-request-verification-test-secret-0123456789abcdefghij";
const BODY = '{"sys":{"id":"entry-1"}}';
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

async function mac(text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
}

/** Signs as node-apps-toolkit's signRequest: the listed headers sorted, name:value joined by ";". */
async function sign(o: { list?: string; headers?: Record<string, string>; path?: string; body?: string; ts?: number } = {}): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "x-contentful-timestamp": String(o.ts ?? NOW), "x-contentful-topic": "ContentManagement.Entry.publish", ...o.headers };
  const list = o.list ?? "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic";
  headers["x-contentful-signed-headers"] = list;
  const names = list.split(",").sort();
  const canonical = ["POST", o.path ?? "/hooks/contentful", names.map((n) => `${n}:${headers[n]}`).join(";"), o.body ?? BODY].join("\n");
  return { ...headers, "x-contentful-signature": await mac(canonical) };
}

describe("contentful: {headers} from x-contentful-signed-headers", () => {
  async function setup() {
    const h = harness({ nowMs: NOW });
    const path = await h.putRoute({ path: "/hooks/contentful", provider: "contentful", secrets: [SECRET], origin: "https://origin.example.com" });
    return { h, send: async (headers: Record<string, string>, body = BODY, p = path) => (await h.send(p, { body, headers })).status };
  }

  it("forwards a genuine request; rejects a changed body, listed header or timestamp", async () => {
    const { send } = await setup();
    const good = await sign();
    expect(await send(good)).toBe(200);
    expect(await send(good, `${BODY} `)).toBe(401);
    expect(await send({ ...good, "x-contentful-topic": "ContentManagement.Entry.delete" })).toBe(401);
    expect(await send({ ...good, "x-contentful-timestamp": String(NOW + 1) })).toBe(401);
  });

  it("signs the path with its query (escaped as the toolkit does); another query fails", async () => {
    const h = harness({ nowMs: NOW });
    await h.putRoute({ path: "/hooks/cq", provider: "contentful", secrets: [SECRET], origin: "https://origin.example.com" });
    const good = await sign({ path: `/hooks/cq?${encodeURIComponent("a=1&b=2").replace(/%/g, "%25")}` });
    expect((await h.send("/hooks/cq?a=1&b=2", { body: BODY, headers: good })).status).toBe(200);
    expect((await h.send("/hooks/cq?a=1&b=3", { body: BODY, headers: good })).status).toBe(401);
    expect((await h.send("/hooks/cq", { body: BODY, headers: good })).status).toBe(401);
  });

  it("fails when the list leaves out the timestamp or itself, repeats a name, names an absent or invalid header, or is missing", async () => {
    const { send } = await setup();
    // Signed correctly over what each list names, so only the list rule can reject them.
    expect(await send(await sign({ list: "x-contentful-signed-headers,x-contentful-topic" }))).toBe(401);
    expect(await send(await sign({ list: "x-contentful-timestamp,x-contentful-topic" }))).toBe(401);
    expect(await send(await sign({ list: "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-timestamp" }))).toBe(401);
    const absent = await sign({ list: "x-contentful-signed-headers,x-contentful-timestamp,x-extra", headers: { "x-extra": "" } });
    delete (absent as Record<string, string>)["x-extra"];
    expect(await send(absent)).toBe(401);
    // Even signed over a canonical string that skips the absent header (as node-apps-toolkit's pickHeaders would).
    const list = "x-contentful-signed-headers,x-contentful-timestamp,x-extra";
    const skipped = `POST\n/hooks/contentful\nx-contentful-signed-headers:${list};x-contentful-timestamp:${NOW}\n${BODY}`;
    expect(await send({ "x-contentful-signed-headers": list, "x-contentful-timestamp": String(NOW), "x-contentful-signature": await mac(skipped) })).toBe(401);
    const invalid = await sign({ list: "x-contentful-signed-headers,x-contentful-timestamp,bad name", headers: { "bad name": "x" } });
    delete (invalid as Record<string, string>)["bad name"];
    expect(await send(invalid)).toBe(401); // a name Headers.get would throw on: refused, never a crash
    const unlisted: Record<string, string> = await sign();
    delete unlisted["x-contentful-signed-headers"];
    expect(await send(unlisted)).toBe(401);
  });

  it("rejects a genuine request outside the 30 s TTL", async () => {
    const { send } = await setup();
    expect(await send(await sign({ ts: NOW - 31_000 }))).toBe(401);
  });
});
