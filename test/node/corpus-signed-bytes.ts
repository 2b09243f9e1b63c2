/**
 * Attack-corpus cases for issue 12, defects 1, 3, 4 and 6 (engineer i12a):
 * forgery through form/URL-bound schemes, an unsigned id overriding a signed
 * one, dedup steered by an unsigned id, and the CPU-amplification request.
 * Run in order by test/node/attack-corpus.e2e.test.ts.
 */
import { createHmac } from "node:crypto";
import twilio from "twilio";
import type { Case, Outcome, Plain } from "./helpers/corpus.ts";
import { sameBytes } from "./helpers/corpus.ts";

const TWILIO_TOKEN = "corpus-twilio-auth-token";
const TWILIO_URL = "https://hooks.example.com/i12a/twilio";
const JWT_KEY = "corpus-jwt-key-0123456789";
const GH_SECRET = "corpus-github-secret-i12a";
const MANY_SECRETS = Array.from({ length: 10 }, (_, i) => `corpus-many-secret-${i}`);
const FORM = "application/x-www-form-urlencoded";

export function signedBytesRoutes(originUrl: string, local: object): Record<string, unknown>[] {
  return [
    { path: "/i12a/twilio", provider: "twilio", secrets: [TWILIO_TOKEN], origin: originUrl, publicUrl: TWILIO_URL, methods: ["GET", "POST"], ...local },
    { path: "/i12a/jwt", provider: { jwt: {}, id: { json: "id" } }, secrets: [JWT_KEY], origin: originUrl, ...local },
    { path: "/i12a/github", provider: "github", secrets: [GH_SECRET], origin: originUrl, ...local },
    {
      path: "/i12a/many",
      provider: { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", format: { type: "list", separator: ",", prefix: "" } } },
      secrets: MANY_SECRETS,
      origin: originUrl,
      ...local,
    },
  ];
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
function mintJwt(jti: string): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify({ iat: now, exp: now + 15, jti }))}`;
  return `${input}.${b64url(createHmac("sha256", JWT_KEY).update(input).digest())}`;
}
const ghSign = (body: string) => `sha256=${createHmac("sha256", GH_SECRET).update(body).digest("hex")}`;
const replayAllowed = (s: number) => s === 200 || (s >= 400 && s < 500);

export function signedBytesCases(send: (s: Plain) => Promise<Outcome>): Case[] {
  const rnd = () => Math.random().toString(36).slice(2);
  const cases: Case[] = [];

  // ---- Defect 1: a payload part that cannot be rendered from the bytes received fails the request.
  const urlOnly = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, TWILIO_URL, {});
  cases.push({
    name: "i12a/1 twilio: URL-only signature + form header + non-UTF-8 body (CallSid=CAevil&Amount=9999&x=\\xFF)",
    kind: "hostile",
    run: () => send({ path: "/i12a/twilio", headers: { "x-twilio-signature": urlOnly, "content-type": FORM }, body: Buffer.concat([Buffer.from("CallSid=CAevil&Amount=9999&x="), Buffer.from([0xff])]) }),
  });
  const replacement = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, TWILIO_URL, { Amount: "\uFFFD" });
  cases.push({
    name: "i12a/1 twilio: a signature over U+FFFD does not verify the escape %FF",
    kind: "hostile",
    run: () => send({ path: "/i12a/twilio", headers: { "x-twilio-signature": replacement, "content-type": FORM }, body: "Amount=%FF" }),
  });
  cases.push({
    name: "i12a/1 twilio: URL-only signature over a JSON body without bodySHA256",
    kind: "hostile",
    run: () => send({ path: "/i12a/twilio", headers: { "x-twilio-signature": urlOnly, "content-type": "application/json" }, body: '{"Amount":9999}' }),
  });
  const query = `?CallSid=CA${rnd()}&From=%2B15551234567&CallStatus=ringing`;
  const getSig = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, TWILIO_URL + query, {});
  cases.push({
    name: "i12a/1 twilio: genuine GET webhook (parameters in the query)",
    kind: "genuine",
    run: async () => ({ ...(await send({ path: `/i12a/twilio${query}`, method: "GET", headers: { "x-twilio-signature": getSig } })), check: sameBytes(new Uint8Array(0)) }),
  });
  cases.push({
    name: "i12a/1 twilio: the GET's signature carrying a form body",
    kind: "hostile",
    run: () => send({ path: `/i12a/twilio${query}`, headers: { "x-twilio-signature": getSig, "content-type": FORM }, body: "Amount=9999" }),
  });
  const form = { CallSid: `CA${rnd()}`, Digits: "1234" };
  cases.push({
    name: "i12a/1 twilio: genuine form POST (signed by the twilio SDK)",
    kind: "genuine",
    run: async () => {
      const body = new URLSearchParams(form).toString();
      return { ...(await send({ path: "/i12a/twilio", headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(TWILIO_TOKEN, TWILIO_URL, form), "content-type": FORM }, body })), check: sameBytes(Buffer.from(body)) };
    },
  });

  // ---- Defect 3: a JWT's jti (signed) wins over the body's id (unsigned).
  const token = mintJwt(`jti-${rnd()}`);
  const jwtBody = (id: string, amount: number) => JSON.stringify({ id, amount });
  const first = jwtBody(`evt-${rnd()}`, 1);
  cases.push({
    name: "i12a/3 jwt + body id: genuine",
    kind: "genuine",
    run: async () => ({ ...(await send({ path: "/i12a/jwt", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: first })), check: sameBytes(Buffer.from(first)) }),
  });
  cases.push({
    name: "i12a/3 jwt + body id: the captured token with another body and a fresh id",
    kind: "hostile",
    allow: replayAllowed,
    run: () => send({ path: "/i12a/jwt", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: jwtBody(`evt-${rnd()}`, 9999) }),
  });

  // ---- Defect 4: dedup cannot be steered by an unsigned id (X-GitHub-Delivery).
  const ghBody = JSON.stringify({ ref: "refs/heads/main", n: rnd() });
  const delivery = `d-${rnd()}`;
  const chosen = `d-next-${rnd()}`;
  const gh = (body: string, id: string): Plain => ({ path: "/i12a/github", headers: { "x-hub-signature-256": ghSign(body), "x-github-delivery": id, "x-github-event": "push" }, body });
  cases.push({ name: "i12a/4 github: genuine", kind: "genuine", run: async () => ({ ...(await send(gh(ghBody, delivery))), check: sameBytes(Buffer.from(ghBody)) }) });
  cases.push({ name: "i12a/4 github: the capture replayed with a changed X-GitHub-Delivery", kind: "hostile", allow: replayAllowed, run: () => send(gh(ghBody, `${delivery}-x`)) });
  cases.push({ name: "i12a/4 github: the capture replayed with a chosen id (the next delivery's)", kind: "hostile", allow: replayAllowed, run: () => send(gh(ghBody, chosen)) });
  const nextBody = JSON.stringify({ ref: "refs/heads/main", n: rnd() });
  cases.push({
    name: "i12a/4 github: the genuine delivery carrying that chosen id is still delivered",
    kind: "genuine",
    run: async () => ({ ...(await send(gh(nextBody, chosen))), check: sameBytes(Buffer.from(nextBody)) }),
  });

  // ---- Defect 6: the most candidates against the most secrets, over a large body: refused (and one MAC per secret).
  const big = Buffer.alloc(512 * 1024, 0x61);
  const forged = Array.from({ length: 8 }, (_, i) => createHmac("sha256", `forged-${i}`).update(big).digest("hex")).join(",");
  cases.push({ name: "i12a/6 amplification: 8 forged signatures × 10 secrets over 512 KiB", kind: "hostile", run: () => send({ path: "/i12a/many", headers: { "x-sig": forged }, body: big }) });
  cases.push({
    name: "i12a/6 amplification route: genuine under the last secret",
    kind: "genuine",
    run: async () => ({ ...(await send({ path: "/i12a/many", headers: { "x-sig": `${forged.split(",")[0]},${createHmac("sha256", MANY_SECRETS[9]!).update(big).digest("hex")}` }, body: big })), check: sameBytes(big) }),
  });
  return cases;
}
