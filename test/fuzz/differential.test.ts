/**
 * Differential fuzzing inside workerd (issue 12): for every preset with a
 * provider SDK, random bodies (binary, non-UTF-8, empty, large, JSON with odd
 * spacing, forms with repeated / empty / percent-encoded keys) and random
 * request mutations, through the real pipeline (harness: real app, real KV
 * rules, recording origin). Property:
 *
 *     hookgate forwards a request  ⇔  the provider's own verification accepts it
 *
 * The oracles are the providers' SDKs: stripe (`webhooks.signature.verifyHeaderAsync`),
 * standardwebhooks and svix (`Webhook.verify`), @octokit/webhooks-methods
 * (`verify`), twilio (`validateRequest` / `validateRequestWithBody`). An SDK
 * takes the body as a string: a body that is not UTF-8 goes to a WebCrypto
 * reference recipe of the same scheme instead (written here, independently of
 * src/verify).
 *
 * Two deliberate differences, both in one direction (hookgate stricter, never
 * more lenient); for them only "hookgate forwards ⇒ the SDK accepts" is checked:
 *   - Twilio's SDK is fed parameters an application parsed from the body, and
 *     that parsing maps bytes that are not UTF-8 (raw, or escaped as `%FF`) to
 *     U+FFFD, so different bodies yield the same parameters. hookgate refuses
 *     any form it cannot render from the bytes (docs/security.md).
 *   - Stripe's SDK checks only a timestamp's age; hookgate also refuses one
 *     more than the tolerance in the future.
 *
 * Fixed seed and FUZZ_RUNS runs per preset in `npm test` (default 15, a few
 * seconds); a long run: `FUZZ_RUNS=2000 npx vitest run --config test/vitest.config.ts --project fuzz`.
 * FUZZ_SEED=<n> picks another seed; a failure prints the seed and path to replay.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import Stripe from "stripe";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { parse as parseQuery } from "node:querystring";
import * as twilio from "twilio/lib/webhooks/webhooks.js";
import { harness } from "../helpers/harness.ts";

const fuzzEnv = env as unknown as { FUZZ_RUNS?: string; FUZZ_SEED?: string };
const RUNS = Number(fuzzEnv.FUZZ_RUNS) || 15;
const SEED = Number(fuzzEnv.FUZZ_SEED) || 20261130;

// ---- requests and reference recipes (WebCrypto, independent of src/verify) ----

interface Req {
  method: "GET" | "POST";
  /** Query string including "?", or "". */
  query: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

const enc = new TextEncoder();
const strictText = (b: Uint8Array): string | null => {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return null;
  }
};
const lossyText = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(b);
const cat = (...parts: (Uint8Array | string)[]) => {
  const bytes = parts.map((p) => (typeof p === "string" ? enc.encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of bytes) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const whsecKey = (s: string) => Uint8Array.from(atob(s.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
async function hmac(hash: "SHA-1" | "SHA-256", key: Uint8Array | string, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey("raw", typeof key === "string" ? enc.encode(key) : key, { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, data));
}
const sha256 = async (b: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", b));
/** Constant-time enough for a test oracle: plain comparison of two strings. */
const same = (a: string | undefined, b: string) => a === b;

// ---- bodies ----

const jsonSpacing = fc.constantFrom(undefined, 0, 1, 2, 4, "\t", " \n ");
const jsonBody = fc.tuple(fc.jsonValue({ maxDepth: 3 }), jsonSpacing).map(([v, s]) => enc.encode(JSON.stringify(v ?? null, null, s as never)));
const formKey = fc.oneof(fc.constantFrom("CallSid", "From", "To", "Body", "Digits", "", "a", "A", "a b", "ä", "%", "+", "a[0]", "__proto__", "constructor"), fc.string({ unit: "grapheme", maxLength: 6 }));
const formValue = fc.oneof(fc.constantFrom("", "+15551234567", "a+b", "100%", "x=y", "&", "é ☃", "\u{1F600}"), fc.string({ unit: "grapheme", maxLength: 10 }));
/** One pair, spelled as a sender might: encodeURIComponent, URLSearchParams (+ for spaces), lower-case escapes, no '='. */
const pairSpelling = fc.constantFrom("component", "search", "lower", "bare");
function spell(k: string, v: string, how: string): string {
  switch (how) {
    case "search":
      return new URLSearchParams([[k, v]]).toString();
    case "lower":
      return `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    case "bare":
      return v === "" ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
    default:
      return `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
  }
}
/** A form: repeated names (same or other values), empty names and values, odd separators. */
const formPairs = fc.array(fc.tuple(formKey, formValue), { maxLength: 8 }).chain((pairs) =>
  fc.tuple(
    fc.constant(pairs),
    fc.array(pairSpelling, { minLength: pairs.length, maxLength: pairs.length }),
    fc.array(fc.nat(2), { minLength: pairs.length, maxLength: pairs.length }),
    fc.boolean(),
  ),
);
const formBody = formPairs.map(([pairs, spellings, repeats, trailing]) => {
  const parts: string[] = [];
  pairs.forEach(([k, v], i) => {
    for (let r = 0; r <= repeats[i]! % 2; r++) parts.push(spell(k, v, spellings[i]!));
    if (repeats[i] === 2) parts.push(""); // an empty piece: "&&"
  });
  return enc.encode(parts.join("&") + (trailing ? "&" : ""));
});
const invalidUtf8: fc.Arbitrary<number[]> = fc.constantFrom<number[]>(
  [0xff],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xef, 0xbb, 0xbf], // a BOM (valid UTF-8, but decoders like to drop it)
);
const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: jsonBody },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.tuple(jsonBody, invalidUtf8, fc.nat()).map(([j, bad, at]) => { const i = at % (j.length + 1); return cat(j.subarray(0, i), new Uint8Array(bad), j.subarray(i)); }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 2, arbitrary: formBody },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((s) => enc.encode(s)) },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024, max: 128 * 1024 }).map((n) => new Uint8Array(n).fill(0x7b)) },
);

// ---- mutations ----

type Mutation =
  | { kind: "none" }
  | { kind: "flip"; at: number; xor: number }
  | { kind: "insert"; at: number; byte: number }
  | { kind: "delete"; at: number }
  | { kind: "swapBody"; body: Uint8Array }
  | { kind: "appendInvalid"; bytes: readonly number[] }
  | { kind: "dropSignature" }
  | { kind: "otherSecret" }
  | { kind: "extraCandidate"; first: boolean }
  | { kind: "resignAt"; deltaS: number }
  | { kind: "editTimestamp"; deltaS: number }
  | { kind: "editId"; suffix: string }
  | { kind: "contentType"; type: string }
  | { kind: "query"; extra: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swapBody" as const), body }),
  fc.record({ kind: fc.constant("appendInvalid" as const), bytes: invalidUtf8 }),
  fc.constant({ kind: "dropSignature" as const }),
  fc.constant({ kind: "otherSecret" as const }),
  fc.record({ kind: fc.constant("extraCandidate" as const), first: fc.boolean() }),
  // Inside the 300 s tolerance or clearly outside (never within seconds of the edge).
  fc.record({ kind: fc.constant("resignAt" as const), deltaS: fc.constantFrom(-1000, -400, -250, -30, 30, 250, 400, 1000) }),
  fc.record({ kind: fc.constant("editTimestamp" as const), deltaS: fc.constantFrom(-60, -1, 1, 60) }),
  fc.record({ kind: fc.constant("editId" as const), suffix: fc.stringMatching(/^[A-Za-z0-9_-]{1,4}$/) }),
  fc.record({ kind: fc.constant("contentType" as const), type: fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "application/x-www-form-urlencoded; charset=utf-8", "") }),
  fc.record({ kind: fc.constant("query" as const), extra: fc.constantFrom("a=1", "CallSid=CAevil", "bodySHA256=00") }),
);

function mutateBody(b: Uint8Array, m: Mutation): Uint8Array | null {
  switch (m.kind) {
    case "flip": {
      if (b.length === 0) return null;
      const c = b.slice();
      c[m.at % c.length]! ^= m.xor;
      return c;
    }
    case "insert": {
      const at = m.at % (b.length + 1);
      return cat(b.subarray(0, at), new Uint8Array([m.byte]), b.subarray(at));
    }
    case "delete": {
      if (b.length === 0) return null;
      const at = m.at % b.length;
      return cat(b.subarray(0, at), b.subarray(at + 1));
    }
    case "swapBody":
      return m.body;
    case "appendInvalid":
      return cat(b, new Uint8Array(m.bytes));
    default:
      return b;
  }
}

// ---- schemes: a signer (reference recipe), the SDK oracle, and how mutations apply ----

interface Ctx {
  ts: number;
  id: string;
  secret: string;
}
interface Scheme {
  preset: string;
  secret: string;
  route?: Record<string, unknown>;
  /** A genuine request for `body` (null: this scheme cannot carry such a body, e.g. a GET). */
  sign(body: Uint8Array, c: Ctx): Promise<Req | null>;
  /** The provider's own verification of what hookgate received. */
  accepts(r: Req, nowS: number): Promise<boolean>;
  /** Adds a second candidate signature (forged) to the signature header, or null when the format has one. */
  extra?(r: Req, first: boolean): Req | null;
  timestampHeader?: string;
  idHeader?: string;
  /** Whether a deliberate "hookgate is stricter" difference (module comment) applies to this request. */
  stricterMayApply?(r: Req, nowS: number): boolean;
}

/** The SDK for a UTF-8 body; the reference recipe for bytes a string cannot carry, and for an empty body (the SDKs refuse an empty payload argument). */
const utf8Or = async (r: Req, sdk: (text: string) => Promise<boolean>, reference: () => Promise<boolean>) => {
  const text = strictText(r.body);
  return text !== null && text !== "" ? sdk(text) : reference();
};
const header = (r: Req, name: string) => r.headers[name.toLowerCase()];

const github: Scheme = {
  preset: "github",
  secret: "fuzz-github-secret",
  async sign(body, c) {
    return { method: "POST", query: "", body, headers: { "x-hub-signature-256": `sha256=${hex(await hmac("SHA-256", c.secret, body))}`, "x-github-delivery": c.id, "x-github-event": "push" } };
  },
  async accepts(r) {
    const sig = header(r, "x-hub-signature-256");
    if (sig === undefined) return false;
    return utf8Or(r, (text) => octokitVerify(this.secret, text, sig).catch(() => false), async () => same(sig, `sha256=${hex(await hmac("SHA-256", this.secret, r.body))}`));
  },
};

const stripe: Scheme = {
  preset: "stripe",
  secret: "whsec_fuzz_stripe_secret",
  async sign(body, c) {
    const v1 = hex(await hmac("SHA-256", c.secret, cat(`${c.ts}.`, body)));
    return { method: "POST", query: "", body, headers: { "stripe-signature": `t=${c.ts},v1=${v1}`, "content-type": "application/json" } };
  },
  async accepts(r, nowS) {
    const sig = header(r, "stripe-signature");
    if (sig === undefined) return false;
    return utf8Or(
      r,
      (text) => Stripe.webhooks.signature.verifyHeaderAsync(text, sig, this.secret, 300).then(() => true, () => false),
      async () => {
        // Stripe's scheme on raw bytes: any v1 of t=…, t within 300 s.
        const fields = sig.split(",").map((kv) => kv.split("="));
        const t = fields.find(([k]) => k === "t")?.[1];
        if (!t || !/^\d+$/.test(t) || Math.abs(nowS - Number(t)) > 300) return false;
        const want = hex(await hmac("SHA-256", this.secret, cat(`${t}.`, r.body)));
        return fields.some(([k, v]) => k === "v1" && v === want);
      },
    );
  },
  // Stripe's SDK checks only a timestamp's age; hookgate's window is both ways (a timestamp more than the
  // tolerance in the future is refused too).
  stricterMayApply: (r, nowS) => Number(/(?:^|,)t=(\d+)/.exec(r.headers["stripe-signature"] ?? "")?.[1] ?? 0) - nowS > 300,
  extra(r, first) {
    const forged = "0".repeat(64);
    const sig = r.headers["stripe-signature"];
    if (!sig) return null;
    return { ...r, headers: { ...r.headers, "stripe-signature": first ? sig.replace(/,v1=/, `,v1=${forged},v1=`) : `${sig},v1=${forged}` } };
  },
};

function standardScheme(preset: string, prefix: "webhook" | "svix", Lib: typeof StandardWebhook | typeof SvixWebhook): Scheme {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const h = (n: string) => `${prefix}-${n}`;
  return {
    preset,
    secret,
    timestampHeader: h("timestamp"),
    idHeader: h("id"),
    async sign(body, c) {
      const sig = b64(await hmac("SHA-256", whsecKey(c.secret), cat(`${c.id}.${c.ts}.`, body)));
      return { method: "POST", query: "", body, headers: { [h("id")]: c.id, [h("timestamp")]: String(c.ts), [h("signature")]: `v1,${sig}` } };
    },
    async accepts(r, nowS) {
      const [id, ts, sig] = [header(r, h("id")), header(r, h("timestamp")), header(r, h("signature"))];
      if (id === undefined || ts === undefined || sig === undefined) return false;
      return utf8Or(
        r,
        async (text) => {
          try {
            new Lib(secret).verify(text, { [h("id")]: id, [h("timestamp")]: ts, [h("signature")]: sig });
            return true;
          } catch (e) {
            // verify() parses the payload as JSON only after a signature matched: a SyntaxError means verified.
            return e instanceof SyntaxError;
          }
        },
        async () => {
          if (!/^\d+$/.test(ts) || Math.abs(nowS - Number(ts)) > 300) return false;
          const want = b64(await hmac("SHA-256", whsecKey(secret), cat(`${id}.${ts}.`, r.body)));
          return sig.split(" ").some((s) => s === `v1,${want}`);
        },
      );
    },
    extra(r, first) {
      const sig = r.headers[h("signature")]!;
      const forged = `v1,${b64(new Uint8Array(32))}`;
      return { ...r, headers: { ...r.headers, [h("signature")]: first ? `${forged} ${sig}` : `${sig} ${forged}` } };
    },
  };
}

const TWILIO_PATH = "/fuzz/twilio";
const TWILIO_URL = `https://hooks.example.com${TWILIO_PATH}`;
const isFormType = (r: Req) => (header(r, "content-type") ?? "").split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
/** Strict form decoding: every byte UTF-8, every escape UTF-8 (what hookgate can render). */
function strictForm(b: Uint8Array): boolean {
  const text = strictText(b);
  if (text === null) return false;
  const bytes = text.replace(/\+/g, " ").replace(/%([0-9A-Fa-f]{2})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16) | 0x100));
  // Re-assemble the escaped bytes (marked ≥ 0x100) with the literal text's UTF-8 and decode strictly.
  const out: number[] = [];
  for (const ch of bytes) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x100 && c <= 0x1ff) out.push(c - 0x100);
    else out.push(...enc.encode(ch));
  }
  return strictText(new Uint8Array(out)) !== null;
}

const twilioScheme: Scheme = {
  preset: "twilio",
  secret: "fuzz-twilio-auth-token",
  route: { publicUrl: TWILIO_URL, methods: ["GET", "POST"] },
  async sign(body, c): Promise<Req> {
    // Three genuine shapes, chosen by the body: a form POST, a JSON POST (bodySHA256 in the signed URL), a GET.
    const text = strictText(body);
    if (body.length === 0 || (text !== null && strictForm(body) && /=/.test(text))) {
      const params = parseQuery(text ?? "");
      if (body.length > 0 || c.ts % 2 === 0)
        return { method: "POST", query: "", body, headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(c.secret, TWILIO_URL, params), "content-type": "application/x-www-form-urlencoded" } };
      const query = `?${new URLSearchParams({ CallSid: `CA${c.id}`, CallStatus: "ringing", From: "+15551234567" }).toString()}`;
      return { method: "GET", query, body, headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(c.secret, TWILIO_URL + query, {}) } };
    }
    const query = `?bodySHA256=${hex(await sha256(body))}`;
    return { method: "POST", query, body, headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(c.secret, TWILIO_URL + query, {}), "content-type": "application/json" } };
  },
  async accepts(r) {
    const sig = header(r, "x-twilio-signature");
    if (sig === undefined) return false;
    const url = TWILIO_URL + r.query;
    if (new URL(url).searchParams.has("bodySHA256")) {
      const text = strictText(r.body);
      if (text !== null) return twilio.validateRequestWithBody(this.secret, sig, url, text);
      return twilio.validateRequest(this.secret, sig, url, {}) && new URL(url).searchParams.get("bodySHA256") === hex(await sha256(r.body));
    }
    // No digest: the SDK verifies the parameters an application parsed from a form body (lossy, as
    // body-parser does); a non-empty body that is not a form is covered by nothing the SDK checks.
    if (r.body.length > 0 && !isFormType(r)) return false;
    return twilio.validateRequest(this.secret, sig, url, r.body.length ? parseQuery(lossyText(r.body)) : {});
  },
  stricterMayApply: (r) => r.body.length > 0 && !strictForm(r.body),
};

const schemes: Scheme[] = [
  github,
  stripe,
  standardScheme("standard-webhooks", "webhook", StandardWebhook),
  standardScheme("openai", "webhook", StandardWebhook),
  standardScheme("svix", "svix", SvixWebhook),
  standardScheme("clerk", "svix", SvixWebhook),
  twilioScheme,
];

async function applyMutation(s: Scheme, genuine: Req, m: Mutation, c: Ctx): Promise<Req | null> {
  switch (m.kind) {
    case "none":
      return genuine;
    case "flip":
    case "insert":
    case "delete":
    case "swapBody":
    case "appendInvalid": {
      const b = mutateBody(genuine.body, m);
      if (b === null || (genuine.method === "GET" && b.length > 0)) return null;
      return { ...genuine, body: b };
    }
    case "dropSignature": {
      const headers = Object.fromEntries(Object.entries(genuine.headers).filter(([k]) => !/signature/.test(k)));
      return { ...genuine, headers };
    }
    case "otherSecret": {
      const other = await s.sign(genuine.body, { ...c, secret: s.secret.startsWith("whsec_") ? "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0zMg==" : `${s.secret}-other` });
      return other && genuine.method === other.method ? { ...genuine, headers: other.headers } : null;
    }
    case "extraCandidate":
      return s.extra?.(genuine, m.first) ?? null;
    case "resignAt": {
      if (!s.timestampHeader && s.preset !== "stripe") return null;
      return s.sign(genuine.body, { ...c, ts: c.ts + m.deltaS });
    }
    case "editTimestamp": {
      if (s.timestampHeader) return { ...genuine, headers: { ...genuine.headers, [s.timestampHeader]: String(c.ts + m.deltaS) } };
      if (s.preset === "stripe") return { ...genuine, headers: { ...genuine.headers, "stripe-signature": genuine.headers["stripe-signature"]!.replace(`t=${c.ts}`, `t=${c.ts + m.deltaS}`) } };
      return null;
    }
    case "editId":
      return s.idHeader ? { ...genuine, headers: { ...genuine.headers, [s.idHeader]: `${c.id}${m.suffix}` } } : null;
    case "contentType":
      if (genuine.method === "GET") return null;
      return { ...genuine, headers: { ...genuine.headers, "content-type": m.type } };
    case "query":
      return { ...genuine, query: genuine.query ? `${genuine.query}&${m.extra}` : `?${m.extra}` };
  }
}

describe.each(schemes.map((s) => [s.preset, s] as const))("differential fuzz: %s (hookgate forwards ⇔ the SDK accepts)", (_name, scheme) => {
  const h = harness({ nowMs: Date.now() });
  let path = "";
  beforeAll(async () => {
    path = await h.putRoute({
      path: scheme.preset === "twilio" ? TWILIO_PATH : `/fuzz/${scheme.preset}`,
      provider: scheme.preset,
      secrets: [scheme.secret],
      origin: "https://origin.example.com",
      allow: { ips: ["203.0.113.7"] },
      dedup: false,
      ...scheme.route,
    });
  });

  it(`agrees on ${RUNS} random requests (seed ${SEED})`, async () => {
    let n = 0;
    const tally = { forwarded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(body, mutation, async (b, m) => {
        const nowMs = Date.now();
        h.clock.nowMs = nowMs;
        const c: Ctx = { ts: Math.floor(nowMs / 1000), id: `msg_${(n += 1)}_${nowMs.toString(36)}`, secret: scheme.secret };
        const genuine = await scheme.sign(b, c);
        fc.pre(genuine !== null);
        const r = await applyMutation(scheme, genuine!, m, c);
        fc.pre(r !== null);
        const before = h.received.length;
        const res = await h.send(path + r!.query, { method: r!.method, headers: r!.headers, body: r!.method === "GET" ? undefined : r!.body });
        await res.arrayBuffer();
        const forwarded = h.received.length > before;
        const nowS = Math.floor(Date.now() / 1000);
        const accepted = await scheme.accepts(r!, nowS);
        const what = `${JSON.stringify(m, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))} on a ${b.length}-byte body → ${res.status} ${h.lastLog()?.reason ?? ""} ${h.lastLog()?.detail ?? ""}`;
        expect(res.status, what).toBeLessThan(500);
        if (forwarded) {
          expect(accepted, `FORGED: hookgate forwarded what the SDK rejects: ${what}`).toBe(true);
          expect(h.received.at(-1)!.body, "forwarded byte for byte").toEqual(r!.body);
          tally.forwarded += 1;
        } else {
          tally.refused += 1;
          if (accepted && !scheme.stricterMayApply?.(r!, nowS)) expect.fail(`LOST: the SDK accepts what hookgate refused: ${what}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // Both sides of the property were exercised.
    expect(tally.forwarded, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(tally.refused, JSON.stringify(tally)).toBeGreaterThan(0);
  });
});
