/**
 * Every preset (core vectors.ts + generated preset-vectors.ts), through the whole pipeline inside workerd: its genuine
 * vector is forwarded byte for byte, and each forgery is rejected before the
 * origin sees anything.
 */
import { describe, expect, it } from "vitest";
import { harness, mutatedHeaders, publishedSourceIp, text } from "../helpers/harness.ts";
import { vectors as coreVectors, type Vector } from "../fixtures/vectors.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { formatPresets, signedVectors, tokenPresets } from "../fixtures/handshake-vectors.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { KEYED_PRESETS } from "../helpers/keyed-sign.ts";

const vectors = [...coreVectors, ...presetVectors].map((v) => ({ ...v, label: v.label ?? v.preset }));

type Forgery = { name: string; mutate(v: Vector): { body?: string; headers?: Record<string, string | null>; secret?: string; clockShiftS?: number } };

const sig = (v: Vector) => v.headers[v.signatureHeader]!;

/** What a framework hands a careless verifier: parsed and serialised again, or re-encoded. */
function reserialised(body: string): string {
  try {
    const again = JSON.stringify(JSON.parse(body));
    return again === body ? JSON.stringify(JSON.parse(body), null, 2) : again;
  } catch {
    return body.includes(" ") ? body.replace(/ /g, "+") : body.replace("&", "&&");
  }
}

const forgeries: Forgery[] = [
  { name: "body changed by one byte", mutate: (v) => ({ body: v.body.slice(0, -1) + String.fromCharCode(v.body.charCodeAt(v.body.length - 1) ^ 1) }) },
  { name: "re-serialised JSON (or re-encoded form)", mutate: (v) => ({ body: reserialised(v.body) }) },
  {
    name: "wrong secret configured",
    mutate: (v) => ({ secret: v.wrongSecret ?? (v.secret.startsWith("whsec_") ? "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==" : `${v.secret}x`) }),
  },
  { name: "signature header missing", mutate: (v) => ({ headers: { [v.signatureHeader]: null } }) },
  { name: "signature header empty", mutate: (v) => ({ headers: { [v.signatureHeader]: "" } }) },
  { name: "signature truncated", mutate: (v) => ({ headers: { [v.signatureHeader]: sig(v).slice(0, -4) } }) },
  { name: "signature with wrong prefix", mutate: (v) => ({ headers: { [v.signatureHeader]: v.wrongPrefix + sig(v).slice(v.prefix.length) } }) },
  { name: "signature of another body", mutate: (v) => ({ body: v.body + " " }) },
];

const tolerance = (v: Vector) => v.tolerance ?? 300;
const timeForgeries: Forgery[] = [
  { name: "timestamp stale by tolerance + 1 s", mutate: (v) => ({ clockShiftS: tolerance(v) + 1 }) },
  { name: "timestamp in the future by tolerance + 1 s", mutate: (v) => ({ clockShiftS: -(tolerance(v) + 1) }) },
];

it("every preset has a vector, a description and its docs", () => {
  // The asymmetric and handshake presets have their own vectors and suite (handshake-presets.test.ts).
  // psk-jwt (pre-shared key + JWT) has its own suite: test/rules/seed-providers.test.ts.
  const covered = new Set([...[...vectors, ...signedVectors].map((v) => v.preset), ...tokenPresets, ...formatPresets, ...KEYED_PRESETS, "psk-jwt"]);
  for (const [name, p] of Object.entries(presets)) {
    expect(covered.has(name), `preset ${name} has no vector`).toBe(true);
    expect(p.description, `preset ${name} has no description`).toBeTruthy();
  }
});

describe.each(vectors)("preset $label", (v) => {
  const query = v.query ?? "";
  async function setUp(secret = v.secret) {
    const h = harness({ nowMs: v.nowMs });
    const path = await h.putRoute({
      provider: v.preset,
      secrets: [secret],
      origin: "https://origin.example.com",
      ...(v.publicUrl ? { publicUrl: v.publicUrl } : {}),
    });
    return { h, path };
  }

  it(`forwards the genuine request byte for byte (${v.source})`, async () => {
    const { h, path } = await setUp();
    const res = await h.send(path + query, { body: v.body, headers: v.headers, ip: publishedSourceIp(v.preset) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok from origin");
    expect(h.received).toHaveLength(1);
    expect(text(h.received[0]!.body)).toBe(v.body);
    expect(h.received[0]!.url).toBe(`https://origin.example.com${path}${query}`);
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", provider: v.preset });
  });

  it(`still verifies within tolerance (clock tolerance - 1 s later)`, async () => {
    const { h, path } = await setUp();
    h.clock.nowMs += (tolerance(v) - 1) * 1000;
    const res = await h.send(path + query, { body: v.body, headers: v.headers, ip: publishedSourceIp(v.preset) });
    expect(res.status).toBe(200);
  });

  if (v.publicUrl) {
    it("rejects the genuine request when the route's publicUrl is not the URL the provider signed", async () => {
      const h = harness({ nowMs: v.nowMs });
      const path = await h.putRoute({ provider: v.preset, secrets: [v.secret], origin: "https://origin.example.com", publicUrl: "https://elsewhere.example.net/hook" });
      const res = await h.send(path + query, { body: v.body, headers: v.headers, ip: publishedSourceIp(v.preset) });
      expect(res.status).toBe(401);
      expect(h.received).toHaveLength(0);
    });
  }

  const na = v.notApplicable ?? {};
  const extra: Forgery[] = (v.extraForgeries ?? []).map((x) => ({ name: x.name, mutate: () => ({ body: x.body, headers: x.headers }) }));
  const cases = [...(v.timestamped ? [...forgeries, ...timeForgeries] : forgeries), ...extra].filter((f) => !(f.name in na));
  it.each(cases)("rejects: $name", async (f) => {
    const m = f.mutate(v);
    const { h, path } = await setUp(m.secret);
    if (m.clockShiftS) h.clock.nowMs += m.clockShiftS * 1000;
    const headers = mutatedHeaders(v.headers, m.headers);
    if (m.body !== undefined) expect(m.body).not.toBe(v.body);
    const res = await h.send(path + query, { body: m.body ?? v.body, headers, ip: publishedSourceIp(v.preset) });
    expect([400, 401]).toContain(res.status);
    const json = (await res.json()) as { error: string; message: string };
    expect(Object.keys(json).sort()).toEqual(["error", "message"]);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.verdict).toBe("rejected");
  });
});
