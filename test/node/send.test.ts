/**
 * The `hookgate send` signer against the written-down vectors (which the
 * providers' own SDKs reproduce in vectors.test.ts): given the same body,
 * timestamp and id, it must produce the very same signature header.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vectors } from "../fixtures/vectors.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, type HeaderSignature, type Provider } from "../../src/rules/schema.ts";
import { prepareSend } from "../../cli/send/prepare.ts";
import { formatSignatureHeader, renderPayload, sign, SendError } from "../../cli/send/sign.ts";
import { setJsonPath, getJsonPath } from "../../cli/send/sample.ts";
import { parseSignatureHeader } from "../../src/verify/signature-header.ts";

const dir = await mkdtemp(join(tmpdir(), "hookgate-sign-"));
const header = (h: Record<string, string>, name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

describe("hookgate send signs exactly as the providers do", () => {
  // URL-bound and form vectors are proven end to end (send.e2e.test.ts); here: every header-signed vector.
  const hmacVectors = [...vectors, ...presetVectors].filter((v) => {
    const sig = ProviderSchema.parse(presets[v.preset]).signature;
    // Hygraph's env field is the provider's own value, which send cannot know (it refuses {field:env} clearly).
    return (sig?.type === "hmac" || sig?.type === "keyed-digest") && sig.header !== undefined && !sig.payload.includes("{field:") && !v.signedUrl && !v.form && !v.query && !v.publicUrl;
  });

  it("cross-checks most presets", () => expect(hmacVectors.length).toBeGreaterThanOrEqual(60));

  it.each(hmacVectors.map((v) => [v.label ?? v.preset, v] as const))("%s: same signature header as the vector", async (_name, v) => {
    // A vector of a provider's other format (Scalekit's Standard Webhooks headers) is sent with --alternative.
    const whole = ProviderSchema.parse(presets[v.preset]);
    const alt = (whole.alternatives ?? []).findIndex((a) => a.signature && "header" in a.signature && a.signature.header === v.signatureHeader);
    const provider = (alt >= 0 ? whole.alternatives![alt] : whole) as Provider;
    const file = join(dir, `${v.preset}.body`);
    await writeFile(file, v.body);
    const sigFields = "format" in provider.signature! && provider.signature.format.type === "pairs" ? parseSignatureHeader(header(v.headers, v.signatureHeader)!, provider.signature.format)?.fields : undefined;
    const id =
      provider.id && "header" in provider.id
        ? header(v.headers, provider.id.header)
        : provider.id && "signatureField" in provider.id
          ? sigFields?.get(provider.id.signatureField) // NMI's nonce t=
          : undefined;
    // Headers the payload signs as they are (Pinwheel's {header:x-timestamp}) are the user's to give: --header.
    const signedHeaders = [...("payload" in provider.signature! ? provider.signature.payload : "").matchAll(/\{header:([^}]+)\}/g)].map(([, name]) => `${name}: ${header(v.headers, name!)}`);
    const tsHeader = provider.timestamp && "header" in provider.timestamp.from ? header(v.headers, provider.timestamp.from.header) : undefined;
    const { req } = await prepareSend({
      provider: v.preset,
      to: "https://hooks.example.com/x",
      secret: v.secret,
      bodyFile: file,
      timestamp: Math.floor(v.nowMs / 1000),
      // The provider's exact text where send cannot know it: ISO forms, and "auto" presets (Front sends ms, send writes seconds).
      timestampText: tsHeader !== undefined && (!/^\d+$/.test(tsHeader) || provider.timestamp?.format === "auto") ? tsHeader : undefined,
      id,
      headers: signedHeaders,
      ...(alt >= 0 ? { alternative: alt + 1 } : {}),
    });
    expect(req.body.toString()).toBe(v.body);
    const ours = req.headers.get(v.signatureHeader)!;
    const theirs = header(v.headers, v.signatureHeader)!;
    const format = (provider.signature as HeaderSignature).format;
    // Hex is compared without case (Oura and BridgeApi send uppercase; the Worker reads either): the bytes must match.
    const hexCase = (text: string) => ((provider.signature as HeaderSignature).encoding === "hex" ? text.toLowerCase() : text);
    if (format.type === "pairs") {
      // key=value pairs may come in any order and spacing: compare what the Worker reads from them.
      const [a, b] = [parseSignatureHeader(hexCase(ours), format), parseSignatureHeader(hexCase(theirs), format)];
      expect(a?.signatures).toEqual(b?.signatures);
      expect(Object.fromEntries(a!.fields)).toEqual(Object.fromEntries([...b!.fields].filter(([k]) => a!.fields.has(k))));
    } else expect(hexCase(ours)).toBe(hexCase(theirs));
    if (provider.timestamp && "header" in provider.timestamp.from)
      expect(req.headers.get(provider.timestamp.from.header)).toBe(header(v.headers, provider.timestamp.from.header));
  });

  it("puts the timestamp and id into the sample body where the provider reads them", async () => {
    const { req } = await prepareSend({ provider: "scalekit", to: "http://h/x", secret: "s", timestamp: 1764000000, id: "evt_9" });
    const json = JSON.parse(req.body.toString());
    expect(json).toMatchObject({ id: "evt_9", created: 1764000000 });
    const o: Record<string, unknown> = { data: 1 };
    setJsonPath(o, "data.object.id", "x");
    expect(getJsonPath(o, "data.object.id")).toBe("x");
  });

  it("renders {body:sha256hex} and {body:json}, and refuses a {field:X} it cannot know", () => {
    const req = { method: "POST", url: new URL("https://h.example/p"), headers: new Headers(), body: Buffer.from('{"a":"\u00e9\n"}') };
    expect(renderPayload("{body:sha256hex}", req).toString()).toBe(createHash("sha256").update(req.body).digest("hex"));
    expect(renderPayload("{body:json}", req).toString()).toBe(JSON.stringify(req.body.toString()));
    expect(renderPayload("{field:t}", req, [["t", "9"]]).toString()).toBe("9");
    expect(() => renderPayload("{field:env}", req, [["t", "9"]])).toThrow(SendError);
    expect(formatSignatureHeader({ type: "list", separator: ",", prefix: "", first: "t" }, "ab", [["t", "1764000000000"]])).toBe("1764000000000,ab");
  });

  it("refuses a signed {header:X} the user did not give (--header), instead of signing it as empty", async () => {
    const req = { method: "POST", url: new URL("https://h.example/p"), headers: new Headers(), body: Buffer.from("{}") };
    expect(() => renderPayload("v2:{header:x-timestamp}:{body}", req)).toThrow(/x-timestamp.*--header/);
    await expect(prepareSend({ provider: "pinwheel", to: "http://h/x", secret: "s" })).rejects.toThrow(/x-timestamp/);
    const { req: sent } = await prepareSend({ provider: "pinwheel", to: "http://h/x", secret: "s", headers: ["x-timestamp: 1764000000"] });
    expect(sent.headers.get("x-pinwheel-signature")).toMatch(/^v2=[0-9a-f]{64}$/);
  });

  it("formats list, plain and pairs headers", () => {
    expect(formatSignatureHeader({ type: "plain", prefix: "sha256=" }, "ab", [])).toBe("sha256=ab");
    expect(formatSignatureHeader({ type: "list", separator: " ", prefix: "v1," }, "ab", [])).toBe("v1,ab");
    expect(formatSignatureHeader({ type: "pairs", separator: ";", assign: "=", key: "h1" }, "ab", [["ts", "1"]])).toBe("ts=1;h1=ab");
  });

  it("renders every template placeholder", () => {
    const req = { method: "POST", url: new URL("https://h.example/p/q?a=1"), headers: new Headers({ "x-n": "v" }), body: Buffer.from("B"), timestamp: "7", id: "i" };
    expect(renderPayload("{method} {url} {path} {header:X-N} {id}.{timestamp}.{body}", req).toString()).toBe("POST https://h.example/p/q?a=1 /p/q?a=1 v i.7.B");
  });

  it("refuses clearly what it cannot do yet, or what is wrong", async () => {
    const other = { signature: { type: "rsa-sha256" } } as unknown as Provider;
    expect(() => sign({ provider: other, secret: "s", req: { method: "POST", url: new URL("http://h/"), headers: new Headers(), body: Buffer.alloc(0) } })).toThrow(
      /hookgate send cannot sign rsa-sha256 yet; it signs hmac, ed25519, ecdsa-p256-sha256/,
    );
    await expect(prepareSend({ provider: "nosuch", to: "http://h/x", secret: "s" })).rejects.toThrow(/"nosuch" is neither a preset/);
    await expect(prepareSend({ provider: "svix", to: "http://h/x", secret: "whsec_!!" })).rejects.toThrow(SendError);
    await expect(prepareSend({ provider: "github", to: "not a url", secret: "s" })).rejects.toThrow(/--to "not a url" is not a URL/);
    await expect(prepareSend({ provider: "github", to: "http://h/x", secret: "env:HOOKGATE_UNSET_VAR" })).rejects.toThrow(/HOOKGATE_UNSET_VAR is not set/);
  });
});
