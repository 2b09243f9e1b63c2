/**
 * Verification cost per request, in one Node process: hookgate's real
 * verifier (src/verify, WebCrypto only) against the libraries a tenant would
 * otherwise use, and against the floor: one bare `crypto.subtle.verify` HMAC
 * over the same signed bytes with a pre-imported key.
 *
 * Every implementation verifies the same genuine request (same secret, same
 * signed bytes). Implementations are interleaved in rounds so that drift in a
 * shared, noisy machine hits all of them alike.
 */
import { createHmac, randomBytes } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import Stripe from "stripe";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { compileRoute } from "../rules/resolve.ts";
import type { CompiledRoute } from "../rules/compiled.ts";
import type { Inbound } from "../pipeline/inbound.ts";
import { verifyRequest } from "../verify/index.ts";
import { readBody } from "../http/body.ts";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { summarize, type Summary } from "./stats.ts";

// A full GC between batches (outside the timed region), so that one library's
// garbage (the pure-JS ones copy a 1 MiB body several times) is not collected
// on another implementation's clock.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

type Op = () => Promise<unknown> | unknown;

export interface OpSummary extends Summary {
  /** Process CPU time (all threads: WebCrypto runs on Node's thread pool) per op, median over batches. */
  cpuUs: number;
}

export interface VerifyCase {
  scheme: string;
  bodyBytes: number;
  results: Record<string, OpSummary>;
}

const SIZES = [1024, 64 * 1024, 1024 * 1024];

/** A JSON body of exactly `size` bytes (the libraries that parse JSON on success get valid JSON). */
function jsonBody(size: number): Buffer {
  const head = '{"id":"evt_bench","type":"bench","data":"';
  const tail = '"}';
  const filler = randomBytes(size).toString("base64").replace(/[^A-Za-z0-9]/g, "a").slice(0, size - head.length - tail.length);
  return Buffer.from(head + filler + tail, "utf8");
}

/** The route exactly as the Worker compiles it from KV (src/rules/resolve.ts). */
async function compiled(preset: string, secret: string): Promise<CompiledRoute> {
  const c = await compileRoute(`route:/bench/${preset}`, { path: `/bench/${preset}`, provider: preset, secrets: [secret] }, { loadProvider: async () => null, env: {} });
  if (!c.ok) throw new Error(c.detail);
  return c.compiled;
}

/**
 * The request as the pipeline hands it to the verifier: the body read by the
 * real readBody from a stream of 16 KiB chunks (as from the network), then
 * makeInbound's shape (a fresh JSON cache per op when asked).
 */
async function inbound(path: string, headers: Record<string, string>, body: Uint8Array, freshJson = false): Promise<Inbound> {
  const url = new URL(`https://hooks.example.com${path}`);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < body.length; i += 16 * 1024) c.enqueue(body.slice(i, i + 16 * 1024));
      c.close();
    },
  });
  const read = await readBody(new Request(url, { method: "POST", body: stream, duplex: "half" } as RequestInit), 2 * 1024 * 1024);
  if (!read.ok) throw new Error("readBody failed");
  const base = { method: "POST", url, headers: new Headers(headers), body: read.value };
  if (!freshJson) return { ...base, json: () => undefined };
  // Each access re-parses, as each new request would (makeInbound caches per request only).
  return { ...base, json: () => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(read.value)) };
}

async function floorKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
}

function expectOk(name: string, v: unknown) {
  if (v === false || (typeof v === "object" && v !== null && "ok" in v && (v as { ok: boolean }).ok === false))
    throw new Error(`${name}: the genuine request did not verify: ${JSON.stringify(v)}`);
}

/** Builds, per scheme and size, the ops to compare (each verifies one genuine request). */
async function casesFor(size: number, nowMs: number): Promise<{ scheme: string; ops: Record<string, Op> }[]> {
  const body = jsonBody(size);
  const bodyStr = body.toString("utf8");
  const ts = Math.floor(nowMs / 1000);
  const out: { scheme: string; ops: Record<string, Op> }[] = [];

  // GitHub: sha256=<hex HMAC of the body>.
  {
    const secret = "bench-github-secret";
    const sigHex = createHmac("sha256", secret).update(body).digest("hex");
    const c = await compiled("github", secret);
    const req = await inbound("/bench/github", { "x-hub-signature-256": `sha256=${sigHex}`, "x-github-delivery": "d-1" }, body);
    const key = await floorKey(new TextEncoder().encode(secret));
    const sig = Buffer.from(sigHex, "hex");
    out.push({
      scheme: "github (hex SHA-256 of body)",
      ops: {
        hookgate: () => verifyRequest(c, req, nowMs),
        floor: () => crypto.subtle.verify("HMAC", key, sig, body),
        "@octokit/webhooks-methods": () => octokitVerify(secret, bodyStr, `sha256=${sigHex}`),
      },
    });
  }

  // Stripe: t=<ts>,v1=<hex HMAC of "{t}.{body}">.
  {
    const secret = "whsec_bench_stripe_secret";
    const signed = Buffer.concat([Buffer.from(`${ts}.`), body]);
    const sigHex = createHmac("sha256", secret).update(signed).digest("hex");
    const header = `t=${ts},v1=${sigHex}`;
    const c = await compiled("stripe", secret);
    const req = await inbound("/bench/stripe", { "stripe-signature": header }, body, true);
    const key = await floorKey(new TextEncoder().encode(secret));
    const sig = Buffer.from(sigHex, "hex");
    out.push({
      scheme: "stripe (hex SHA-256 of {t}.{body})",
      ops: {
        hookgate: () => verifyRequest(c, req, nowMs),
        // The stripe preset's event id lives in the JSON body: hookgate parses it only after the
        // signature verified (dedup, proxy id, log). This row includes that parse.
        "hookgate + event id": async () => {
          const v = await verifyRequest(c, req, nowMs);
          if (!v.ok || v.value.eventId !== "evt_bench") throw new Error("no event id");
          return v;
        },
        floor: () => crypto.subtle.verify("HMAC", key, sig, signed),
        // The raw body as a Buffer, as Stripe documents (its types say string; it accepts Buffer/Uint8Array).
        stripe: () => Stripe.webhooks.signature.verifyHeader(body as unknown as string, header, secret, 300),
      },
    });
  }

  // Standard Webhooks / Svix: v1,<base64 HMAC of "{id}.{ts}.{body}"> under a whsec_ key.
  {
    const rawKey = randomBytes(32);
    const secret = `whsec_${rawKey.toString("base64")}`;
    const id = "msg_bench_1";
    const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`), body]);
    const sigB64 = createHmac("sha256", rawKey).update(signed).digest("base64");
    const std = { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": `v1,${sigB64}` };
    const svixHeaders = { "svix-id": id, "svix-timestamp": String(ts), "svix-signature": `v1,${sigB64}` };
    const c = await compiled("standard-webhooks", secret);
    const req = await inbound("/bench/standard-webhooks", std, body);
    const key = await floorKey(rawKey);
    const sig = Buffer.from(sigB64, "base64");
    const stdLib = new StandardWebhook(secret);
    const svixLib = new SvixWebhook(secret);
    out.push({
      scheme: "standard-webhooks (base64 SHA-256 of {id}.{ts}.{body})",
      ops: {
        hookgate: () => verifyRequest(c, req, nowMs),
        floor: () => crypto.subtle.verify("HMAC", key, sig, signed),
        standardwebhooks: () => stdLib.verify(bodyStr, std),
        svix: () => svixLib.verify(bodyStr, svixHeaders),
      },
    });
  }
  return out;
}

/** Runs every op in interleaved rounds until each has `samples` timings (after warm-up). */
async function measure(ops: Record<string, Op>, samples: number, warmup: number): Promise<Record<string, OpSummary>> {
  const names = Object.keys(ops);
  for (const name of names) expectOk(name, await ops[name]!());
  for (let i = 0; i < warmup; i++) for (const name of names) await ops[name]!();
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const batch = Math.max(1, Math.floor(samples / 20));
  while (times[names[0]!]!.length < samples) {
    for (const name of names) {
      const op = ops[name]!;
      const t = times[name]!;
      collect();
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < batch; i++) {
        const start = process.hrtime.bigint();
        await op();
        t.push(Number(process.hrtime.bigint() - start));
      }
      const used = process.cpuUsage(cpu0);
      cpu[name]!.push((used.user + used.system) / batch);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(names.map((n) => [n, { ...summarize(times[n]!), cpuUs: median(cpu[n]!) }]));
}

export async function benchVerify(opts: { quick?: boolean } = {}): Promise<VerifyCase[]> {
  const nowMs = Date.now();
  const results: VerifyCase[] = [];
  for (const size of SIZES) {
    // Enough samples for a stable median and p99, bounded in time for the 1 MiB case.
    const samples = opts.quick ? 50 : size <= 1024 ? 4000 : size <= 64 * 1024 ? 1000 : 150;
    const warmup = opts.quick ? 5 : size <= 1024 ? 1000 : size <= 64 * 1024 ? 200 : 20;
    for (const { scheme, ops } of await casesFor(size, nowMs)) {
      results.push({ scheme, bodyBytes: size, results: await measure(ops, samples, warmup) });
    }
  }
  return results;
}
