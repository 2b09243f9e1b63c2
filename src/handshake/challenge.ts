/**
 * Challenge values hookgate echoes back. They come from the request, so only a
 * short token of URL-safe characters is ever reflected: no markup, no spaces,
 * no control characters, nothing that could split a header or be sniffed.
 */
import { fail, type Result } from "../shared/verdict.ts";
import type { HandshakeContext } from "./kind.ts";
import { hmacKey } from "../verify/keys.ts";
import { utf8 } from "../verify/encoding.ts";

export const MAX_CHALLENGE_LENGTH = 512;
const SAFE_TOKEN = /^[A-Za-z0-9._~+/=-]+$/;

/** Checks a challenge value; `where` names its place in the request for the log. */
export function challengeToken(value: unknown, where: string): Result<string> {
  if (value === undefined || value === null || value === "")
    return fail({ code: "handshake_malformed", detail: `${where} is missing` });
  if (typeof value !== "string") return fail({ code: "handshake_malformed", detail: `${where} is a ${typeof value}, not a string` });
  if (value.length > MAX_CHALLENGE_LENGTH)
    return fail({ code: "handshake_malformed", detail: `${where} is ${value.length} characters; at most ${MAX_CHALLENGE_LENGTH}` });
  if (!SAFE_TOKEN.test(value)) return fail({ code: "handshake_malformed", detail: `${where} has characters outside [A-Za-z0-9._~+/=-]` });
  return { ok: true, value };
}

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

export function jsonAnswer(value: unknown): Response {
  return new Response(JSON.stringify(value), { status: 200, headers: { "content-type": "application/json", ...NO_STORE } });
}

export function textAnswer(value: string): Response {
  return new Response(value, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", ...NO_STORE } });
}

export function emptyAnswer(): Response {
  return new Response(null, { status: 200, headers: NO_STORE });
}

/** The parsed JSON body as an object, or undefined. */
export function jsonObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** HMAC-SHA256 of a checked challenge under the route's secret (Zoom, Twitter CRC, Smartcar), or a config error naming `kind`. */
export async function challengeMac(ctx: HandshakeContext, challenge: string, kind: string): Promise<Result<Uint8Array>> {
  const key = ctx.secret === undefined ? null : hmacKey(ctx.secret, ctx.secretEncoding, "SHA-256");
  if (!key) return fail({ code: "config_invalid", detail: `${kind} needs the route's secret` });
  return { ok: true, value: new Uint8Array(await crypto.subtle.sign("HMAC", await key, utf8.encode(challenge))) };
}
