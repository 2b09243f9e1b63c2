/**
 * The verification benchmark's cases, shared by the Node run (bench/verify.ts)
 * and the workerd run (bench/verify-worker.ts, which needs nodejs_compat for
 * node:crypto and Buffer): per scheme and body size, one genuine request and the
 * ops that verify it (hookgate's real verifier, the bare WebCrypto floor, and the
 * libraries' own verify functions).
 */
import { createHmac, randomBytes } from "node:crypto";
import { Buffer } from "node:buffer";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import Stripe from "stripe";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { compileRoute } from "../src/rules/resolve.ts";
import type { CompiledRoute } from "../src/rules/compiled.ts";
import type { Inbound } from "../src/shared/inbound.ts";
import { verifyRequest } from "../src/verify/index.ts";
import { readBody } from "../src/http/body.ts";
import { jsonField } from "../src/shared/json-scan.ts";
import { jsonValue } from "../src/shared/json-path.ts";
// Only inside workerd: the pipeline imports cloudflare:workers (bench/pipeline-env.ts imports it lazily).
import { pipelineOp, requestOp } from "./pipeline-env.js";


export type Op = () => Promise<unknown> | unknown;

/** Where the ops run: Node (stripe's synchronous node:crypto verifier) or workerd (its async WebCrypto one). */
export type Runtime = "node" | "workerd";

export const SIZES = [1024, 64 * 1024, 1024 * 1024];

/** A JSON body of exactly `size` bytes (the libraries that parse JSON on success get valid JSON). */
function jsonBody(size: number): Buffer {
  const head = '{"id":"evt_bench","type":"bench","data":"';
  const tail = '"}';
  // Pseudo-random letters and digits (deterministic; workerd's getRandomValues stops at 64 KiB a call).
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const filler = Buffer.alloc(size - head.length - tail.length);
  let x = 0x9e3779b9;
  for (let i = 0; i < filler.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    filler[i] = alphabet.charCodeAt((x >>> 8) % alphabet.length);
  }
  return Buffer.concat([Buffer.from(head), filler, Buffer.from(tail)]);
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
async function inbound(
  path: string,
  headers: Record<string, string>,
  body: Uint8Array,
  freshJson: false | "scan" | "parse" = false,
): Promise<Inbound> {
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
  if (!freshJson) return { ...base, json: () => undefined, field: () => undefined };
  // Each access re-parses, as each new request would (makeInbound caches per request only).
  const json = () => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(read.value));
  // "scan": the Worker's field lookup (src/shared/json-scan.ts); "parse": the previous one, a full
  // JSON.parse then the path, kept so both run side by side.
  const field = freshJson === "scan" ? (p: string) => jsonField(read.value, p) : (p: string) => jsonValue(json(), p);
  return { ...base, json, field };
}

async function floorKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
}

export function expectOk(name: string, v: unknown) {
  if (v === false || (typeof v === "object" && v !== null && "ok" in v && (v as { ok: boolean }).ok === false))
    throw new Error(`${name}: the genuine request did not verify: ${JSON.stringify(v)}`);
}

/** Builds, per scheme and size, the ops to compare (each verifies one genuine request). */
export async function casesFor(size: number, nowMs: number, runtime: Runtime = "node"): Promise<{ scheme: string; ops: Record<string, Op> }[]> {
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
        ...(runtime === "workerd"
          ? {
              "pipeline (handleWebhook)": await pipelineOp({ path: "/bench/github", provider: "github", secret }, { "x-hub-signature-256": `sha256=${sigHex}`, "x-github-delivery": "d-1" }, body),
              // Where the pipeline's time goes: without dedup, and the floor of receiving any request.
              "pipeline, dedup: false": await pipelineOp({ path: "/bench/github-nodedup", provider: "github", secret }, { "x-hub-signature-256": `sha256=${sigHex}`, "x-github-delivery": "d-1" }, body, { dedup: false }),
              "pipeline, dedup: false, delivery direct": await pipelineOp({ path: "/bench/github-direct", provider: "github", secret }, { "x-hub-signature-256": `sha256=${sigHex}`, "x-github-delivery": "d-1" }, body, { dedup: false, delivery: { mode: "direct" } }),
              "new Request + read body": requestOp({ "x-hub-signature-256": `sha256=${sigHex}` }, body),
            }
          : {}),
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
    const req = await inbound("/bench/stripe", { "stripe-signature": header }, body, "scan");
    const reqParse = await inbound("/bench/stripe", { "stripe-signature": header }, body, "parse");
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
        // The same with the id read by a full JSON.parse (the lookup before src/shared/json-scan.ts).
        "hookgate + event id (full parse)": async () => {
          const v = await verifyRequest(c, reqParse, nowMs);
          if (!v.ok || v.value.eventId !== "evt_bench") throw new Error("no event id");
          return v;
        },
        floor: () => crypto.subtle.verify("HMAC", key, sig, signed),
        // The raw body as a Buffer, as Stripe documents (its types say string; it accepts Buffer/Uint8Array).
        stripe:
          runtime === "node"
            ? () => Stripe.webhooks.signature.verifyHeader(body as unknown as string, header, secret, 300)
            : () => Stripe.webhooks.signature.verifyHeaderAsync(body as unknown as string, header, secret, 300),
        ...(runtime === "workerd"
          ? { "pipeline (handleWebhook)": await pipelineOp({ path: "/bench/stripe", provider: "stripe", secret }, { "stripe-signature": header }, body) }
          : {}),
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
        ...(runtime === "workerd"
          ? { "pipeline (handleWebhook)": await pipelineOp({ path: "/bench/standard-webhooks", provider: "standard-webhooks", secret }, std, body) }
          : {}),
      },
    });
  }
  return out;
}

