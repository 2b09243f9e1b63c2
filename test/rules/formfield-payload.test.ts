/**
 * `{formfield:name}` (Quoter): the MAC covers the decoded values of some form parameters, the signature is
 * another parameter (signature.from.form), and the form must be exactly those: any other parameter, or a
 * repeated one, would reach the origin unsigned, so the request fails. The schema refuses every configuration
 * where other bytes could ride along unsigned.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { providerProblems as problems } from "../helpers/schema.ts";

const digest = (from: unknown, payload: string, extra: object = {}) => ({
  signature: { type: "keyed-digest", ...(from as object), algorithm: "md5", encoding: "hex", payload, ...extra },
});

describe("{formfield:name} in the schema", () => {
  it("accepts signed parameters with the signature in another form parameter; no {body} needed", () => {
    expect(problems(digest({ from: { form: "hash" } }, "{formfield:timestamp}{formfield:data}"))).toEqual([]);
  });

  it.each([
    ["a header signature", digest({ header: "X-Sig" }, "{formfield:data}")],
    ["a JSON signature", digest({ from: { json: "hash" } }, "{formfield:data}")],
    ["a query signature", digest({ from: { query: "hash" } }, "{formfield:data}")],
  ])("refuses %s", (_n, p) => {
    expect(problems(p).join()).toMatch(/\{formfield:X\} needs signature.from: \{ form/);
  });

  it("refuses {formfield:} without a name: it is literal text, so nothing of the body would be signed", () => {
    expect(problems(digest({ from: { form: "hash" } }, "{formfield:}")).join()).toMatch(/must include \{body\}/);
  });

  it("refuses a name that is not a plain parameter name", () => {
    expect(problems(digest({ from: { form: "hash" } }, "{formfield:a b}")).join()).toMatch(/write \{formfield:name\}/);
  });

  it("refuses md5 for an HMAC (WebCrypto has none), accepts it for a keyed digest", () => {
    expect(problems({ signature: { type: "hmac", header: "X-Sig", algorithm: "md5", encoding: "hex" } }).join()).toMatch(/md5 is only for a keyed-digest/);
    expect(problems({ signature: { type: "keyed-digest", header: "X-Sig", algorithm: "md5", encoding: "hex" } })).toEqual([]);
  });
});

describe("{formfield:name} when verifying (the quoter preset)", () => {
  const key = "quoter-hash-key";
  const ts = "1764000000";
  const data = '{"id":"q_1","note":"a & b = c"}';
  const hash = createHash("md5").update(key + ts + data).digest("hex");
  const form = (...pairs: [string, string][]) => new URLSearchParams(pairs).toString();
  const send = async (body: string, contentType = "application/x-www-form-urlencoded") => {
    const h = harness({ nowMs: Number(ts) * 1000 });
    const path = await h.putRoute({ provider: "quoter", secrets: [key], origin: "https://origin.example.com" });
    const res = await h.send(path, { body, headers: { "content-type": contentType } });
    return { h, res };
  };

  it("forwards the genuine form byte for byte, whatever the parameter order", async () => {
    for (const body of [form(["hash", hash], ["timestamp", ts], ["data", data]), form(["data", data], ["timestamp", ts], ["hash", hash])]) {
      const { h, res } = await send(body);
      expect(res.status).toBe(200);
      expect(h.received).toHaveLength(1);
      expect(new TextDecoder().decode(h.received[0]!.body)).toBe(body);
    }
  });

  it.each([
    ["an unsigned parameter", form(["hash", hash], ["timestamp", ts], ["data", data], ["admin", "1"]), "{formfield:timestamp}"],
    ["data repeated", form(["hash", hash], ["timestamp", ts], ["data", data], ["data", "x"]), "{formfield:timestamp}"],
    ["data repeated, same value", form(["hash", hash], ["timestamp", ts], ["data", data], ["data", data]), "{formfield:timestamp}"],
    ["data missing", form(["hash", hash], ["timestamp", ts]), "{formfield:data}"],
    ["not a form (the hash is not even read)", form(["hash", hash], ["timestamp", ts], ["data", data]), "no signature in form parameter hash", "text/plain"],
  ])("%s: 401, nothing forwarded, the unrenderable part logged", async (_n, body, part, type?: string) => {
    const { h, res } = await send(body, type);
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(JSON.stringify(h.lastLog())).toContain(part.startsWith("{") ? `${part} cannot be rendered` : part);
  });

  it("a tampered data value fails the digest", async () => {
    const { h, res } = await send(form(["hash", hash], ["timestamp", ts], ["data", data + " "]));
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(JSON.stringify(h.lastLog())).toContain("signature_mismatch");
  });
});
