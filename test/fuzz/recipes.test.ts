/**
 * Differential fuzzing, second half (issue 12): every preset with a reference
 * recipe (test/node/signers.ts: each provider's documented scheme written with
 * node:crypto, cross-checked against the published vectors and the SDKs in
 * test/node/vectors.test.ts), inside workerd through the real pipeline.
 *
 * The recipe signs a random body (JSON with odd spacing, forms with repeated /
 * empty / percent-encoded keys, any Unicode, empty, large); the request is sent
 * as signed or with its body bytes changed (flip, insert, delete, invalid UTF-8
 * appended, another body). The recipe accepts exactly the bytes it signed
 * (a MAC over the body), so the property is:
 *
 *     hookgate forwards  ⇔  the body is byte for byte the one the recipe signed
 *
 * The SDK presets (github, stripe, Standard Webhooks, svix, twilio) are fuzzed
 * against the SDKs themselves in differential.test.ts. Skipped here: schemes
 * whose recipe builds its own body (Mailgun; Exact Online, whose envelope has its own
 * property test in test/shared/json-envelope.test.ts), form-bound ones (Twilio,
 * Mandrill: differential.test.ts and test/verify/unrenderable.test.ts; Twilio's JSON
 * variant signs a digest of one fixed body in its URL), and
 * presets that read a timestamp from the JSON body (a random body has none).
 * FUZZ_RUNS / FUZZ_SEED as in differential.test.ts.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { signers } from "../node/signers.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema } from "../../src/rules/schema.ts";
import { harness } from "../helpers/harness.ts";

const fuzzEnv = env as unknown as { FUZZ_RUNS?: string; FUZZ_SEED?: string };
const RUNS = Math.max(4, Math.round((Number(fuzzEnv.FUZZ_RUNS) || 15) / 3));
const SEED = Number(fuzzEnv.FUZZ_SEED) || 20261130;

const vectors = presetVectors.filter((v) => {
  const p = ProviderSchema.parse(presets[v.preset]);
  return signers[v.preset] && !v.form && v.preset !== "mailgun" && v.preset !== "exact-online" && v.preset !== "twilio" && !(p.timestamp && "json" in p.timestamp.from);
});
const slug = (label: string) => label.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, "");

const enc = new TextEncoder();
const formText = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom("", "a", "a b", "%", "+", "ä"), fc.string({ unit: "grapheme", maxLength: 5 })), fc.string({ unit: "grapheme", maxLength: 8 })), { maxLength: 6 })
  .map((pairs) => pairs.map(([k, v], i) => (i % 3 === 2 ? new URLSearchParams([[k, v]]).toString() : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join(i0(pairs.length)));
function i0(n: number) {
  return n % 2 ? "&" : "&&";
}
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, 0, 2, "\t", " \r\n")).map(([v, s]) => JSON.stringify(v ?? null, null, s as never)) },
  { weight: 2, arbitrary: formText },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.integer({ min: 32 * 1024, max: 96 * 1024 }).map((n) => "é".repeat(n)) },
);
type Change = { kind: "none" } | { kind: "flip"; at: number; xor: number } | { kind: "insert"; at: number; byte: number } | { kind: "delete"; at: number } | { kind: "invalid" } | { kind: "other"; text: string };
const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "none" as const }) },
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.constant({ kind: "invalid" as const }),
  fc.record({ kind: fc.constant("other" as const), text }),
);
function apply(b: Uint8Array, c: Change): Uint8Array {
  const out = [...b];
  switch (c.kind) {
    case "none":
      break;
    case "flip":
      if (out.length) out[c.at % out.length]! ^= c.xor;
      break;
    case "insert":
      out.splice(c.at % (out.length + 1), 0, c.byte);
      break;
    case "delete":
      if (out.length) out.splice(c.at % out.length, 1);
      break;
    case "invalid":
      out.push(0xff);
      break;
    case "other":
      return enc.encode(c.text);
  }
  return new Uint8Array(out);
}
/** What a preset refuses even when signed: on twitter a CRC answer signs a token, so an event body must be a JSON object. */
const shapeOk: Record<string, (b: Uint8Array) => boolean> = { twitter: (b) => /^[ \t\r\n]*\{/.test(new TextDecoder().decode(b)) };
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe("differential fuzz: every preset with a reference recipe (forwards ⇔ the signed bytes arrived)", () => {
  const h = harness({ nowMs: Date.now() });
  beforeAll(async () => {
    for (const v of vectors)
      await h.putRoute({
        path: `/fuzz-r/${slug(v.label ?? v.preset)}`,
        provider: v.preset,
        secrets: [v.secret],
        origin: "https://origin.example.com",
        allow: { ips: ["203.0.113.7"] },
        dedup: false,
        ...(v.publicUrl ? { publicUrl: v.publicUrl } : {}),
      });
  });

  it.each(vectors.map((v) => [v.label ?? v.preset, v] as const))(`%s: ${RUNS} random bodies (seed ${SEED})`, async (_name, v) => {
    const signer = signers[v.preset]!;
    const tally = { forwarded: 0, refused: 0 };
    await fc.assert(
      // Twitter's events are JSON objects (shapeOk): mostly objects, so genuine ones get through too.
      fc.asyncProperty(shapeOk[v.preset] ? fc.oneof({ weight: 3, arbitrary: text.map((t) => JSON.stringify({ t })) }, text) : text, change, async (body, c) => {
        const nowMs = Date.now();
        h.clock.nowMs = nowMs;
        const ts = Math.floor(nowMs / 1000);
        const signed = signer({ secret: v.secret, body, ts, url: v.signedUrl, id: `msg_${nowMs.toString(36)}_${Math.random().toString(36).slice(2, 8)}` });
        const sent = apply(enc.encode(body), c);
        const before = h.received.length;
        const res = await h.send(`/fuzz-r/${slug(v.label ?? v.preset)}${v.query ?? ""}`, { headers: signed.headers, body: sent });
        await res.arrayBuffer();
        const forwarded = h.received.length > before;
        const accepted = sameBytes(sent, enc.encode(body)) && (shapeOk[v.preset]?.(sent) ?? true);
        const what = `${JSON.stringify(c)} on a ${body.length}-char body → ${res.status} ${h.lastLog()?.reason ?? ""} ${h.lastLog()?.detail ?? ""}`;
        expect(res.status, what).toBeLessThan(500);
        expect(forwarded, `${accepted ? "LOST" : "FORGED"}: ${what}`).toBe(accepted);
        if (forwarded) expect(sameBytes(h.received.at(-1)!.body, sent), "forwarded byte for byte").toBe(true);
        tally[forwarded ? "forwarded" : "refused"] += 1;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(tally.forwarded, JSON.stringify(tally)).toBeGreaterThan(0);
  });
});
