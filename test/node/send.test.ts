/**
 * The `hookgate send` signer against the written-down vectors (which the
 * providers' own SDKs reproduce in vectors.test.ts): given the same body,
 * timestamp and id, it must produce the very same signature header.
 */
import { constants, createHash, createHmac, verify } from "node:crypto";
import { RSA } from "../fixtures/keyed-keys.ts";
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
import { runCli } from "./helpers/cli.ts";

const dir = await mkdtemp(join(tmpdir(), "hookgate-sign-"));
const header = (h: Record<string, string>, name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

describe("hookgate send signs exactly as the providers do", () => {
  // URL-bound and form vectors are proven end to end (send.e2e.test.ts); here: every header-signed vector.
  const hmacVectors = [...vectors, ...presetVectors].filter((v) => {
    const sig = ProviderSchema.parse(presets[v.preset]).signature;
    return (sig?.type === "hmac" || sig?.type === "keyed-digest") && sig.header !== undefined && !v.signedUrl && !v.form && !v.query && !v.publicUrl;
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
    // Signature-header fields the payload signs as they are (Hygraph's env) are the user's to give: --field.
    const fields = Object.fromEntries([...("payload" in provider.signature! ? provider.signature.payload : "").matchAll(/\{field:([^}]+)\}/g)].map(([, name]) => [name!, sigFields?.get(name!)!]));
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
      fields,
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

  it("refuses a signed {header:X} the user did not give (--header), naming the exact flag, instead of signing it as empty", async () => {
    const req = { method: "POST", url: new URL("https://h.example/p"), headers: new Headers(), body: Buffer.from("{}") };
    expect(() => renderPayload("v2:{header:X-Event}:{body}", req)).toThrow('the provider signs the X-Event header: give it with --header "X-Event: <value>"');
    const rules = join(dir, "event-rules.json");
    const provider = { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", payload: "{header:X-Event}.{body}" } };
    await writeFile(rules, JSON.stringify({ routes: [{ path: "/hooks/ev", provider: "ev", secrets: ["s"], origin: "https://o.example" }], providers: { ev: provider } }));
    await expect(prepareSend({ provider: "ev", rulesFile: rules, to: "http://h/hooks/ev", secret: "s" })).rejects.toThrow('--header "X-Event: <value>"');
  });

  it("pinwheel: fills its signed x-timestamp header (unix seconds) from --timestamp / now when not given; a given one wins", async () => {
    const mac = (ts: string, body: Buffer) => `v2=${createHmac("sha256", "s").update(Buffer.concat([Buffer.from(`v2:${ts}:`), body])).digest("hex")}`;
    const { req } = await prepareSend({ provider: "pinwheel", to: "http://h/x", secret: "s", timestamp: 1764000000 });
    expect(req.headers.get("x-timestamp")).toBe("1764000000");
    expect(req.headers.get("x-pinwheel-signature")).toBe(mac("1764000000", req.body));
    const now = await prepareSend({ provider: "pinwheel", to: "http://h/x", secret: "s", nowMs: 1764000123_456 });
    expect(now.req.headers.get("x-timestamp")).toBe("1764000123");
    const given = await prepareSend({ provider: "pinwheel", to: "http://h/x", secret: "s", headers: ["x-timestamp: 1700000000"], timestamp: 1764000000 });
    expect(given.req.headers.get("x-timestamp")).toBe("1700000000");
    expect(given.req.headers.get("x-pinwheel-signature")).toBe(mac("1700000000", given.req.body));
  });

  it("meraki: puts --secret into the sample's sharedSecret; a --body without it is refused, one with it is sent unchanged", async () => {
    const { req } = await prepareSend({ provider: "meraki", to: "http://h/x", secret: "psk-1", id: "alert_1" });
    expect(JSON.parse(req.body.toString())).toMatchObject({ sharedSecret: "psk-1", alertId: "alert_1" });
    const without = join(dir, "meraki-without.json");
    await writeFile(without, '{"alertId":"a1","alertType":"test"}');
    await expect(prepareSend({ provider: "meraki", to: "http://h/x", secret: "psk-1", bodyFile: without })).rejects.toThrow(
      `--body ${without} has no "sharedSecret": meraki sends its key in the body, and send never rewrites a given body; add "sharedSecret": "<key>" to the file`,
    );
    const withKey = join(dir, "meraki-with.json");
    const bytes = '{ "sharedSecret" : "psk-1", "alertId":"a1" }';
    await writeFile(withKey, bytes);
    const given = await prepareSend({ provider: "meraki", to: "http://h/x", secret: "psk-1", bodyFile: withKey });
    expect(given.req.body.toString()).toBe(bytes);
  });

  it("hygraph: signs {field:env} from --field env=…; without it, names the flag", async () => {
    await expect(prepareSend({ provider: "hygraph", to: "http://h/x", secret: "s" })).rejects.toThrow(
      "the provider signs the env field of its signature header: give it with --field env=<value>",
    );
    const { req } = await prepareSend({ provider: "hygraph", to: "http://h/x", secret: "s", timestamp: 1764000000, fields: { env: "master" } });
    const parsed = parseSignatureHeader(req.headers.get("gcms-signature")!, { type: "pairs", separator: ",", assign: "=", key: "sign" })!;
    expect(parsed.fields.get("env")).toBe("master");
    expect(parsed.fields.get("t")).toBe("1764000000000");
    const signed = JSON.stringify({ Body: req.body.toString(), EnvironmentName: "master", TimeStamp: 1764000000000 });
    expect(parsed.signatures).toEqual([createHmac("sha256", "s").update(signed).digest("base64")]);
  });

  it("tiktok-shop: signs {value:appKey} from --value appKey=…, or from the --rules route at the --to path; without it, names the flag", async () => {
    await expect(prepareSend({ provider: "tiktok-shop", to: "http://h/hooks/tts", secret: "s" })).rejects.toThrow(
      "the provider signs the route's value appKey: give it with --value appKey=<value> (or --rules FILE with the route's values)",
    );
    const mac = (body: Buffer, key: string) => createHmac("sha256", "s").update(Buffer.concat([Buffer.from(key), body])).digest("hex");
    const { req } = await prepareSend({ provider: "tiktok-shop", to: "http://h/hooks/tts", secret: "s", values: { appKey: "6abc" } });
    expect(req.headers.get("authorization")).toBe(mac(req.body, "6abc"));
    const rules = join(dir, "tts-rules.json");
    await writeFile(rules, JSON.stringify({ routes: [{ path: "/hooks/tts", provider: "tiktok-shop", secrets: ["s"], origin: "https://o.example", values: { appKey: "7def" } }] }));
    const fromRules = await prepareSend({ provider: "tiktok-shop", to: "http://h/hooks/tts", secret: "s", rulesFile: rules });
    expect(fromRules.req.headers.get("authorization")).toBe(mac(fromRules.req.body, "7def"));
    // --value wins over the route's.
    const both = await prepareSend({ provider: "tiktok-shop", to: "http://h/hooks/tts", secret: "s", rulesFile: rules, values: { appKey: "6abc" } });
    expect(both.req.headers.get("authorization")).toBe(mac(both.req.body, "6abc"));
  });

  it("the CLI reads --field NAME=VALUE and --value NAME=VALUE (repeatable), and refuses one without =", async () => {
    const ok = await runCli(["send", "hygraph", "--to", "http://127.0.0.1:9/x", "--secret", "s", "--field", "env=master", "--dry-run"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^gcms-signature: .*env=master/m);
    const tts = await runCli(["send", "tiktok-shop", "--to", "http://127.0.0.1:9/x", "--secret", "s", "--value", "appKey=6abc", "--dry-run"]);
    expect(tts.code, tts.stderr).toBe(0);
    const bad = await runCli(["send", "hygraph", "--to", "http://127.0.0.1:9/x", "--secret", "s", "--field", "env", "--dry-run"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--field "env" is not NAME=VALUE (e.g. --field env=master)');
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

  it("quoter: sends a form of exactly hash, timestamp and data, hash = MD5(key + timestamp + data) as Quoter's PHP example checks it", async () => {
    const { req } = await prepareSend({ provider: "quoter", to: "http://h/x", secret: "quoter-key", timestamp: 1764000000 });
    expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req.body.toString("utf8"));
    expect([...form.keys()].sort()).toEqual(["data", "hash", "timestamp"]);
    expect(form.get("timestamp")).toBe("1764000000");
    expect(form.get("hash")).toBe(createHash("md5").update("quoter-key" + form.get("timestamp") + form.get("data")).digest("hex"));
    // A given form that repeats a signed parameter is refused: the Worker would fail it.
    const file = join(dir, "quoter-repeat.form");
    await writeFile(file, "timestamp=1764000000&data=a&data=b");
    await expect(prepareSend({ provider: "quoter", to: "http://h/x", secret: "k", bodyFile: file })).rejects.toThrow(/signs the form parameter data: the body must be a form carrying it exactly once/);
  });

  describe("the RSA presets and the rich templates (alipay, bridge, utila, contentful, plivo), checked with node:crypto as the provider's docs describe", () => {
    const rsaOk = (data: Buffer | string, sig: string, pss = false, algorithm = "sha256") =>
      verify(algorithm, Buffer.from(data), pss ? { key: RSA.pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 } : RSA.pub, Buffer.from(sig, "base64"));

    it("bridge: t=<ms>,v0=<base64 SHA256withRSA over the SHA-256 digest of {t}.{body}>", async () => {
      const { req } = await prepareSend({ provider: "bridge", to: "http://h/x", secret: RSA.key, timestamp: 1764000000 });
      const m = /^t=(\d+),v0=(.+)$/.exec(req.headers.get("x-webhook-signature") ?? "");
      expect(m?.[1]).toBe("1764000000000");
      expect(rsaOk(createHash("sha256").update(`${m![1]}.${req.body}`).digest(), m![2]!)).toBe(true);
    });

    it("utila: RSASSA-PSS with SHA-512 and a 64-byte salt over the body", async () => {
      const { req } = await prepareSend({ provider: "utila", to: "http://h/x", secret: RSA.key });
      const sig = req.headers.get("x-utila-signature")!;
      expect(rsaOk(req.body, sig, true, "sha512")).toBe(true);
      expect(rsaOk(req.body, sig, false, "sha512")).toBe(false);
    });

    it("alipay: an RSA2 notification form whose sign parameter signs every other parameter but sign_type, sorted, name=value joined by &", async () => {
      const { req } = await prepareSend({ provider: "alipay", to: "http://h/x", secret: RSA.key, id: "ntf_1" });
      expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
      const form = new URLSearchParams(req.body.toString());
      expect(form.get("sign_type")).toBe("RSA2");
      expect(form.get("charset")).toBe("utf-8");
      expect(form.get("notify_id")).toBe("ntf_1");
      expect(req.id).toBe("ntf_1");
      const signed = [...form].filter(([k]) => k !== "sign" && k !== "sign_type").sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join("&");
      expect(signed).toContain("subject=Sent by hookgate send");
      expect(rsaOk(signed, form.get("sign")!)).toBe(true);
      // A given form that already carries sign would go out with two (the Worker refuses a repeated one): refused.
      const file = join(dir, "alipay-signed.form");
      await writeFile(file, req.body);
      await expect(prepareSend({ provider: "alipay", to: "http://h/x", secret: RSA.key, bodyFile: file })).rejects.toThrow(/already has a sign parameter/);
    });

    it("contentful: timestamp and signed-headers list set, hex HMAC of method, escaped path, the listed headers and the body", async () => {
      const { req } = await prepareSend({ provider: "contentful", to: "http://h/hooks/c?a=1&b=2", secret: "s", timestamp: 1764000000 });
      expect(req.headers.get("x-contentful-timestamp")).toBe("1764000000000");
      expect(req.headers.get("x-contentful-signed-headers")).toBe("x-contentful-signed-headers,x-contentful-timestamp");
      const canonical = `POST\n/hooks/c?a%253D1%2526b%253D2\nx-contentful-signed-headers:x-contentful-signed-headers,x-contentful-timestamp;x-contentful-timestamp:1764000000000\n${req.body}`;
      expect(req.headers.get("x-contentful-signature")).toBe(createHmac("sha256", "s").update(canonical).digest("hex"));
    });

    it("plivo V3: a random nonce header, base64 HMAC-SHA256 of URL ? sorted form . nonce; a URL with a query is refused", async () => {
      const { req } = await prepareSend({ provider: "plivo", to: "http://h/plivo", secret: "s", id: "x1" });
      const nonce = req.headers.get("x-plivo-signature-v3-nonce")!;
      expect(nonce).toMatch(/^[0-9a-f]{32}$/);
      const sorted = [...new URLSearchParams(req.body.toString())].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => k + v).join("");
      expect(sorted).toContain("idx1");
      expect(req.headers.get("x-plivo-signature-v3")).toBe(createHmac("sha256", "s").update(`http://h/plivo?${sorted}.${nonce}`).digest("base64"));
      await expect(prepareSend({ provider: "plivo", to: "http://h/plivo?x=1", secret: "s" })).rejects.toThrow(/without one/);
    });
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
