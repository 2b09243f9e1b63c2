/**
 * The asymmetric and handshake presets (discord, sendgrid, telnyx, zoom,
 * dropbox, twitch, xero) through the whole pipeline inside workerd: the genuine event
 * is forwarded byte for byte, and every forgery is rejected before the origin
 * sees anything.
 */
import { describe, expect, it } from "vitest";
import { harness, mutatedHeaders, text } from "../helpers/harness.ts";
import { signedVectors, type SignedVector } from "../fixtures/handshake-vectors.ts";

/** Another valid key of the same kind, so "wrong key" is a mismatch and not a config error. */
const OTHER_KEY: Record<string, string> = {
  discord: "d32fa305a655e7f25476f621a7612412c04b256ef6979182718e9a59fe2e27be",
  telnyx: "0y+jBaZV5/JUdvYhp2EkEsBLJW72l5GCcY6aWf4uJ74=",
  sendgrid: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==",
};
const wrongKey = (v: SignedVector) => OTHER_KEY[v.preset] ?? `${v.secret}x`;

type Mutation = { body?: string; headers?: Record<string, string | null>; secrets?: string[]; clockShiftS?: number };
const sig = (v: SignedVector) => v.headers[v.signatureHeader]!;
const flipLast = (s: string) => s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) ^ 1);

const forgeries: { name: string; mutate(v: SignedVector): Mutation }[] = [
  { name: "body changed by one byte", mutate: (v) => ({ body: flipLast(v.body) }) },
  { name: "re-serialised JSON", mutate: (v) => ({ body: JSON.stringify(JSON.parse(v.body), null, 1) }) },
  { name: "signature of another body", mutate: (v) => ({ body: `${v.body} ` }) },
  { name: "wrong key configured", mutate: (v) => ({ secrets: [wrongKey(v)] }) },
  { name: "signature header missing", mutate: (v) => ({ headers: { [v.signatureHeader]: null } }) },
  { name: "signature header empty", mutate: (v) => ({ headers: { [v.signatureHeader]: "" } }) },
  { name: "signature truncated", mutate: (v) => ({ headers: { [v.signatureHeader]: sig(v).slice(0, -4) } }) },
  { name: "signature with one bit flipped", mutate: (v) => ({ headers: { [v.signatureHeader]: flipSignature(sig(v)) } }) },
  { name: "signature that is not the encoding", mutate: (v) => ({ headers: { [v.signatureHeader]: "!!not-a-signature!!" } }) },
];

/** Flips one bit of the signature's last significant character, keeping it valid hex/base64. */
function flipSignature(s: string): string {
  const at = s.endsWith("=") ? s.replace(/=+$/, "").length - 2 : s.length - 2;
  const c = s[at]!;
  const swapped = c === "a" ? "b" : c === "A" ? "B" : c === "0" ? "1" : "a";
  return s.slice(0, at) + swapped + s.slice(at + 1);
}

describe.each(signedVectors)("preset $preset", (v) => {
  async function setUp(secrets = [v.secret]) {
    const h = harness({ nowMs: v.nowMs });
    const path = await h.putRoute({ provider: v.preset, secrets, origin: "https://origin.example.com" });
    return { h, path };
  }

  async function expectRejected(m: Mutation) {
    const { h, path } = await setUp(m.secrets);
    if (m.clockShiftS) h.clock.nowMs += m.clockShiftS * 1000;
    const headers = mutatedHeaders(v.headers, m.headers);
    if (m.body !== undefined) expect(m.body).not.toBe(v.body);
    const res = await h.send(path, { body: m.body ?? v.body, headers });
    expect([400, 401]).toContain(res.status);
    const json = (await res.json()) as { error: string; message: string };
    expect(Object.keys(json).sort()).toEqual(["error", "message"]);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.verdict).toBe("rejected");
    return res.status;
  }

  it(`forwards the genuine event byte for byte (${v.source})`, async () => {
    const { h, path } = await setUp();
    const res = await h.send(path, { body: v.body, headers: v.headers });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(text(h.received[0]!.body)).toBe(v.body);
    expect(h.received[0]!.headers.get("hookgate-verified")).toBe("true");
    expect(h.received[0]!.headers.get("hookgate-unverified-reason")).toBeNull();
    expect(h.lastLog()).toMatchObject({ verdict: "forwarded", provider: v.preset });
  });

  it("verifies with the right key second in the list (rotation)", async () => {
    const { h, path } = await setUp([wrongKey(v), v.secret]);
    const res = await h.send(path, { body: v.body, headers: v.headers });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it.each(forgeries)("rejects: $name", async (f) => {
    await expectRejected(f.mutate(v));
  });

  it("answers 401 (not 400) for a bad signature, as Discord and Xero require", async () => {
    expect(await expectRejected({ headers: { [v.signatureHeader]: flipSignature(sig(v)) } })).toBe(401);
  });

  if (v.tolerance !== null) {
    const tol = v.tolerance;
    it(`accepts within its ${tol} s tolerance and rejects beyond it, both ways`, async () => {
      const { h, path } = await setUp();
      h.clock.nowMs += (tol - 1) * 1000;
      expect((await h.send(path, { body: v.body, headers: v.headers })).status).toBe(200);
      await expectRejected({ clockShiftS: tol + 1 });
      await expectRejected({ clockShiftS: -(tol + 1) });
    });
  }
});

describe("per-route tolerance overrides the preset's default", () => {
  it.each(signedVectors.filter((v) => v.tolerance !== null))("$preset: tolerance 60 rejects a 61 s old request", async (v) => {
    const h = harness({ nowMs: v.nowMs + 61_000 });
    const path = await h.putRoute({ provider: v.preset, secrets: [v.secret], origin: "https://origin.example.com", tolerance: 60 });
    const res = await h.send(path, { body: v.body, headers: v.headers });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    h.clock.nowMs = v.nowMs + 59_000;
    expect((await h.send(path, { body: v.body, headers: v.headers })).status).toBe(200);
  });
});
