/**
 * Attack-corpus cases for the RSA / X.509 / JWKS / ECDSA-by-id / JWS / Adyen
 * presets (aws-sns, paypal, circle, fireblocks, fireblocks-v1, bridge, alipay, utila, wix, fusionauth,
 * adyen) and the handshake kinds twitter-crc, ebay-challenge, mailchimp-get,
 * worldline-endpoint-verification, sns-subscription-confirmation, and the POST
 * handshakes x-hook-secret (clio), ringcentral-validation-token and smartcar-verify.
 *
 * Signed with the TEST-ONLY keys (test/helpers/keyed-sign.ts); certificates,
 * the JWKS and Circle's key are served by a local key server that the Worker
 * reaches only through the test-only HOOKGATE_TEST_KEY_ORIGIN variable.
 */
import { constants, createHash, createHmac, sign as cryptoSign } from "node:crypto";
import { startOrigin, type Origin } from "./helpers/origin.ts";
import { sameBytes, type Case, type Outcome, type Plain } from "./helpers/corpus.ts";
import { EC, OTHER_EC, OTHER_RSA, RSA } from "../fixtures/keyed-keys.ts";
import * as S from "../helpers/keyed-sign.ts";
import type { HandshakeKindName } from "../../src/handshake/schema.ts";

type Send = (r: Plain) => Promise<Outcome>;
const KID = "0f6b6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const TWITTER_SECRET = "corpus-twitter-consumer-secret";
const EBAY_TOKEN = "corpus-ebay-verification-token-0123456789";
const EBAY_URL = "https://hooks.example.com/ebay";
const MAILCHIMP_TOKEN = "corpus-mailchimp-token";
const CLIO_SECRET = "corpus-clio-shared-secret";
const RINGCENTRAL_TOKEN = "corpus-ringcentral-verification-token";
const SMARTCAR_AMT = "corpus-smartcar-management-token";
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const now = () => new Date().toISOString();
const r = (p: string) => `/k/${p}`;

export async function startKeyServer(): Promise<Origin> {
  const keys = await startOrigin();
  const jwks = await S.jwks("k1");
  const circle = JSON.stringify({ data: { id: KID, algorithm: "ECDSA_SHA_256", publicKey: b64(S.pemDer(EC.pub)) } });
  keys.respond = (req) =>
    req.url.startsWith("/certs/") ? { status: 200, body: RSA.cert }
    : req.url === "/jwks.json" ? { status: 200, body: jwks }
    : req.url === `/circle/${KID}` ? { status: 200, body: circle }
    : req.url.startsWith("/confirm") ? { status: 200, body: "<ConfirmSubscriptionResponse/>" }
    : { status: 404 };
  return keys;
}

export function keyedRoutes(origin: string, keys: string, local: Record<string, unknown>): Record<string, unknown>[] {
  const route = (preset: string, secrets: string[], extra: Record<string, unknown> = {}) => ({ path: r(preset), provider: preset, secrets, origin, ...local, ...extra });
  return [
    route("aws-sns", [S.SNS_TOPIC]),
    route("paypal", [S.PAYPAL_WEBHOOK_ID]),
    route("circle", [`${keys}/circle`]),
    route("fireblocks", [`${keys}/jwks.json`]),
    route("fireblocks-v1", [RSA.pub]),
    route("bridge", [RSA.pub]),
    route("alipay", [RSA.pub]),
    route("utila", [RSA.pub]),
    route("wix", [RSA.pub]),
    route("fusionauth", ["corpus-fusionauth-secret"]),
    route("adyen", [S.ADYEN_KEY]),
    route("twitter", [TWITTER_SECRET]),
    route("worldline", ["corpus-worldline-secret"]),
    route("clio", [CLIO_SECRET]),
    route("ringcentral", [RINGCENTRAL_TOKEN]),
    route("smartcar", [SMARTCAR_AMT]),
    { path: r("ebay"), provider: { signature: { type: "hmac", header: "X-Unused", algorithm: "sha256", encoding: "hex" }, handshake: { kind: "ebay-challenge" } }, secrets: [EBAY_TOKEN], origin, publicUrl: EBAY_URL, ...local },
    { path: r("mailchimp"), provider: { token: { header: "X-Hook-Token" }, handshake: { kind: "mailchimp-get" } }, secrets: [MAILCHIMP_TOKEN], origin, ...local },
  ];
}

export const KEYED_KINDS: HandshakeKindName[] = [
  "twitter-crc",
  "ebay-challenge",
  "mailchimp-get",
  "worldline-endpoint-verification",
  "sns-subscription-confirmation",
  "x-hook-secret",
  "ringcentral-validation-token",
  "smartcar-verify",
];

export async function keyedCorpus(send: Send, keys: Origin): Promise<Case[]> {
  const cases: Case[] = [];
  const genuine = (name: string, p: Plain & { body: string }) => cases.push({ name, kind: "genuine", run: async () => ({ ...(await send(p)), check: sameBytes(Buffer.from(p.body)) }) });
  const hostile = (name: string, p: Plain, mustNotEcho?: string) => cases.push({ name, kind: "hostile", mustNotEcho, run: () => send(p) });
  const json = { "content-type": "application/json" };

  // AWS SNS: both signature versions, then forgeries and a hostile certificate URL.
  for (const version of ["1", "2"] as const) {
    const body = JSON.stringify(await S.snsMessage({ version, certUrl: `${keys.url}/certs/sns.pem`, timestamp: now() }));
    genuine(`aws-sns: SignatureVersion ${version} notification`, { path: r("aws-sns"), headers: json, body });
    hostile(`aws-sns v${version}: changed Message`, { path: r("aws-sns"), headers: json, body: body.replace('{\\"order\\":42}', '{\\"order\\":1}') });
  }
  const snsOther = async (o: Partial<Parameters<typeof S.snsMessage>[0]>) => JSON.stringify(await S.snsMessage({ certUrl: `${keys.url}/certs/sns.pem`, timestamp: now(), ...o }));
  hostile("aws-sns: another topic", { path: r("aws-sns"), headers: json, body: await snsOther({ topic: "arn:aws:sns:us-east-1:999999999999:evil" }) });
  hostile("aws-sns: signed with another key", { path: r("aws-sns"), headers: json, body: await snsOther({ key: OTHER_RSA.key }) });
  hostile("aws-sns: certificate on an attacker's host", { path: r("aws-sns"), headers: json, body: await snsOther({ key: OTHER_RSA.key, certUrl: "https://evil.example.com/cert.pem" }) });
  hostile("aws-sns: 2 h old", { path: r("aws-sns"), headers: json, body: await snsOther({ timestamp: new Date(Date.now() - 7200_000).toISOString() }) });
  const token = `sub-${Date.now()}`;
  const sub = JSON.stringify(await S.snsMessage({ type: "SubscriptionConfirmation", certUrl: `${keys.url}/certs/sns.pem`, timestamp: now(), subscribeUrl: `${keys.url}/confirm?Token=${token}` }));
  cases.push({
    name: "aws-sns: SubscriptionConfirmation confirmed via SubscribeURL, not forwarded",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: r("aws-sns"), headers: json, body: sub });
      return { ...out, answer: () => (keys.received.some((q) => q.url === `/confirm?Token=${token}`) ? null : "SubscribeURL was not fetched") };
    },
  });
  hostile("aws-sns: forged SubscriptionConfirmation", { path: r("aws-sns"), headers: json, body: sub.replace(`Token=${token}`, `Token=${token}-forged`) });

  // PayPal.
  const pp = '{"id":"WH-CORPUS-1","event_type":"PAYMENT.CAPTURE.COMPLETED"}';
  const ppHeaders = await S.paypalHeaders(pp, `${keys.url}/certs/paypal.pem`);
  genuine("paypal: genuine", { path: r("paypal"), headers: ppHeaders, body: pp });
  hostile("paypal: changed body", { path: r("paypal"), headers: ppHeaders, body: pp.replace("CORPUS-1", "CORPUS-2") });
  hostile("paypal: another webhook id", { path: r("paypal"), headers: await S.paypalHeaders(pp, `${keys.url}/certs/paypal.pem`, { webhookId: "OTHER" }), body: pp });
  hostile("paypal: certificate on an attacker's host", { path: r("paypal"), headers: await S.paypalHeaders(pp, "https://evil.example.com/c", { key: OTHER_RSA.key }), body: pp });

  // Circle.
  const cb = '{"notificationId":"c-1","notificationType":"webhooks.test"}';
  const ch = { ...json, "X-Circle-Key-Id": KID, "X-Circle-Signature": b64(await S.ecSignDer(cb)) };
  genuine("circle: genuine", { path: r("circle"), headers: ch, body: cb });
  hostile("circle: changed body", { path: r("circle"), headers: ch, body: cb.replace("c-1", "c-2") });
  hostile("circle: another key", { path: r("circle"), headers: { ...ch, "X-Circle-Signature": b64(await S.ecSignDer(cb, OTHER_EC.key)) }, body: cb });

  // Fireblocks v2 (detached JWS, JWKS) and v1 (RSA-SHA512).
  const fb = '{"type":"TRANSACTION_CREATED","data":{"id":"tx-1"}}';
  const fbSig = await S.jws("RS512", { kid: "k1" }, fb, { detached: true });
  genuine("fireblocks: detached JWS", { path: r("fireblocks"), headers: { ...json, "Fireblocks-Webhook-Signature": fbSig }, body: fb });
  hostile("fireblocks: changed body", { path: r("fireblocks"), headers: { ...json, "Fireblocks-Webhook-Signature": fbSig }, body: fb.replace("tx-1", "tx-2") });
  hostile("fireblocks: alg none", { path: r("fireblocks"), headers: { ...json, "Fireblocks-Webhook-Signature": `${Buffer.from('{"alg":"none","kid":"k1"}').toString("base64url")}..` }, body: fb });
  const v1 = b64(await S.rsaSign("SHA-512", fb));
  genuine("fireblocks-v1: RSA-SHA512", { path: r("fireblocks-v1"), headers: { ...json, "Fireblocks-Signature": v1 }, body: fb });
  hostile("fireblocks-v1: changed body", { path: r("fireblocks-v1"), headers: { ...json, "Fireblocks-Signature": v1 }, body: `${fb} ` });

  // Bridge: SHA256withRSA over the SHA-256 digest of "<t ms>.<body>".
  const bt = String(Date.now());
  const bDigest = createHash("sha256").update(`${bt}.${fb}`).digest();
  const bh = (sig: Uint8Array, t = bt) => ({ ...json, "X-Webhook-Signature": `t=${t},v0=${b64(sig)}` });
  genuine("bridge: RSA over the digest", { path: r("bridge"), headers: bh(await S.rsaSign("SHA-256", bDigest)), body: fb });
  hostile("bridge: changed body", { path: r("bridge"), headers: bh(await S.rsaSign("SHA-256", bDigest)), body: `${fb} ` });
  hostile("bridge: RSA over the undigested payload", { path: r("bridge"), headers: bh(await S.rsaSign("SHA-256", `${bt}.${fb}`)), body: fb });
  hostile("bridge: another key", { path: r("bridge"), headers: bh(await S.rsaSign("SHA-256", bDigest, OTHER_RSA.key)), body: fb });

  // Alipay: RSA2 over the form parameters but sign and sign_type, sorted, name=value joined by &.
  const ap: [string, string][] = [["notify_id", `n-${bt}`], ["out_trade_no", "o-1"], ["sign_type", "RSA2"], ["subject", "A&B"], ["total_amount", "88.88"]];
  const apContent = ap.filter(([k]) => k !== "sign_type").map(([k, v]) => `${k}=${v}`).join("&");
  const apBody = (sign: Uint8Array, extra = "") => `${new URLSearchParams([...ap, ["sign", b64(sign)]]).toString()}${extra}`;
  const apSig = await S.rsaSign("SHA-256", apContent);
  const apForm = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };
  genuine("alipay: RSA2 over the sorted parameters", { path: r("alipay"), headers: apForm, body: apBody(apSig) });
  hostile("alipay: amount changed", { path: r("alipay"), headers: apForm, body: apBody(apSig).replace("total_amount=88.88", "total_amount=0.01") });
  hostile("alipay: a parameter repeated", { path: r("alipay"), headers: apForm, body: apBody(apSig, "&total_amount=0.01") });
  hostile("alipay: another key", { path: r("alipay"), headers: apForm, body: apBody(await S.rsaSign("SHA-256", apContent, OTHER_RSA.key)) });

  // Utila: RSASSA-PSS / SHA-512 / salt = digest length over the body (node:crypto, as Utila's integrators verify it).
  const ut = `{"id":"ut-${bt}","type":"TRANSACTION_CREATED"}`;
  const pss = (data: string, key = RSA.key) =>
    cryptoSign("sha512", Buffer.from(data), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }).toString("base64");
  genuine("utila: RSA-PSS SHA-512", { path: r("utila"), headers: { ...json, "x-utila-signature": pss(ut) }, body: ut });
  hostile("utila: changed body", { path: r("utila"), headers: { ...json, "x-utila-signature": pss(ut) }, body: ut.replace("CREATED", "UPDATED") });
  hostile("utila: PKCS#1 v1.5 instead of PSS", { path: r("utila"), headers: { ...json, "x-utila-signature": cryptoSign("sha512", Buffer.from(ut), RSA.key).toString("base64") }, body: ut });
  hostile("utila: another key", { path: r("utila"), headers: { ...json, "x-utila-signature": pss(ut, OTHER_RSA.key) }, body: ut });

  // Wix (the body is the JWT) and FusionAuth (body hash claim).
  const wix = await S.jws("RS256", { typ: "JWT" }, JSON.stringify({ data: '{"eventType":"x"}', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }));
  genuine("wix: RS256 JWT body", { path: r("wix"), headers: { "content-type": "text/plain" }, body: wix });
  hostile("wix: signed with another key", { path: r("wix"), headers: {}, body: await S.jws("RS256", {}, '{"data":"{}"}', { key: OTHER_RSA.key }) });
  hostile("wix: HS256 with the public key as secret (alg confusion)", { path: r("wix"), headers: {}, body: await S.jws("HS256", {}, '{"data":"{}"}', { key: RSA.pub }) });
  const fa = '{"event":{"type":"user.create"}}';
  const faJwt = await S.jws("HS256", { typ: "JWT" }, JSON.stringify({ request_body_sha256: createHash("sha256").update(fa).digest("base64") }), { key: "corpus-fusionauth-secret" });
  genuine("fusionauth: HS256 with request_body_sha256", { path: r("fusionauth"), headers: { ...json, "X-FusionAuth-Signature-JWT": faJwt }, body: fa });
  hostile("fusionauth: another body under the same JWT", { path: r("fusionauth"), headers: { ...json, "X-FusionAuth-Signature-JWT": faJwt }, body: fa.replace("create", "delete") });

  // Adyen.
  const item = await S.adyenItem({ pspReference: "7914073381342284", merchantAccountCode: "Corpus", merchantReference: "r-1", value: 1130, currency: "EUR", eventCode: "AUTHORISATION", success: "true" });
  const ad = JSON.stringify({ live: "false", notificationItems: [item] });
  genuine("adyen: genuine", { path: r("adyen"), headers: json, body: ad });
  hostile("adyen: changed amount", { path: r("adyen"), headers: json, body: ad.replace("1130", "1") });
  hostile("adyen: an unsigned item appended", { path: r("adyen"), headers: json, body: JSON.stringify({ live: "false", notificationItems: [item, { NotificationRequestItem: { pspReference: "1", additionalData: {} } }] }) });

  // GET handshakes.
  const crc = `crc${Date.now()}`;
  cases.push({
    name: "twitter-crc: crc_token answered with the HMAC, not forwarded",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: `${r("twitter")}?crc_token=${crc}`, method: "GET", headers: {} });
      const want = JSON.stringify({ response_token: `sha256=${createHmac("sha256", TWITTER_SECRET).update(crc).digest("base64")}` });
      return { ...out, answer: () => (out.text === want ? null : `answered ${out.text}`) };
    },
  });
  hostile("twitter-crc: a JSON number as crc_token (its HMAC would sign the body `12345`)", { path: `${r("twitter")}?crc_token=12345`, method: "GET", headers: {} }, "sha256=");
  // The CRC answer for a token that is not JSON is a genuine signature of the body `<token>`: such a body is refused.
  const oracle = `delete${Date.now()}`;
  hostile("twitter-crc: a CRC answer replayed as the signature of the body <token>", {
    path: r("twitter"),
    headers: { "x-twitter-webhooks-signature": `sha256=${createHmac("sha256", TWITTER_SECRET).update(oracle).digest("base64")}` },
    body: oracle,
  });
  hostile("twitter-crc: a JSON body as crc_token (would be a signing oracle)", { path: `${r("twitter")}?crc_token=${encodeURIComponent('{"a":1}')}`, method: "GET", headers: {} }, "sha256=");
  cases.push({
    name: "ebay-challenge: answered with SHA-256(code + token + endpoint)",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: `${r("ebay")}?challenge_code=code-${crc}`, method: "GET", headers: {} });
      const want = JSON.stringify({ challengeResponse: createHash("sha256").update(`code-${crc}${EBAY_TOKEN}${EBAY_URL}`).digest("hex") });
      return { ...out, answer: () => (out.text === want ? null : `answered ${out.text}`) };
    },
  });
  hostile("ebay-challenge: markup in challenge_code", { path: `${r("ebay")}?challenge_code=%3Cscript%3E`, method: "GET", headers: {} }, "<script>");
  cases.push({
    name: "mailchimp-get: the URL check GET answered 200",
    kind: "handshake",
    run: async () => ({ ...(await send({ path: r("mailchimp"), method: "GET", headers: {} })), answer: () => null }),
  });
  hostile("mailchimp: POST without its token", { path: r("mailchimp"), headers: { "content-type": "application/x-www-form-urlencoded" }, body: "type=subscribe" });
  const wl = `wl${Date.now()}`;
  cases.push({
    name: "worldline-endpoint-verification: echoed",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: r("worldline"), method: "GET", headers: { "X-GCS-Webhooks-Endpoint-Verification": wl } });
      return { ...out, answer: () => (out.text === wl ? null : `answered ${out.text}`) };
    },
  });
  hostile("worldline: markup in the verification header", { path: r("worldline"), method: "GET", headers: { "X-GCS-Webhooks-Endpoint-Verification": "<b>x</b>" } }, "<b>");

  // POST header echoes (unsigned: a safe token only, never forwarded) and Smartcar's signed VERIFY.
  const echoed = (name: string, kind: string, p: Plain, token: string) =>
    cases.push({
      name: `${kind}: ${name}`,
      kind: "handshake",
      run: async () => {
        const out = await send(p);
        const got = out.headers?.[kind === "x-hook-secret" ? "x-hook-secret" : "validation-token"];
        return { ...out, answer: () => (got === token && out.text === "" ? null : `answered header ${got}, body ${out.text?.slice(0, 100)}`) };
      },
    });
  const hookSecret = `hs${Date.now()}`;
  echoed("X-Hook-Secret echoed in the response header, not forwarded", "x-hook-secret", { path: r("clio"), headers: { ...json, "X-Hook-Secret": hookSecret }, body: '{"data":{"id":1234}}' }, hookSecret);
  hostile("clio: markup in X-Hook-Secret", { path: r("clio"), headers: { "X-Hook-Secret": "<script>alert(1)</script>" }, body: "{}" }, "<script>");
  hostile("clio: 600-character X-Hook-Secret", { path: r("clio"), headers: { "X-Hook-Secret": "a".repeat(600) }, body: "{}" }, "a".repeat(600));
  hostile("clio: GET with X-Hook-Secret", { path: r("clio"), method: "GET", headers: { "X-Hook-Secret": `${hookSecret}g` } }, `${hookSecret}g`);
  const clioEvent = '{"data":{"id":152},"meta":{"event":"created","webhook_id":1234}}';
  genuine("clio: event signed with the shared secret", { path: r("clio"), headers: { ...json, "X-Hook-Signature": createHmac("sha256", CLIO_SECRET).update(clioEvent).digest("hex") }, body: clioEvent });
  hostile("clio: event signed with the X-Hook-Secret an attacker sent", { path: r("clio"), headers: { ...json, "X-Hook-Signature": createHmac("sha256", hookSecret).update(clioEvent).digest("hex") }, body: clioEvent });
  const validation = `vt${Date.now()}`;
  echoed("Validation-Token echoed for the empty creation request", "ringcentral-validation-token", { path: r("ringcentral"), headers: { "Validation-Token": validation, "Verification-Token": RINGCENTRAL_TOKEN }, body: "" }, validation);
  hostile("ringcentral: markup in Validation-Token", { path: r("ringcentral"), headers: { "Validation-Token": "<b>x</b>" }, body: "" }, "<b>");
  const rcEvent = '{"uuid":"u-1","event":"/restapi/v1.0/account/~/extension/~/message-store","body":{}}';
  genuine("ringcentral: event with its Verification-Token", { path: r("ringcentral"), headers: { ...json, "Verification-Token": RINGCENTRAL_TOKEN }, body: rcEvent });
  hostile("ringcentral: event with a Validation-Token and a wrong Verification-Token (not taken for the handshake)", { path: r("ringcentral"), headers: { ...json, "Validation-Token": `${validation}x`, "Verification-Token": `${RINGCENTRAL_TOKEN}x` }, body: rcEvent }, `${validation}x`);
  const verify = (c: string) => JSON.stringify({ eventId: `v-${c}`, eventType: "VERIFY", data: { challenge: c }, meta: { version: "4.0", webhookId: "w-1" } });
  const scSign = (body: string, key = SMARTCAR_AMT) => ({ ...json, "SC-Signature": createHmac("sha256", key).update(body).digest("hex") });
  const challenge = `sc-${Date.now()}`;
  const scAnswer = createHmac("sha256", SMARTCAR_AMT).update(challenge).digest("hex");
  cases.push({
    name: "smartcar-verify: signed VERIFY answered with the HMAC of its challenge, not forwarded",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: r("smartcar"), headers: scSign(verify(challenge)), body: verify(challenge) });
      return { ...out, answer: () => (out.text === JSON.stringify({ challenge: scAnswer }) ? null : `answered ${out.text}`) };
    },
  });
  const forged = `scf-${Date.now()}`;
  const forgedAnswer = createHmac("sha256", SMARTCAR_AMT).update(forged).digest("hex");
  hostile("smartcar: unsigned VERIFY (an HMAC oracle if answered)", { path: r("smartcar"), headers: json, body: verify(forged) }, forgedAnswer);
  hostile("smartcar: VERIFY signed with another key", { path: r("smartcar"), headers: scSign(verify(forged), `${SMARTCAR_AMT}x`), body: verify(forged) }, forgedAnswer);
  hostile("smartcar: signed VERIFY with markup in the challenge", { path: r("smartcar"), headers: scSign(verify("<script>")), body: verify("<script>") }, "<script>");
  return cases;
}
