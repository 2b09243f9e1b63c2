/**
 * Writes test/fixtures/preset-vectors.ts: one genuine request per preset that
 * is not in test/fixtures/vectors.ts, signed with test/node/signers.ts (the
 * providers' docs, node:crypto) or the provider's SDK. Run it only when adding
 * a preset: `npx tsx test/node/gen-preset-vectors.ts`. The output is data;
 * test/node/vectors.test.ts checks it against the signers and SDKs on every run.
 */
import { writeFileSync } from "node:fs";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, type HeaderSignature } from "../../src/rules/schema.ts";
import { signers, sha256Hex, type SignInput } from "./signers.ts";
import { EVENT_BODY, EVENT_TS, vectors as coreVectors, type Vector } from "../fixtures/vectors.ts";
import { formatPresets, signedVectors, tokenPresets } from "../fixtures/handshake-vectors.ts";
import { KEYED_PRESETS } from "../helpers/keyed-sign.ts";

const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
// Presets with their own vectors (asymmetric and handshake providers: test/fixtures/handshake-vectors.ts) are skipped too,
// and so are the pre-shared-key presets (no signature to generate: test/verify/token-presets.test.ts) and the keyed
// presets (RSA, JWS, fetched keys, Adyen: test/verify/keyed.test.ts).
// psk-jwt (pre-shared key + JWT, no signature) has its own suite: test/rules/seed-providers.test.ts.
const done = new Set([...[...coreVectors, ...signedVectors].map((v) => v.preset), ...tokenPresets, ...formatPresets, ...KEYED_PRESETS, "psk-jwt"]);

const twilioParams = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };
const mandrillForm = { mandrill_events: '[{"event":"send","_id":"abc123","ts":1764000000}]' };

interface Extra {
  label?: string;
  secret?: string;
  body?: string;
  url?: string;
  publicUrl?: string;
  query?: string;
  form?: Record<string, string>;
  id?: string;
  source?: string;
}

const extras: Record<string, Extra[]> = {
  twilio: [
    {
      label: "twilio (form, published vector)",
      secret: "12345",
      url: "https://mycompany.com/myapp.php?foo=1&bar=2",
      publicUrl: "https://mycompany.com/myapp.php",
      query: "?foo=1&bar=2",
      form: twilioParams,
      source: "Twilio's published example (token 12345 → 0/KCTR6DLpKmkAf8muzZqo1nDgQ=), also twilio getExpectedTwilioSignature()",
    },
    {
      label: "twilio (JSON body, bodySHA256)",
      secret: "twilio-auth-token",
      body: EVENT_BODY,
      publicUrl: "https://example.com/hooks/twilio",
      query: `?bodySHA256=${sha256Hex(EVENT_BODY)}`,
      source: "twilio getExpectedTwilioSignature() + getExpectedBodyHash() (validateRequestWithBody)",
    },
  ],
  mandrill: [{ publicUrl: "https://example.com/hooks/mandrill", form: mandrillForm }],
  quoter: [{ form: { timestamp: String(EVENT_TS), data: '{"id":"quot_2Xh9","name":"Q & A + 100% = é","total":"1,250.00","status":"accepted"}' } }],
  plivo: [{ publicUrl: "https://example.com/hooks/plivo", form: { From: "14155550100", To: "14155550199", Text: "héllo & bye", MessageUUID: "2a9f1c3e-0b6a-11ee-8c2e-0242ac120002", Type: "sms" } }],
  aiprise: [
    {},
    {
      label: "aiprise (published vector)",
      secret: "abcdef12-pqrs-abcd-pqrs-abcde0123456",
      body: '{"verification_session_id": "123408f2-2bbb-415f-aafc-92212341234", "template_id": "123456-3434-2342-3453-b4218a4fb333", "client_reference_id": null, "aiprise_summary": {"tags": [], "reasons": [], "notes": [], "verification_result": "APPROVED"}, "created_at": 1668974142818}',
      source: "AiPrise's published example (API private key abcdef12-… → f8bf141b…ba86), docs.aiprise.com/docs/callbacks-authentication",
    },
  ],
  square: [{ publicUrl: "https://example.com/hooks/square" }],
  hubspot: [{ publicUrl: "https://example.com/hooks/hubspot", query: "?portal=62515" }],
  trello: [{ publicUrl: "https://example.com/hooks/trello" }],
  contentful: [{ secret: "contentful-request-verification-test-secret-0123456789abcdefghij", publicUrl: "https://example.com/hooks/contentful", query: "?space=abc&env=master" }],
  linear: [{ body: `{"action":"create","type":"Issue","data":{"id":"2174add1"},"webhookTimestamp":${EVENT_TS * 1000}}` }],
  airtable: [{ secret: Buffer.from("airtable-mac-secret-32-bytes-long!").toString("base64") }],
  mailgun: [{ secret: "mailgun-http-webhook-signing-key" }],
  "exact-online": [
    {
      label: "exact-online (picqer's test content)",
      secret: "webhook-secret",
      body: '{"Topic":"Items","ClientId":"00000000-0000-0000-0000-000000000000","Division":1234567890,"Action":"Update","Key":"00000000-0000-0000-0000-000000000001"}',
      source: "node:crypto as picqer/exact-php-client Webhook\\Authenticatable computes it (strtoupper(hash_hmac('sha256', Content, secret)); its WebhookTest content and secret), also Hookdeck's exact-online-webhooks skill",
    },
    {
      label: "exact-online (pretty-printed, as Hookdeck's skill shows it)",
      body: '{\n    "Topic": "Accounts",\n    "Action": "Update",\n    "Key": "d4d4c8b6-1a2b-4c3d-9e8f-1234567890ab",\n    "Division": 123456,\n    "ClientId": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"\n  }',
      source: "node:crypto per Hookdeck's exact-online-webhooks skill (HMAC-SHA256 over the raw Content bytes, uppercase hex); whitespace inside Content is signed as sent",
    },
  ],
  "microsoft-teams": [{ secret: Buffer.from("teams-outgoing-webhook-security-token!").toString("base64") }],
  brex: [{ secret: Buffer.from("brex-webhook-secret-32-bytes-long").toString("base64") }],
};
/** Presets whose secret is base64: the "wrong secret" forgery needs another valid base64 key. */
const base64Secret = new Set(["airtable", "microsoft-teams", "brex"]);

const altPrefix: Record<string, string> = { "sha256=": "sha1=", "sha1=": "sha256=", "v0=": "v1=", "hmac-sha256=": "hmac-sha1=", "": "sha256=" };
const altKey: Record<string, string> = { v1: "v2", v0: "v9", h1: "h2", signature: "sig", sha256: "sha1" };

function source(preset: string): string {
  if (["clerk", "resend"].includes(preset)) return "svix Webhook.sign() (and node:crypto per the Standard Webhooks spec)";
  if (["openai", "replicate", "render", "dodopayments", "liveblocks"].includes(preset))
    return "standardwebhooks Webhook.sign() (and node:crypto per the Standard Webhooks spec)";
  if (preset === "polar") return "standardwebhooks Webhook.sign() with the secret base64-encoded first, as Polar's SDK does";
  if (preset === "lithic") return "standardwebhooks Webhook.sign() (Lithic signs with Standard Webhooks; and node:crypto per the spec)";
  if (preset === "brex") return "standardwebhooks Webhook.sign() with Brex's base64 key (and node:crypto per Brex's docs)";
  if (preset === "shopline") return "node:crypto per SHOPLINE's docs, hex as SHOPLINE's Go SDK verifies it (shoplineos/shopline-sdk-go VerifyWebhookRequest)";
  if (preset === "orb") return "orb-billing Webhooks.verifySignature() (and node:crypto per Orb's docs)";
  if (preset === "plivo") return "plivo 4.79.0 validateV3Signature() accepts it (checked when generated; and node:crypto per v3Security.js)";
  if (preset === "contentful") return "@contentful/node-apps-toolkit 3.16.1 verifyRequest() accepts it (checked when generated; and node:crypto per signRequest)";
  if (preset === "smartcar") return "smartcar hashChallenge(amt, body) (the SDK's HMAC; and node:crypto per Smartcar's docs)";
  if (preset === "sanity") return "@sanity/webhook encodeSignatureHeader() (and node:crypto per Sanity's docs)";
  return `node:crypto per the provider's docs (${presets[preset]!.docs})`;
}

/** What a scheme leaves unsigned, stated in the preset's description, and the forgeries that replace the header ones. */
function special(v: Vector): Partial<Vector> {
  if (v.preset === "mailgun") {
    const unsigned = "Mailgun signs timestamp + token only; the body is not signed (bodySigned: false, stated in the preset)";
    const inBody = "the signature is a field of the JSON body, not a header (see extraForgeries)";
    const b = JSON.parse(v.body) as { signature: Record<string, string> };
    const withSig = (sig: Record<string, string | undefined>) => JSON.stringify({ ...JSON.parse(v.body), signature: sig });
    const s = b.signature;
    const flip = (x: string) => x.slice(0, -1) + (x.endsWith("0") ? "1" : "0");
    return {
      notApplicable: {
        "re-serialised JSON (or re-encoded form)": unsigned,
        "signature of another body": unsigned,
        "signature header missing": inBody,
        "signature header empty": inBody,
        "signature truncated": inBody,
        "signature with wrong prefix": inBody,
      },
      extraForgeries: [
        { name: "signature field changed by one digit", body: withSig({ ...s, signature: flip(s.signature!) }) },
        { name: "signature field missing", body: withSig({ timestamp: s.timestamp, token: s.token }) },
        { name: "signature field empty", body: withSig({ ...s, signature: "" }) },
        { name: "signature field truncated", body: withSig({ ...s, signature: s.signature!.slice(0, -4) }) },
        { name: "token changed (another token, same signature)", body: withSig({ ...s, token: flip(s.token!) }) },
        { name: "timestamp changed (same signature)", body: withSig({ ...s, timestamp: String(Number(s.timestamp) + 1) }) },
      ],
    };
  }
  if (v.preset === "exact-online") {
    // The body is {"Content":C,"HashCode":"H"}: H signs C's bytes; any other byte that is not whitespace must fail.
    const m = /^\{"Content":(.*),"HashCode":"([0-9A-F]{64})"\}$/s.exec(v.body)!;
    const [c, h] = [m[1]!, m[2]!];
    const other = '{"Topic":"Accounts","Action":"Delete","Division":1,"Key":"00000000-0000-0000-0000-000000000000"}';
    const inBody = "the signature is the body's HashCode member, not a header (see extraForgeries)";
    const flip = (x: string) => x.slice(0, -1) + (x.endsWith("0") ? "1" : "0");
    return {
      notApplicable: {
        "signature header missing": inBody,
        "signature header empty": inBody,
        "signature truncated": inBody,
        "signature with wrong prefix": inBody,
        "signature of another body": "it appends a space: whitespace around the envelope's tokens carries no content and is allowed (JSON whitespace); any other trailing byte fails (extraForgeries)",
      },
      extraForgeries: [
        { name: "HashCode changed by one digit", body: `{"Content":${c},"HashCode":"${flip(h)}"}` },
        { name: "HashCode missing", body: `{"Content":${c}}` },
        { name: "HashCode empty", body: `{"Content":${c},"HashCode":""}` },
        { name: "HashCode truncated", body: `{"Content":${c},"HashCode":"${h.slice(0, -4)}"}` },
        { name: "HashCode of this Content, Content replaced", body: `{"Content":${other},"HashCode":"${h}"}` },
        { name: "an extra member after HashCode", body: `{"Content":${c},"HashCode":"${h}","Admin":true}` },
        { name: "an extra member before Content", body: `{"Admin":true,"Content":${c},"HashCode":"${h}"}` },
        { name: "an extra member between them", body: `{"Content":${c},"Admin":true,"HashCode":"${h}"}` },
        { name: "Content repeated after the signed one (JSON.parse keeps the last)", body: `{"Content":${c},"Content":${other},"HashCode":"${h}"}` },
        { name: "Content repeated after HashCode", body: `{"Content":${c},"HashCode":"${h}","Content":${other}}` },
        { name: "HashCode repeated", body: `{"Content":${c},"HashCode":"${h}","HashCode":"${h}"}` },
        { name: "members reordered (Exact sends Content first)", body: `{"HashCode":"${h}","Content":${c}}` },
        { name: "Content renamed (the signed bytes under another, unsigned key)", body: `{"Event":${c},"HashCode":"${h}"}` },
        { name: "a second JSON value after the object", body: `${v.body}{"Content":${other}}` },
        { name: "a byte after the object", body: `${v.body}x` },
        { name: "the object inside an array", body: `[${v.body}]` },
        { name: "a BOM before the object", body: `\ufeff${v.body}` },
        { name: "Content as a string holding the JSON", body: `{"Content":${JSON.stringify(c)},"HashCode":"${h}"}` },
      ],
    };
  }
  if (v.preset === "quoter") {
    // The body is hash=H&timestamp=T&data=D: H signs T and D; any other parameter, or a repeated one, must fail.
    const f = new URLSearchParams(v.body);
    const [h, t, d] = [f.get("hash")!, f.get("timestamp")!, f.get("data")!];
    const form = (...pairs: [string, string][]) => new URLSearchParams(pairs).toString();
    const flip = (x: string) => x.slice(0, -1) + (x.endsWith("0") ? "1" : "0");
    const inBody = "the signature is the form's hash parameter, not a header (see extraForgeries)";
    return {
      notApplicable: {
        "re-serialised JSON (or re-encoded form)": "Quoter signs the decoded timestamp and data parameters (stated in the preset): re-encoding the same parameters changes none of them",
        "signature header missing": inBody,
        "signature header empty": inBody,
        "signature truncated": inBody,
        "signature with wrong prefix": inBody,
      },
      extraForgeries: [
        { name: "hash changed by one digit", body: form(["hash", flip(h)], ["timestamp", t], ["data", d]) },
        { name: "hash missing", body: form(["timestamp", t], ["data", d]) },
        { name: "hash empty", body: form(["hash", ""], ["timestamp", t], ["data", d]) },
        { name: "hash truncated", body: form(["hash", h.slice(0, -4)], ["timestamp", t], ["data", d]) },
        { name: "data replaced (same hash)", body: form(["hash", h], ["timestamp", t], ["data", '{"id":"quot_other"}']) },
        { name: "timestamp changed (same hash)", body: form(["hash", h], ["timestamp", String(Number(t) + 1)], ["data", d]) },
        { name: "data missing", body: form(["hash", h], ["timestamp", t]) },
        { name: "timestamp missing", body: form(["hash", h], ["data", d]) },
        { name: "an unsigned parameter added", body: `${v.body}&admin=1` },
        { name: "an unsigned parameter first", body: `admin=1&${v.body}` },
        { name: "an unsigned parameter without a value", body: `${v.body}&admin` },
        { name: "data repeated (which one the origin reads is not ours to guess)", body: `${v.body}&data=x` },
        { name: "data repeated with the same value", body: `${v.body}&${form(["data", d])}` },
        { name: "timestamp repeated", body: `${v.body}&timestamp=${t}` },
        { name: "hash repeated", body: `${v.body}&hash=${h}` },
        { name: "data renamed (the signed value under another, unsigned name)", body: form(["hash", h], ["timestamp", t], ["Data", d]) },
        { name: "a percent-escape that is not UTF-8", body: `${v.body.replace("data=", "data=%FF")}` },
        { name: "sent as JSON instead of a form", headers: { "content-type": "application/json" } },
        { name: "no content type", headers: { "content-type": null } },
      ],
    };
  }
  if (v.form) {
    const why = `${v.preset} signs the parsed form parameters, not the body bytes (stated in the preset): an empty pair (&&) changes no parameter`;
    return {
      notApplicable: {
        "re-serialised JSON (or re-encoded form)": why,
        ...(v.preset === "plivo" ? { "signature with wrong prefix": "Plivo's signatures have no prefix: the header is a comma-separated list, so a prefix would be one more (invalid) entry" } : {}),
      },
      extraForgeries: [
        { name: "a form parameter added", body: `${v.body}&Extra=1` },
        { name: "sent as JSON instead of a form", headers: { "content-type": "application/json" } },
      ],
    };
  }
  if (v.preset === "twilio") {
    return {
      extraForgeries: [
        { name: "bodySHA256 of another body in the signed URL, body swapped", body: '{"id": "evt_2"}' },
      ],
    };
  }
  if (v.preset === "solidgate") {
    // The merchant header is signed ({header:merchant}) at both ends: another or no merchant must fail.
    return {
      extraForgeries: [
        { name: "merchant changed (same signature)", headers: { merchant: "wh_pk_other" } },
        { name: "merchant missing", headers: { merchant: null } },
      ],
    };
  }
  if (v.preset === "pinwheel") {
    // x-timestamp is signed ({header:x-timestamp}) but is not a timestamp source: changing or dropping it must fail.
    return {
      extraForgeries: [
        { name: "x-timestamp changed (same signature)", headers: { "x-timestamp": String(Number(v.headers["x-timestamp"]) + 1) } },
        { name: "x-timestamp missing", headers: { "x-timestamp": null } },
      ],
    };
  }
  if (base64Secret.has(v.preset)) return { wrongSecret: Buffer.from("another-mac-secret-32-bytes-long!!").toString("base64") };
  return {};
}

const out: Vector[] = [];
for (const [preset, raw] of Object.entries(presets)) {
  if (done.has(preset)) continue;
  const signer = signers[preset];
  if (!signer) throw new Error(`no signer for preset ${preset}`);
  const parsed = ProviderSchema.parse(raw);
  if (!parsed.signature) throw new Error(`${preset}: the generator only signs presets with a signature`);
  const p = { ...parsed, signature: parsed.signature as HeaderSignature };
  for (const x of extras[preset] ?? [{}]) {
    const form = x.form;
    const body0 = form ? new URLSearchParams(form).toString() : (x.body ?? EVENT_BODY);
    const secret = x.secret ?? (p.signature.type === "hmac" && p.signature.secretEncoding === "whsec" ? WHSEC : `${preset}-webhook-secret`);
    const url = x.url ?? (x.publicUrl ? x.publicUrl + (x.query ?? "") : undefined);
    const input: SignInput = { secret, body: body0, ts: EVENT_TS, url, form, id: x.id ?? `msg_${preset}_1` };
    const signed = signer(input);
    const body = signed.body ?? body0;
    const sigHeader = typeof p.signature.header === "string" ? p.signature.header : (p.signature.header?.[0] ?? "");
    const value = sigHeader ? signed.headers[sigHeader] : undefined;
    if (sigHeader && value === undefined) throw new Error(`${preset}: signer did not set ${sigHeader}`);
    let prefix = "";
    let wrongPrefix = "";
    const f = p.signature.format;
    if (f.type === "plain") {
      prefix = f.prefix;
      wrongPrefix = altPrefix[f.prefix] ?? "x" + f.prefix;
    } else if (f.type === "list") {
      prefix = f.prefix;
      wrongPrefix = "v2,";
    } else if (value) {
      const at = value.indexOf(`${f.key}=`);
      prefix = value.slice(0, at + f.key.length + 1);
      wrongPrefix = value.slice(0, at) + `${altKey[f.key] ?? "x" + f.key}=`;
    }
    const v: Vector = {
      preset,
      ...(x.label ? { label: x.label } : {}),
      source: x.source ?? source(preset),
      secret,
      body,
      headers: signed.headers,
      nowMs: EVENT_TS * 1000,
      signatureHeader: sigHeader,
      prefix,
      wrongPrefix,
      timestamped: p.timestamp !== undefined,
      ...(p.timestamp && p.timestamp.tolerance !== 300 ? { tolerance: p.timestamp.tolerance } : {}),
      ...(x.publicUrl ? { publicUrl: x.publicUrl } : {}),
      ...(x.query ? { query: x.query } : {}),
      ...(form ? { form } : {}),
      ...(url ? { signedUrl: url } : {}),
    };
    Object.assign(v, special(v));
    out.push(v);
  }
}

const file = `/**
 * Genuine signed requests for every preset not in vectors.ts. GENERATED by
 * test/node/gen-preset-vectors.ts from test/node/signers.ts (the providers'
 * docs, node:crypto) and the providers' SDKs; test/node/vectors.test.ts
 * recomputes each one on every run. Do not edit by hand.
 */
import type { Vector } from "./vectors.ts";

export const presetVectors: Vector[] = ${JSON.stringify(out, null, 2)};
`;
writeFileSync(new URL("../fixtures/preset-vectors.ts", import.meta.url), file);
console.log(`${out.length} vectors`);
