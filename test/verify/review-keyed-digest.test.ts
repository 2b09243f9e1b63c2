/**
 * REVIEW: a keyed digest (Recharge: SHA-256(secret ‖ body)) is open to length extension: from one genuine
 * (body, digest) pair anyone can compute the digest of body ‖ SHA-256 padding ‖ any suffix without the secret.
 * Such a body is never UTF-8 (the padding starts with 0x80 right after the genuine body's last character),
 * so a keyed-digest payload that is not UTF-8 must fail.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const enc = new TextEncoder();
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

// A plain SHA-256 compression function (test-only): WebCrypto cannot start from a given state.
const K = Uint32Array.from(
  "428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da 983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2"
    .split(" ")
    .map((h) => parseInt(h, 16)),
);
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
function compress(state: Uint32Array, block: Uint8Array): void {
  const w = new Uint32Array(64);
  for (let i = 0; i < 16; i++) w[i] = (block[4 * i]! << 24) | (block[4 * i + 1]! << 16) | (block[4 * i + 2]! << 8) | block[4 * i + 3]!;
  for (let i = 16; i < 64; i++) {
    const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
    const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
    w[i] = w[i - 16]! + s0 + w[i - 7]! + s1;
  }
  let [a, b, c, d, e, f, g, h] = state as unknown as number[];
  for (let i = 0; i < 64; i++) {
    const t1 = (h! + (rotr(e!, 6) ^ rotr(e!, 11) ^ rotr(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + K[i]! + w[i]!) >>> 0;
    const t2 = ((rotr(a!, 2) ^ rotr(a!, 13) ^ rotr(a!, 22)) + ((a! & b!) ^ (a! & c!) ^ (b! & c!))) >>> 0;
    [h, g, f, e, d, c, b, a] = [g, f, e, (d! + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
  }
  [a, b, c, d, e, f, g, h].forEach((v, i) => (state[i] = (state[i]! + v!) >>> 0));
}
/** SHA-256's padding for a message of `length` bytes. */
function padding(length: number): Uint8Array {
  const zeros = (55 - length) & 63;
  const p = new Uint8Array(1 + zeros + 8);
  p[0] = 0x80;
  new DataView(p.buffer).setUint32(p.length - 4, length * 8);
  return p;
}
/** The digest of secret ‖ body ‖ padding ‖ suffix, from the digest of secret ‖ body and the secret's length only. */
function extend(digest: Uint8Array, secretLength: number, body: Uint8Array, suffix: Uint8Array): { body: Uint8Array; digest: Uint8Array } {
  const glue = padding(secretLength + body.length);
  const forged = new Uint8Array([...body, ...glue, ...suffix]);
  const done = secretLength + body.length + glue.length;
  const state = new Uint32Array(8);
  for (let i = 0; i < 8; i++) state[i] = new DataView(digest.buffer).getUint32(4 * i);
  const tail = new Uint8Array([...suffix, ...padding(done + suffix.length)]);
  for (let i = 0; i < tail.length; i += 64) compress(state, tail.subarray(i, i + 64));
  const out = new Uint8Array(32);
  state.forEach((v, i) => new DataView(out.buffer).setUint32(4 * i, v));
  return { body: forged, digest: out };
}

describe("keyed digest (Recharge) length extension", () => {
  const SECRET = "recharge-client-secret";
  const BODY = enc.encode('{"id":1,"status":"active"}');
  const digest = async (b: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array([...enc.encode(SECRET), ...b])));

  it("the test's extension is right (checked against WebCrypto with the secret)", async () => {
    const f = extend(await digest(BODY), SECRET.length, BODY, enc.encode('{"status":"cancelled"}'));
    expect(hex(f.digest)).toBe(hex(await digest(f.body)));
  });

  it("REVIEW: a length-extended body (genuine body ‖ padding ‖ attacker's JSON) never reaches the origin", async () => {
    const h = harness({});
    const path = await h.putRoute({ origin: "https://origin.example.com", provider: "recharge", secrets: [SECRET] } as never);
    const genuine = await h.send(path, { body: BODY, headers: { "content-type": "application/json", "X-Recharge-Hmac-Sha256": hex(await digest(BODY)) } });
    expect(genuine.status).toBe(200);
    const f = extend(await digest(BODY), SECRET.length, BODY, enc.encode(',{"id":1,"status":"cancelled"}'));
    const res = await h.send(path, { body: f.body, headers: { "content-type": "application/json", "X-Recharge-Hmac-Sha256": hex(f.digest) } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(1);
  });
});
