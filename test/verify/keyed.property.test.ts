/**
 * Random mutations of genuine requests never verify for the RSA / JWS /
 * fetched-key presets, through the real pipeline: a byte flipped,
 * inserted or deleted anywhere in the body, or one character of the signature
 * (header) changed. Each mutated request gets a 4xx; the origin receives nothing.
 * JSON bodies may stop parsing (400) or lose a signed field (401): both are refusals.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { harness } from "../helpers/harness.ts";
import { RSA } from "../fixtures/keyed-keys.ts";
import * as S from "../helpers/keyed-sign.ts";

const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
const certUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-property.pem";
const paypalCert = "https://api.paypal.com/v1/notifications/certs/CERT-property";
const jwksUrl = "https://keys.fireblocks.io/.well-known/jwks.json";
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

interface Genuine {
  preset: string;
  secrets: string[];
  body: string;
  headers: Record<string, string>;
  /** The header carrying the signature (none: it is in the body). */
  sigHeader?: string;
}

async function genuine(): Promise<Genuine[]> {
  const body = '{"id":"evt-1","type":"test","data":{"amount":1130}}';
  const fa = await S.jws("RS256", {}, JSON.stringify({ request_body_sha256: await S.sha256B64(body) }));
  return [
    { preset: "aws-sns", secrets: [S.SNS_TOPIC], body: JSON.stringify(await S.snsMessage({ certUrl, timestamp: new Date(NOW).toISOString() })), headers: {} },
    { preset: "paypal", secrets: [S.PAYPAL_WEBHOOK_ID], body, headers: await S.paypalHeaders(body, paypalCert), sigHeader: "PAYPAL-TRANSMISSION-SIG" },
    { preset: "fireblocks-v1", secrets: [RSA.pub], body, headers: { "Fireblocks-Signature": b64(await S.rsaSign("SHA-512", body)) }, sigHeader: "Fireblocks-Signature" },
    { preset: "fireblocks", secrets: [jwksUrl], body, headers: { "Fireblocks-Webhook-Signature": await S.jws("RS512", { kid: "k1" }, body, { detached: true }) }, sigHeader: "Fireblocks-Webhook-Signature" },
    { preset: "wix", secrets: [RSA.pub], body: await S.jws("RS256", {}, JSON.stringify({ data: body })), headers: {} },
    { preset: "fusionauth", secrets: [RSA.pub], body, headers: { "X-FusionAuth-Signature-JWT": fa }, sigHeader: "X-FusionAuth-Signature-JWT" },
    // Not adyen: Adyen signs eight fields per item, not the body; its forgeries are in keyed.test.ts.
  ];
}

type Mutation = { kind: "flip"; at: number; xor: number } | { kind: "insert"; at: number; byte: number } | { kind: "delete"; at: number } | { kind: "sigchar"; at: number; pick: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("sigchar" as const), at: fc.nat(), pick: fc.nat() }),
);

function apply(g: Genuine, m: Mutation): { body: Uint8Array; headers: Record<string, string> } | null {
  const body = new TextEncoder().encode(g.body);
  if (m.kind === "sigchar") {
    if (!g.sigHeader) return null;
    const v = g.headers[g.sigHeader]!;
    const at = m.at % v.length;
    const c = ALPHABET[m.pick % ALPHABET.length]!;
    if (v[at] === c || v[at] === ".") return null;
    return { body, headers: { ...g.headers, [g.sigHeader]: v.slice(0, at) + c + v.slice(at + 1) } };
  }
  const at = m.at % (body.length + (m.kind === "insert" ? 1 : 0));
  const out = [...body];
  if (m.kind === "flip") out[at] = out[at]! ^ m.xor;
  else if (m.kind === "insert") out.splice(at, 0, m.byte);
  else out.splice(at, 1);
  return { body: new Uint8Array(out), headers: g.headers };
}

describe("random mutations of keyed-scheme requests never verify", async () => {
  const cases = await genuine();
  const serve: Record<string, string> = { [certUrl]: RSA.cert, [paypalCert]: RSA.cert, [jwksUrl]: await S.jwks("k1") };
  it.each(cases.map((c) => [c.preset, c] as const))("%s", async (_name, g) => {
    const h = harness({ nowMs: NOW, deps: { keyFetch: async (u) => (serve[String(u)] ? new Response(serve[String(u)]) : new Response("", { status: 404 })) } });
    const path = await h.putRoute({ provider: g.preset, secrets: g.secrets, origin: "https://origin.example.com" });
    expect((await h.send(path, { body: g.body, headers: g.headers })).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const req = apply(g, m);
        if (!req) return;
        const before = h.received.length;
        const res = await h.send(path, { body: req.body, headers: req.headers });
        expect(res.status, JSON.stringify(m)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(m)).toBeLessThan(500);
        expect(h.received.length).toBe(before);
      }),
      { numRuns: 40, seed: 17 },
    );
  });
});
