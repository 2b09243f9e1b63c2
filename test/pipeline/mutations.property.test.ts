/**
 * Random mutations of a valid signed request never verify, for every HMAC
 * preset, through the real pipeline (real app, real KV rules, recording
 * origin): byte flips, insertions and deletions in the body; edits to the
 * signature (bit flips, character swaps, truncation, extra characters); and
 * edits to every other signed value (timestamp, id, signed headers). Each
 * mutated request must get a 4xx and the origin must receive nothing.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { harness } from "../helpers/harness.ts";
import { signable, signRequest, encodeSig, type Signed } from "../helpers/sign.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema, type HmacSignature, type Provider } from "../../src/rules/schema.ts";
import { decode } from "../../src/verify/encoding.ts";

const NOW = Date.UTC(2025, 10, 24, 16, 0, 0);
const hmacPresets = Object.entries(presets)
  .map(([name, data]) => [name, ProviderSchema.parse(data)] as const)
  .filter(([, p]) => signable(p));

type Mutation =
  | { kind: "flip"; at: number; xor: number }
  | { kind: "insert"; at: number; byte: number }
  | { kind: "delete"; at: number }
  | { kind: "sigbit"; bit: number }
  | { kind: "sigchar"; at: number; pick: number }
  | { kind: "sigtrunc"; n: number }
  | { kind: "sigappend"; pick: number; n: number }
  | { kind: "timestamp"; delta: number }
  | { kind: "id"; suffix: string }
  | { kind: "drop" };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("sigbit" as const), bit: fc.nat() }),
  fc.record({ kind: fc.constant("sigchar" as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant("sigtrunc" as const), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("sigappend" as const), pick: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("timestamp" as const), delta: fc.integer({ min: -120, max: 120 }).filter((d) => d !== 0) }),
  fc.record({ kind: fc.constant("id" as const), suffix: fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/) }),
  fc.constant({ kind: "drop" as const }),
);

const ALPHABET = { hex: "0123456789abcdef", base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", "base64-hex": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" };

function tsText(p: Provider, ms: number): string {
  const f = p.timestamp!.format;
  return f === "unix-ms" ? String(ms) : f === "iso8601" ? new Date(ms).toISOString() : String(Math.floor(ms / 1000));
}

/** Applies a mutation; null when it does not apply to this provider (the case is skipped). */
function mutate(p: Provider, s: Signed, m: Mutation): Signed | null {
  const spec = p.signature as HmacSignature;
  const sigHeader = (spec.header as string).toLowerCase();
  const headers = { ...s.headers };
  const withSig = (sig: string) => ({ ...s, headers: { ...headers, [sigHeader]: headers[sigHeader]!.replace(s.signatureValue, sig) } });
  const body = s.body;
  switch (m.kind) {
    case "flip": {
      if (body.length === 0) return null;
      const b = body.slice();
      b[m.at % b.length]! ^= m.xor;
      return { ...s, body: b };
    }
    case "insert": {
      const at = m.at % (body.length + 1);
      return { ...s, body: new Uint8Array([...body.subarray(0, at), m.byte, ...body.subarray(at)]) };
    }
    case "delete": {
      if (body.length === 0) return null;
      const at = m.at % body.length;
      return { ...s, body: new Uint8Array([...body.subarray(0, at), ...body.subarray(at + 1)]) };
    }
    case "sigbit": {
      const bytes = decode(spec.encoding, s.signatureValue)!;
      bytes[(m.bit >> 3) % bytes.length]! ^= 1 << (m.bit & 7);
      return withSig(encodeSig(spec.encoding, bytes));
    }
    case "sigchar": {
      const alphabet = ALPHABET[spec.encoding];
      // Stay clear of base64's last characters (padding and its unused bits are covered by the canonical-encoding test).
      const span = spec.encoding === "hex" ? s.signatureValue.length : s.signatureValue.length - 4;
      const at = m.at % span;
      const old = s.signatureValue[at]!;
      const choices = alphabet.replace(old, "");
      return withSig(s.signatureValue.slice(0, at) + choices[m.pick % choices.length] + s.signatureValue.slice(at + 1));
    }
    case "sigtrunc":
      return { ...s, headers: { ...headers, [sigHeader]: headers[sigHeader]!.slice(0, -Math.min(m.n, headers[sigHeader]!.length - 1)) } };
    case "sigappend": {
      const alphabet = ALPHABET[spec.encoding];
      return withSig(s.signatureValue + Array.from({ length: m.n }, (_, i) => alphabet[(m.pick + i) % alphabet.length]).join(""));
    }
    case "timestamp": {
      if (!p.timestamp || !spec.payload.includes("{timestamp}")) return null;
      const from = p.timestamp.from;
      const next = tsText(p, NOW + m.delta * 1000);
      if (next === s.timestamp) return null;
      if ("header" in from) return { ...s, headers: { ...headers, [from.header.toLowerCase()]: next } };
      if ("signatureField" in from) {
        // A list whose first entry is the timestamp (Recurly: <ts>,<sig>).
        if (spec.format.type === "list") return { ...s, headers: { ...headers, [sigHeader]: headers[sigHeader]!.replace(`${s.timestamp}${spec.format.separator}`, `${next}${spec.format.separator}`) } };
        const f = spec.format as { assign: string };
        const old = `${from.signatureField}${f.assign}${s.timestamp}`;
        return { ...s, headers: { ...headers, [sigHeader]: headers[sigHeader]!.replace(old, `${from.signatureField}${f.assign}${next}`) } };
      }
      if ("query" in from) return { ...s, path: s.path.replace(`${from.query}=${encodeURIComponent(s.timestamp!)}`, `${from.query}=${encodeURIComponent(next)}`) };
      return null; // a timestamp inside the JSON body: body mutations cover it
    }
    case "id": {
      if (!p.id || !spec.payload.includes("{id}") || !("header" in p.id)) return null;
      return { ...s, headers: { ...headers, [p.id.header.toLowerCase()]: `${s.id}${m.suffix}` } };
    }
    case "drop": {
      const { [sigHeader]: _, ...rest } = headers;
      return { ...s, headers: rest };
    }
  }
}

describe.each(hmacPresets)("mutations of a genuine %s request", (name, provider) => {
  it("the genuine request arrives byte for byte; no mutation of it ever verifies", async () => {
    const h = harness({ nowMs: NOW });
    const signed = await signRequest(provider, { nowMs: NOW, path: `/m/${name}`, id: `evt-${name}-1` });
    // The harness client (203.0.113.7) is allowed explicitly: some presets carry their senders' published ranges.
    const path = await h.putRoute({ path: `/m/${name}`, provider: name, secrets: [signed.secret], allow: { ips: ["203.0.113.7"] } });
    expect(path).toBe(`/m/${name}`);
    const send = (s: Signed) => h.send(s.path, { method: s.method, headers: s.headers, body: s.body });

    const genuine = await send(signed);
    expect(genuine.status, h.lastLog()?.detail).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.body).toEqual(signed.body);

    let tried = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const forged = mutate(provider, signed, m);
        fc.pre(forged !== null);
        tried += 1;
        const res = await send(forged!);
        await res.arrayBuffer();
        expect(res.status, `${JSON.stringify(m)} → ${h.lastLog()?.detail}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(h.received, JSON.stringify(m)).toHaveLength(1);
      }),
      { numRuns: 40 },
    );
    expect(tried).toBeGreaterThan(20);
  });
});
