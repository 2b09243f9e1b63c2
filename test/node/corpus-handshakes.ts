/**
 * Attack-corpus cases for the asymmetric presets (discord, telnyx: Ed25519; sendgrid:
 * ECDSA P-256) and the handshake presets (zoom, dropbox, twitch, xero), plus
 * every handshake kind: Slack url_verification, Zoom endpoint.url_validation,
 * Twitch webhook_callback_verification, Discord PING, Xero Intent to Receive,
 * Dropbox, Okta and Oura GET challenges, and Exact Online's empty POST.
 *
 * Requests are signed when sent (timestamp = now) with node:crypto through
 * `hookgate send`'s signer (cli/send/sign.ts), from the preset data and
 * keys made here: independent of the Worker's WebCrypto verifier.
 *
 * A genuine event is delivered; a genuine handshake is answered by hookgate
 * (the right answer, nothing at the origin); every forgery (wrong key, a
 * flipped signature character, the signature of another body, a wrong, stale,
 * future or absent timestamp, no signature, an unsigned or forged handshake)
 * gets a 4xx, reaches no origin, and is never answered with the challenge.
 */
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { ProviderSchema, type HeaderSignature, type Provider } from "../../src/rules/schema.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { sign, type Outgoing } from "../../cli/send/sign.ts";
import { formatTimestamp } from "../../cli/send/prepare.ts";
import type { HandshakeKindName } from "../../src/handshake/schema.ts";
import { DISCORD_PUBLIC_KEY, DISCORD_SEED_HEX, DROPBOX_SECRET, SLACK_SECRET, TELNYX_PUBLIC_KEY, TELNYX_SEED_HEX, TWITCH_SECRET, XERO_SECRET, ZOOM_SECRET } from "../fixtures/handshake-vectors.ts";
import { sameBytes, type Case, type Outcome, type Plain } from "./helpers/corpus.ts";

/** The presets this module covers, with the route secret and the key that signs (a private key for asymmetric ones). */
interface Keyed {
  preset: string;
  /** What the route's `secrets` hold (a PUBLIC key for discord and sendgrid). */
  secret: string;
  /** What signs genuine requests (the private key, or the shared secret). */
  signing: string;
  /** A key of the right kind that is not the route's. */
  attacker: string;
}

function ecdsaPair() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return { secret: publicKey.export({ type: "spki", format: "der" }).toString("base64"), signing: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

export function keyedPresets(): Keyed[] {
  const sendgrid = ecdsaPair();
  return [
    { preset: "discord", secret: DISCORD_PUBLIC_KEY, signing: DISCORD_SEED_HEX, attacker: randomBytes(32).toString("hex") },
    { preset: "sendgrid", secret: sendgrid.secret, signing: sendgrid.signing, attacker: ecdsaPair().signing },
    { preset: "telnyx", secret: TELNYX_PUBLIC_KEY, signing: TELNYX_SEED_HEX, attacker: randomBytes(32).toString("hex") },
    { preset: "zoom", secret: ZOOM_SECRET, signing: ZOOM_SECRET, attacker: `${ZOOM_SECRET}-attacker` },
    { preset: "dropbox", secret: DROPBOX_SECRET, signing: DROPBOX_SECRET, attacker: `${DROPBOX_SECRET}-attacker` },
    { preset: "twitch", secret: TWITCH_SECRET, signing: TWITCH_SECRET, attacker: `${TWITCH_SECRET}-attacker` },
    { preset: "xero", secret: XERO_SECRET, signing: XERO_SECRET, attacker: `${XERO_SECRET}-attacker` },
    { preset: "slack", secret: SLACK_SECRET, signing: SLACK_SECRET, attacker: `${SLACK_SECRET}-attacker` },
  ];
}

export const handshakeRoute = (preset: string) => `/h/${preset}`;

interface SignOpts {
  body: string;
  /** Signing key (default: the genuine one). */
  key?: string;
  /** Unix seconds of the signature (default now). */
  ts?: number;
  id?: string;
  headers?: Record<string, string>;
}

/** A request signed as the provider signs it: timestamp and id headers placed, then `hookgate send`'s signer. */
function signed(p: Provider, k: Keyed, path: string, o: SignOpts): Plain & { body: string; headers: Record<string, string> } {
  const seconds = o.ts ?? Math.floor(Date.now() / 1000);
  const headers = new Headers({ "content-type": "application/json", ...o.headers });
  const timestamp = p.timestamp ? formatTimestamp(seconds, p.timestamp.format).text : undefined;
  if (p.timestamp && "header" in p.timestamp.from) headers.set(p.timestamp.from.header, timestamp!);
  const id = p.id && "header" in p.id ? (o.id ?? `evt-${randomBytes(8).toString("hex")}`) : undefined;
  if (id && p.id && "header" in p.id) headers.set(p.id.header, id);
  const req: Outgoing = { method: "POST", url: new URL(`http://127.0.0.1${path}`), headers, body: Buffer.from(o.body), timestamp, id };
  sign({ provider: p, secret: o.key ?? k.signing, req });
  return { path, headers: Object.fromEntries(req.headers), body: o.body };
}

const sigHeaderOf = (p: Provider) => ((p.signature as HeaderSignature).header as string).toLowerCase();
const tsHeaderOf = (p: Provider) => (p.timestamp && "header" in p.timestamp.from ? p.timestamp.from.header.toLowerCase() : undefined);

const without = (r: Plain, ...names: (string | undefined)[]): Plain => ({
  ...r,
  headers: Object.fromEntries(Object.entries(r.headers).filter(([h]) => !names.includes(h.toLowerCase()))),
});
const withHeader = (r: Plain, name: string, value: string): Plain => ({ ...without(r, name.toLowerCase()), headers: { ...without(r, name.toLowerCase()).headers, [name.toLowerCase()]: value } });

/** The signature with one character in its middle changed, in the same alphabet: a different signature byte. */
function flipSignature(p: Provider, r: Plain, header: string): Plain {
  const spec = (p.signature as HeaderSignature);
  const skip = spec.format.type === "plain" ? spec.format.prefix.length : 0;
  const value = r.headers[header]!;
  const at = skip + ((value.length - skip) >> 1);
  const c = value[at]!;
  const other = spec.encoding === "hex" ? (c === "0" ? "1" : "0") : c === "A" ? "B" : "A";
  return withHeader(r, header, value.slice(0, at) + other + value.slice(at + 1));
}

const json = (v: unknown) => JSON.stringify(v);
const nonce = () => randomBytes(6).toString("hex");

/** An event body each preset would send (a Discord command, a SendGrid batch, ...), unique per call. */
function eventBody(preset: string): string {
  const n = nonce();
  switch (preset) {
    case "discord":
      return json({ id: `cmd-${n}`, application_id: "987654321", type: 2, version: 1, data: { name: "ping" } });
    case "telnyx":
      return json({ data: { event_type: "message.received", id: `tx-${n}`, payload: { text: n }, record_type: "event" }, meta: { attempt: 1 } });
    case "sendgrid":
      return json([{ email: "a@example.com", event: "delivered", sg_event_id: `sg-${n}`, timestamp: 1764000000 }]);
    case "zoom":
      return json({ event: "meeting.started", event_ts: Date.now(), payload: { account_id: "abc", object: { id: n } } });
    case "dropbox":
      return json({ list_folder: { accounts: [`dbid:${n}`] }, delta: { users: [12345678] } });
    case "twitch":
      return json({ subscription: { id: n, type: "channel.follow", version: "2", status: "enabled" }, event: { user_id: "1337", user_login: "awesome_user" } });
    case "xero":
      return json({ events: [{ resourceId: n, eventCategory: "CONTACT", eventType: "CREATE", tenantId: "c2cc9b6e" }], firstEventSequence: 1, lastEventSequence: 1, entropy: n.toUpperCase() });
    default:
      return json({ type: "event_callback", event: { type: "message", text: n } });
  }
}

type Send = (r: Plain) => Promise<Outcome>;
const replayOk = (st: number) => st === 200 || (st >= 400 && st < 500);

/** A genuine event and its forgeries, for one preset. */
function eventCases(k: Keyed, send: Send): Case[] {
  const p = ProviderSchema.parse(presets[k.preset]);
  const path = handshakeRoute(k.preset);
  const sig = sigHeaderOf(p);
  const ts = tsHeaderOf(p);
  const make = (o: Partial<SignOpts> = {}) => signed(p, k, path, { body: eventBody(k.preset), ...o });
  let genuine = make();
  const cases: Case[] = [
    {
      name: `${k.preset}: genuine event (signed now)`,
      kind: "genuine",
      run: async () => {
        genuine = make();
        return { ...(await send(genuine)), check: sameBytes(Buffer.from(genuine.body)) };
      },
    },
  ];
  if (p.id) cases.push({ name: `${k.preset}: the same event replayed`, kind: "hostile", allow: replayOk, run: () => send(genuine) });
  const hostile: [string, () => Plain][] = [
    [["discord", "sendgrid", "telnyx"].includes(k.preset) ? "signed with another private key" : "wrong secret", () => make({ key: k.attacker })],
    ["one signature character flipped", () => flipSignature(p, make(), sig)],
    ["signature of another body", () => ({ ...make(), body: eventBody(k.preset) })],
    ["body changed by one bit", () => {
      const r = make();
      const b = Buffer.from(r.body);
      b[b.length >> 1]! ^= 0x01;
      return { ...r, body: b };
    }],
    ["signature header missing", () => without(make(), sig)],
    ["signature header empty", () => withHeader(make(), sig, "")],
  ];
  if (p.timestamp && ts) {
    const tol = p.timestamp.tolerance;
    const now = Math.floor(Date.now() / 1000);
    hostile.push(
      ["timestamp header changed (signed for another second)", () => withHeader(make({ ts: now }), ts, formatTimestamp(now - 7, p.timestamp!.format).text)],
      [`stale timestamp (validly signed ${tol + 120} s ago)`, () => make({ ts: now - tol - 120 })],
      [`timestamp from the future (validly signed ${tol + 120} s ahead)`, () => make({ ts: now + tol + 120 })],
      ["timestamp header missing", () => without(make(), ts)],
    );
  }
  if (p.id && "header" in p.id) {
    const idHeader = p.id.header.toLowerCase();
    hostile.push(["signed id changed", () => withHeader(make(), idHeader, `evt-${nonce()}`)]);
  }
  for (const [what, req] of hostile) cases.push({ name: `${k.preset}: ${what}`, kind: "hostile", run: () => send(req()) });
  return cases;
}

/** The challenge a signed handshake carries, the body that carries it, extra headers, and how to check the answer. */
interface SignedHandshake {
  kind: HandshakeKindName;
  preset: string;
  make(challenge: string): { body: string; headers?: Record<string, string> };
  /** The right answer's problem, or null. */
  check(status: number, text: string, challenge: string, secret: string): string | null;
  /** Handshakes that echo nothing (Discord PONG, Xero's empty 200) only need a 4xx for forgeries. */
  echoes: boolean;
}

const expectJson = (text: string, want: unknown) => (text === JSON.stringify(want) ? null : `answered ${text.slice(0, 200)}, expected ${JSON.stringify(want)}`);

const signedHandshakes: SignedHandshake[] = [
  {
    kind: "slack-url-verification",
    preset: "slack",
    make: (c) => ({ body: json({ token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge: c, type: "url_verification" }) }),
    check: (_s, text, c) => expectJson(text, { challenge: c }),
    echoes: true,
  },
  {
    kind: "zoom-url-validation",
    preset: "zoom",
    make: (c) => ({ body: json({ payload: { plainToken: c }, event_ts: Date.now(), event: "endpoint.url_validation" }) }),
    check: (_s, text, c, secret) => expectJson(text, { plainToken: c, encryptedToken: createHmac("sha256", secret).update(c).digest("hex") }),
    echoes: true,
  },
  {
    kind: "twitch-callback-verification",
    preset: "twitch",
    make: (c) => ({
      body: json({ challenge: c, subscription: { id: nonce(), status: "webhook_callback_verification_pending", type: "channel.follow", version: "2" } }),
      headers: { "Twitch-Eventsub-Message-Type": "webhook_callback_verification" },
    }),
    check: (_s, text, c) => (text === c ? null : `answered ${text.slice(0, 200)}, expected the challenge as text`),
    echoes: true,
  },
  {
    kind: "discord-ping",
    preset: "discord",
    make: (c) => ({ body: json({ id: `ping-${c}`, application_id: "987654321", type: 1, version: 1 }) }),
    check: (_s, text) => expectJson(text, { type: 1 }),
    echoes: false,
  },
  {
    kind: "xero-intent-to-receive",
    preset: "xero",
    make: (c) => ({ body: json({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: c.toUpperCase() }) }),
    check: (_s, text) => (text === "" ? null : `answered ${text.slice(0, 200)}, expected an empty 200`),
    echoes: false,
  },
];

function signedHandshakeCases(keys: Map<string, Keyed>, send: Send): Case[] {
  const cases: Case[] = [];
  for (const h of signedHandshakes) {
    const k = keys.get(h.preset)!;
    const p = ProviderSchema.parse(presets[h.preset]);
    const path = handshakeRoute(h.preset);
    const sig = sigHeaderOf(p);
    const ts = tsHeaderOf(p);
    const make = (challenge: string, o: Partial<SignOpts> = {}) => {
      const m = h.make(challenge);
      return signed(p, k, path, { body: m.body, headers: m.headers, ...o });
    };
    cases.push({
      name: `${h.preset}: genuine ${h.kind} answered, not forwarded`,
      kind: "handshake",
      run: async () => {
        const c = `chal-${nonce()}`;
        const out = await send(make(c));
        return { ...out, answer: () => h.check(out.status, out.text ?? "", c, k.secret) };
      },
    });
    // Forged handshakes: never answered with the challenge (nor with the PONG / empty 200), never forwarded.
    const c = `forged-${nonce()}`;
    const echo = h.echoes ? c : undefined;
    const now = Math.floor(Date.now() / 1000);
    const forged: [string, () => Plain][] = [
      ["signed with the wrong key", () => make(c, { key: k.attacker })],
      ["unsigned", () => without(make(c), sig, ts)],
      ["signature missing (timestamp kept)", () => without(make(c), sig)],
      ["one signature character flipped", () => flipSignature(p, make(c), sig)],
      ["signature of another handshake body", () => ({ ...make(`other-${nonce()}`), body: make(c).body })],
    ];
    if (p.timestamp && ts) forged.push([`validly signed ${p.timestamp.tolerance + 120} s ago`, () => make(c, { ts: now - p.timestamp!.tolerance - 120 })]);
    for (const [what, req] of forged) cases.push({ name: `${h.preset}: ${h.kind} ${what}`, kind: "hostile", mustNotEcho: echo, run: () => send(req()) });
    // A genuinely signed handshake whose challenge is unsafe to reflect: refused, not echoed, not forwarded.
    if (h.echoes)
      cases.push({ name: `${h.preset}: ${h.kind} signed, challenge with markup`, kind: "hostile", mustNotEcho: "<script>", run: () => send(make("<script>alert(1)</script>")) });
  }
  return cases;
}

/** Dropbox and Okta GET challenges: the providers do not sign them, so hookgate echoes only a short URL-safe token. */
function unsignedHandshakeCases(send: Send, oktaPath: string, oktaKey: string): Case[] {
  const cases: Case[] = [];
  const dropbox = handshakeRoute("dropbox");
  const token = `dbx-${nonce()}`;
  cases.push({
    name: "dropbox: GET ?challenge= answered with the token as text, not forwarded",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: `${dropbox}?challenge=${token}`, method: "GET", headers: {} });
      return { ...out, answer: () => (out.text === token ? null : `answered ${out.text?.slice(0, 200)}`) };
    },
  });
  const okta = `okta-${nonce()}`;
  cases.push({
    name: "okta: GET X-Okta-Verification-Challenge answered, not forwarded",
    kind: "handshake",
    run: async () => {
      const out = await send({ path: oktaPath, method: "GET", headers: { "x-okta-verification-challenge": okta } });
      return { ...out, answer: () => expectJson(out.text ?? "", { verification: okta }) };
    },
  });
  const markup = encodeURIComponent("<script>alert(1)</script>");
  const long = "a".repeat(600);
  const hostile: [string, Plain, string][] = [
    ["dropbox: challenge with markup", { path: `${dropbox}?challenge=${markup}`, method: "GET", headers: {} }, "<script>"],
    ["dropbox: challenge with a CR LF (header splitting)", { path: `${dropbox}?challenge=a%0d%0aSet-Cookie:x=1`, method: "GET", headers: {} }, "Set-Cookie"],
    ["dropbox: challenge given twice", { path: `${dropbox}?challenge=one-${token}&challenge=two`, method: "GET", headers: {} }, `one-${token}`],
    ["dropbox: 600-character challenge", { path: `${dropbox}?challenge=${long}`, method: "GET", headers: {} }, long],
    ["dropbox: POST ?challenge= with a forged signature", { path: `${dropbox}?challenge=${token}x`, headers: { "x-dropbox-signature": "00".repeat(32) }, body: "{}" }, `${token}x`],
    ["okta: challenge with markup", { path: oktaPath, method: "GET", headers: { "x-okta-verification-challenge": "<script>alert(1)</script>" } }, "<script>"],
    ["okta: 600-character challenge", { path: oktaPath, method: "GET", headers: { "x-okta-verification-challenge": long } }, long],
    ["okta: POST with a challenge and a wrong key", { path: oktaPath, headers: { "x-okta-verification-challenge": `${okta}x`, authorization: `${oktaKey}x`, "content-type": "application/json" }, body: json({ eventId: `o-${nonce()}` }) }, `${okta}x`],
  ];
  for (const [name, req, echo] of hostile) cases.push({ name, kind: "hostile", mustNotEcho: echo, run: () => send(req) });
  return cases;
}

/** Oura's subscription check: answered only with the route's tokenSecrets (the verification token), echoing a safe challenge. */
const OURA_TOKEN = "corpus-oura-verification-token";
function ouraCases(send: Send): Case[] {
  const path = handshakeRoute("oura");
  const c = `oura-${nonce()}`;
  const get = (query: string): Plain => ({ path: `${path}?${query}`, method: "GET", headers: {} });
  const cases: Case[] = [
    {
      name: "oura: GET ?verification_token=&challenge= answered {\"challenge\"}, not forwarded",
      kind: "handshake",
      run: async () => {
        const out = await send(get(`verification_token=${OURA_TOKEN}&challenge=${c}`));
        return { ...out, answer: () => expectJson(out.text ?? "", { challenge: c }) };
      },
    },
  ];
  const hostile: [string, Plain][] = [
    ["oura: wrong verification_token", get(`verification_token=${OURA_TOKEN}x&challenge=${c}x`)],
    ["oura: the client secret as verification_token", get(`verification_token=corpus-oura-client-secret&challenge=${c}x`)],
    ["oura: no verification_token", get(`challenge=${c}x`)],
    ["oura: right token, challenge with markup", get(`verification_token=${OURA_TOKEN}&challenge=${encodeURIComponent(`<script>${c}x`)}`)],
    ["oura: right token, 600-character challenge", get(`verification_token=${OURA_TOKEN}&challenge=${c}x${"a".repeat(600)}`)],
    ["oura: POST with the check's query and a forged signature", { path: `${path}?verification_token=${OURA_TOKEN}&challenge=${c}x`, headers: { "x-oura-timestamp": String(Math.floor(Date.now() / 1000)), "x-oura-signature": "AB".repeat(32) }, body: "{}" }],
  ];
  for (const [name, req] of hostile) cases.push({ name, kind: "hostile", mustNotEcho: `${c}x`, run: () => send(req) });
  return cases;
}

/** Exact Online's subscription check: a POST without a body, answered with an empty 200; a POST with a body must verify. */
function emptyPostCases(send: Send): Case[] {
  const path = handshakeRoute("exact-online");
  return [
    {
      name: "exact-online: POST without a body answered with an empty 200, not forwarded",
      kind: "handshake",
      run: async () => {
        const out = await send({ path, headers: {}, body: "" });
        return { ...out, answer: () => (out.text === "" ? null : `answered ${out.text?.slice(0, 200)}, expected an empty 200`) };
      },
    },
    { name: "exact-online: POST with a forged envelope", kind: "hostile", run: () => send({ path, headers: { "content-type": "application/json" }, body: json({ Content: { Topic: "Accounts", Key: nonce() }, HashCode: "AB".repeat(32) }) }) },
    { name: "exact-online: POST with one space", kind: "hostile", run: () => send({ path, headers: {}, body: " " }) },
  ];
}

/** The routes these cases need (each allows `local`, the address wrangler dev reports). */
export function handshakeRoutes(keys: Keyed[], origin: string, local: Record<string, unknown>): Record<string, unknown>[] {
  const oura = { path: handshakeRoute("oura"), provider: "oura", secrets: ["corpus-oura-client-secret"], tokenSecrets: [OURA_TOKEN], origin, ...local };
  const exact = { path: handshakeRoute("exact-online"), provider: "exact-online", secrets: ["corpus-exact-webhook-secret"], origin, ...local };
  return [...keys.map((k) => ({ path: handshakeRoute(k.preset), provider: k.preset, secrets: [k.secret], origin, ...local })), oura, exact];
}

/** Every case: events and forgeries for the six presets, then every handshake kind, genuine and forged. */
export function handshakeCorpus(keys: Keyed[], send: Send, okta: { path: string; key: string }): { cases: Case[]; kinds: HandshakeKindName[] } {
  const byPreset = new Map(keys.map((k) => [k.preset, k]));
  const cases = [
    ...keys.filter((k) => k.preset !== "slack").flatMap((k) => eventCases(k, send)),
    ...signedHandshakeCases(byPreset, send),
    ...unsignedHandshakeCases(send, okta.path, okta.key),
    ...ouraCases(send),
    ...emptyPostCases(send),
  ];
  return { cases, kinds: [...signedHandshakes.map((h) => h.kind), "dropbox-challenge", "okta-verification", "oura-verification", "empty-post"] };
}
