/**
 * `hookgate send` against real `wrangler dev`: for EVERY preset, a sample
 * signed by the CLI's node:crypto signer is forwarded byte for byte, and the
 * same request signed with a wrong secret is refused 401 with nothing
 * forwarded. The signer and the Worker's WebCrypto verifier share no code
 * beyond the provider data, so this proves each preset end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { join } from "node:path";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema } from "../../src/rules/schema.ts";
import { deliver, prepareSend, type SendOptions } from "../../cli/send/prepare.ts";
import { startOrigin, type Origin } from "./helpers/origin.ts";
import { startWranglerDev, type WranglerDev } from "./helpers/wrangler-dev.ts";
import { runCli } from "./helpers/cli.ts";
import { OTHER_RSA, RSA } from "../fixtures/keyed-keys.ts";
import { ADYEN_KEY } from "../helpers/keyed-sign.ts";

const ORIGIN_SECRET = "whsec_c2VuZC1lMmUtb3JpZ2luLXNlY3JldC0zMmJ5dGVz";

/**
 * Presets whose key is fetched from the provider's own hosts (a certificate, a JWKS, a key by id): only the provider
 * can sign them. test/verify/keyed.test.ts and test/node/keyed.e2e.test.ts sign them with test-only keys served locally.
 */
const FETCHED_KEYS = ["aws-sns", "paypal", "circle", "fireblocks"];
/** Every other preset: hmac, ed25519, ECDSA, RSA, JWS, Adyen, or token / JWT only. */
const allPresets = Object.keys(presets).filter((n) => !FETCHED_KEYS.includes(n));
/** A secret in the encoding the preset reads its secrets in. */
function secretFor(name: string, variant = ""): string {
  const enc = ProviderSchema.parse(presets[name]).signature;
  const text = `send-e2e-${name}-secret${variant}`;
  if (!enc || enc.type !== "hmac" || enc.secretEncoding === "utf8") return text;
  const b64 = Buffer.from(text).toString("base64");
  return enc.secretEncoding === "whsec" ? `whsec_${b64}` : b64;
}

/** Asymmetric presets: the route holds the public key (in the preset's publicKey format), send signs with the private one. */
const keyPairs = new Map<string, { route: string; sign: string; wrong: string }>();
function asymmetricKeys(name: string) {
  const sig = ProviderSchema.parse(presets[name]).signature;
  if (!sig || (sig.type !== "ed25519" && sig.type !== "ecdsa-p256-sha256")) return undefined;
  let keys = keyPairs.get(name);
  if (!keys) {
    const gen = () => (sig.type === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" }));
    const { publicKey, privateKey } = gen();
    const spki = publicKey.export({ format: "der", type: "spki" });
    const raw = sig.type === "ed25519" ? spki.subarray(-32) : spki.subarray(-65);
    const route = sig.publicKey === "base64-spki" ? spki.toString("base64") : sig.publicKey === "hex-raw" ? raw.toString("hex") : raw.toString("base64");
    const pem = (k: KeyObject) => k.export({ format: "pem", type: "pkcs8" }).toString();
    keys = { route, sign: pem(privateKey), wrong: pem(gen().privateKey) };
    keyPairs.set(name, keys);
  }
  return keys;
}
/** RSA / RS256 presets: the test RSA key pair; Adyen: a hex HMAC key. */
const RSA_PAIR = { route: RSA.pub, sign: RSA.key, wrong: OTHER_RSA.key };
const KEYED: Record<string, { route: string; sign: string; wrong: string }> = {
  "fireblocks-v1": RSA_PAIR,
  alipay: RSA_PAIR,
  bridge: RSA_PAIR,
  utila: RSA_PAIR,
  wix: RSA_PAIR,
  adyen: { route: ADYEN_KEY, sign: ADYEN_KEY, wrong: "00".repeat(32) },
};
const routeSecret = (name: string) => KEYED[name]?.route ?? asymmetricKeys(name)?.route ?? secretFor(name);
const signingSecret = (name: string) => KEYED[name]?.sign ?? asymmetricKeys(name)?.sign ?? secretFor(name);
const wrongSecret = (name: string) => KEYED[name]?.wrong ?? asymmetricKeys(name)?.wrong ?? secretFor(name, "-wrong");

/**
 * What a user passes for the presets whose payload signs something only they know: Hygraph's environment (a signature-header
 * field: --field env=master), TikTok Shop's app key (the route's values.appKey: --value appKey=…, or --rules) and
 * Solidgate's merchant header (--header).
 */
const TTS_APP_KEY = "send-e2e-tiktok-shop-app-key";
const ROUTE_EXTRA: Record<string, object> = { "tiktok-shop": { values: { appKey: TTS_APP_KEY } } };
const SEND_EXTRA: Record<string, Partial<SendOptions>> = {
  hygraph: { fields: { env: "master" } },
  "tiktok-shop": { values: { appKey: TTS_APP_KEY } },
  // Solidgate signs its merchant header (the webhook's public key wh_pk_…), which only the user knows: --header.
  solidgate: { headers: ["merchant: wh_pk_send-e2e"] },
};

const ACME = {
  signature: {
    type: "hmac",
    header: "X-Acme-Signature",
    algorithm: "sha1",
    encoding: "base64url",
    format: { type: "pairs", separator: ";", assign: ":", key: "sig" },
    payload: "{method} {path}\n{id}.{timestamp}.{header:X-Acme-Event}.{body}",
    secretEncoding: "base64",
  },
  timestamp: { from: { signatureField: "ts" }, format: "unix-ms", tolerance: 60 },
  id: { query: "delivery" },
};

let origin: Origin;
let dev: WranglerDev;
let rulesFile: string;
const LOOPBACK = { ips: ["127.0.0.0/8", "::1/128"] };
const SCALEKIT_WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

beforeAll(async () => {
  origin = await startOrigin();
  dev = await startWranglerDev({ vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET } });
  const rules = {
    routes: [
      ...allPresets.map((name) => ({
        path: `/send/${name}`,
        provider: name,
        secrets: [routeSecret(name)],
        origin: origin.url,
        // Presets with the provider's published source addresses (lean, scalekit, loopwise): the test sends from loopback.
        // (psk-jwt's scheme needs the route's own allow list.)
        ...(ProviderSchema.parse(presets[name]).sourceIps || presets[name]!.requireAllow ? { allow: LOOPBACK } : {}),
        ...ROUTE_EXTRA[name],
      })),
      { path: "/send/scalekit-both", provider: "scalekit", secrets: [SCALEKIT_WHSEC], origin: origin.url, allow: LOOPBACK },
      { path: "/send/psk-jwt-split", provider: "psk-jwt", secrets: ["article-psk"], jwtSecrets: ["article-jwt-key"], origin: origin.url, allow: LOOPBACK },
      { path: "/send/acme", provider: "acme", secrets: [Buffer.from("acme-key").toString("base64")], origin: origin.url },
      { path: "/send/tok", provider: "tok", secrets: ["tok-secret"], origin: origin.url },
      { path: "/send/jw", provider: "jw", secrets: ["jw-secret"], origin: origin.url },
    ],
    providers: { acme: ACME, tok: { token: { header: "X-Hook-Token", prefix: "Token " } }, jw: { jwt: {} } },
  };
  rulesFile = join(await mkdtemp(join(tmpdir(), "hookgate-send-")), "rules.json");
  await writeFile(rulesFile, JSON.stringify(rules));
  await dev.pushRules(rules);
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  await origin?.close();
});

describe("hookgate send: every preset, end to end through wrangler dev", () => {
  it("covers the preset list (not a hand-picked subset)", () => {
    expect(allPresets).toEqual(expect.arrayContaining(["github", "stripe", "slack", "shopify", "standard-webhooks", "svix", "lean", "scalekit", "loopwise", "letspost", "discord", "sendgrid"]));
  });

  it.each(allPresets)("%s: a signed sample is forwarded byte for byte; a wrong secret gets 401 and forwards nothing", async (name) => {
    origin.received.length = 0;
    const to = `${dev.url}/send/${name}`;
    const { req, provider } = await prepareSend({ provider: name, to, secret: signingSecret(name), ...SEND_EXTRA[name] });
    const res = await deliver(req);
    expect(res.status, res.body).toBe(200);
    expect(origin.received).toHaveLength(1);
    const got = origin.received[0]!;
    expect(got.body.equals(req.body)).toBe(true);
    expect(got.headers["hookgate-provider"]).toBe(name);
    if (provider.id) expect(got.headers["hookgate-id"]).toBe(req.id);

    const forged = await prepareSend({ provider: name, to, secret: wrongSecret(name), ...SEND_EXTRA[name] });
    const refused = await deliver(forged.req);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ error: "unauthorized", message: "The request could not be verified." });
    expect(origin.received).toHaveLength(1);
  });
});

describe("hookgate send: providers with more than one format or key", () => {
  it("scalekit: the documented x-scalekit-signature and (--alternative 1) Standard Webhooks headers, both accepted by one route", async () => {
    const to = `${dev.url}/send/scalekit-both`;
    for (const alternative of [undefined, 1]) {
      origin.received.length = 0;
      const { req } = await prepareSend({ provider: "scalekit", to, secret: SCALEKIT_WHSEC, ...(alternative ? { alternative } : {}) });
      expect(req.headers.has(alternative ? "webhook-signature" : "x-scalekit-signature")).toBe(true);
      const res = await deliver(req);
      expect(res.status, res.body).toBe(200);
      expect(origin.received).toHaveLength(1);
    }
  });

  it("psk-jwt: the pre-shared key with --secret, the JWT with --jwt-secret (a route with jwtSecrets)", async () => {
    const to = `${dev.url}/send/psk-jwt-split`;
    origin.received.length = 0;
    const { req } = await prepareSend({ provider: "psk-jwt", to, secret: "article-psk", jwtSecret: "article-jwt-key" });
    const sent = Number(req.headers.get("x-webhook-sent-at"));
    expect(Number(req.headers.get("x-webhook-valid-until")) - sent).toBe(20);
    expect((await deliver(req)).status).toBe(200);
    // The pre-shared key is not the JWT key: one secret for both is refused.
    const same = await prepareSend({ provider: "psk-jwt", to, secret: "article-psk" });
    expect((await deliver(same.req)).status).toBe(401);
    expect(origin.received).toHaveLength(1);
  });
});

describe("hookgate send: the CLI as a user runs it", () => {
  it("prints the status and the origin's answer; exit 0 when accepted, 1 when refused", async () => {
    origin.received.length = 0;
    const ok = await runCli(["send", "github", "--to", `${dev.url}/send/github`, "--secret", secretFor("github")]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/→ POST http:\/\/127\.0\.0\.1:\d+\/send\/github {2}\(github, \d+ bytes, id evt_[0-9a-f]{24}\)/);
    expect(ok.stdout).toContain("← 200 OK\nok");
    const bad = await runCli(["send", "github", "--to", `${dev.url}/send/github`, "--secret", "nope"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("← 401 Unauthorized");
    expect(bad.stdout).toContain('"error":"unauthorized"');
    expect(origin.received).toHaveLength(1);
  });

  it("sends a given body unchanged, taking the event id from it where the provider reads it (stripe: body id)", async () => {
    origin.received.length = 0;
    const file = join(tmpdir(), `hookgate-send-body-${Date.now()}.json`);
    const body = Buffer.from('{ "id" : "evt_from_file",\n  "amount": 1.50, "name": "Zoë" }');
    await writeFile(file, body);
    const run = await runCli(["send", "stripe", "--to", `${dev.url}/send/stripe`, "--secret", secretFor("stripe"), "--body", file, "--header", "X-Extra: yes"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("id evt_from_file");
    expect(origin.received[0]!.body.equals(body)).toBe(true);
    expect(origin.received[0]!.headers["x-extra"]).toBe("yes");
    expect(origin.received[0]!.headers["hookgate-id"]).toBe("evt_from_file");
  });

  it("signs a custom provider from --rules (sha1, base64url, pairs with a signature-field timestamp, query id, rich template)", async () => {
    origin.received.length = 0;
    const secret = Buffer.from("acme-key").toString("base64");
    const args = ["send", "acme", "--rules", rulesFile, "--to", `${dev.url}/send/acme`, "--header", "X-Acme-Event: order.paid", "--id", "dlv_42"];
    const run = await runCli([...args, "--secret", secret]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(origin.received).toHaveLength(1);
    expect(origin.received[0]!.url).toBe("/send/acme?delivery=dlv_42");
    expect(origin.received[0]!.headers["hookgate-id"]).toBe("dlv_42");
    const wrong = await runCli([...args, "--secret", Buffer.from("other-key").toString("base64")]);
    expect(wrong.code).toBe(1);
    expect(origin.received).toHaveLength(1);
  });

  it("sends a JSON body to twilio with the bodySHA256 query parameter its signed URL carries", async () => {
    origin.received.length = 0;
    const file = join(tmpdir(), `hookgate-send-twilio-${Date.now()}.json`);
    await writeFile(file, '{"event":"call.completed"}');
    const run = await runCli(["send", "twilio", "--to", `${dev.url}/send/twilio`, "--secret", secretFor("twilio"), "--body", file]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(origin.received[0]!.url).toMatch(/^\/send\/twilio\?bodySHA256=[0-9a-f]{64}$/);
  });

  it.each([
    ["tok", "tok-secret", "a pre-shared token header"],
    ["jw", "jw-secret", "an HS256 JWT"],
  ])("authenticates custom provider %s with %s; a wrong key is refused", async (name, secret) => {
    origin.received.length = 0;
    const args = ["send", name, "--rules", rulesFile, "--to", `${dev.url}/send/${name}`];
    expect((await runCli([...args, "--secret", secret])).code).toBe(0);
    const wrong = await runCli([...args, "--secret", `${secret}-wrong`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("401");
    expect(origin.received).toHaveLength(1);
  });

  it("signs discord (Ed25519) with a private key from a PEM file; sendgrid (ECDSA) with PEM text (--secret=…)", async () => {
    origin.received.length = 0;
    const pemFile = join(tmpdir(), `hookgate-send-discord-${Date.now()}.pem`);
    await writeFile(pemFile, asymmetricKeys("discord")!.sign);
    const discord = await runCli(["send", "discord", "--to", `${dev.url}/send/discord`, "--secret", pemFile]);
    expect(discord.code, discord.stdout + discord.stderr).toBe(0);
    const sendgrid = await runCli(["send", "sendgrid", "--to", `${dev.url}/send/sendgrid`, `--secret=${asymmetricKeys("sendgrid")!.sign}`]);
    expect(sendgrid.code, sendgrid.stdout + sendgrid.stderr).toBe(0);
    expect(origin.received).toHaveLength(2);
    const notAKey = await runCli(["send", "discord", "--to", `${dev.url}/send/discord`, "--secret", "the-public-key?"]);
    expect(notAKey.code).toBe(1);
    expect(notAKey.stderr).toContain("--secret must be the ed25519 PRIVATE key");
  });

  it("tiktok-shop takes the app key from the --rules route at --to; hygraph its environment from --field; a wrong app key is refused", async () => {
    origin.received.length = 0;
    const tts = ["send", "tiktok-shop", "--to", `${dev.url}/send/tiktok-shop`, "--secret", secretFor("tiktok-shop")];
    const fromRules = await runCli([...tts, "--rules", rulesFile]);
    expect(fromRules.code, fromRules.stdout + fromRules.stderr).toBe(0);
    const wrongKey = await runCli([...tts, "--value", "appKey=not-the-app-key"]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toContain("401");
    const hygraph = await runCli(["send", "hygraph", "--to", `${dev.url}/send/hygraph`, "--secret", secretFor("hygraph"), "--field", "env=master"]);
    expect(hygraph.code, hygraph.stdout + hygraph.stderr).toBe(0);
    expect(origin.received).toHaveLength(2);
  });

  it("--dry-run prints the signed request and sends nothing", async () => {
    origin.received.length = 0;
    const run = await runCli(["send", "stripe", "--to", `${dev.url}/send/stripe`, "--secret", "s", "--dry-run", "--timestamp", "1764000000", "--id", "evt_dry"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^stripe-signature: t=1764000000,v1=[0-9a-f]{64}$/m);
    expect(run.stdout).toContain('"id":"evt_dry"');
    expect(origin.received).toHaveLength(0);
  });

  it("a --timestamp outside the window is refused by the Worker, nothing forwarded", async () => {
    origin.received.length = 0;
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const run = await runCli(["send", "slack", "--to", `${dev.url}/send/slack`, "--secret", secretFor("slack"), "--timestamp", String(stale)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("401");
    expect(origin.received).toHaveLength(0);
  });
});
