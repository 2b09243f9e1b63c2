/** Shared set-up for the source-IP pipeline tests: a signed GitHub request, a DoH stub, unique hostnames. */
import { expect } from "vitest";
import { harness } from "../helpers/harness.ts";
import { vectors } from "../fixtures/vectors.ts";
import { dohStub, type Zone } from "./doh-stub.ts";
import type { RouteInput } from "../../src/rules/schema.ts";
import type { Env } from "../../src/env.ts";

export const github = vectors.find((v) => v.preset === "github")!;
export const vectorOf = (preset: string) => vectors.find((v) => v.preset === preset)!;

let n = 0;
/** A hostname no other test uses (the DNS memory cache and STATE KV live for the whole file). */
export function uniqueHost(label = "hooks"): string {
  n += 1;
  return `${label}-${n}-${Date.now().toString(36)}.provider.example`;
}

export async function setUp(allow: RouteInput["allow"], zone: Zone = {}, preset = "github", env: Partial<Env> = {}) {
  const v = vectorOf(preset);
  const doh = dohStub(zone);
  const h = harness({ nowMs: v.nowMs, env, deps: { resolverFetch: doh.fetch } });
  // The same signed vector is sent again and again: dedup off, so a replay answer never stands in for the
  // source-IP verdict under test (GitHub's id is unsigned, so dedup also keys on the signed bytes).
  const path = await h.putRoute({ provider: preset, secrets: [v.secret], origin: "https://origin.example.com", dedup: false, ...(allow ? { allow } : {}) });
  const send = (ip: string | null, headers: Record<string, string> = {}) =>
    h.send(path, { body: v.body, headers: { ...v.headers, "X-GitHub-Delivery": crypto.randomUUID(), ...headers }, ip });
  return { h, path, doh, send };
}

type H = Awaited<ReturnType<typeof setUp>>["h"];

/** A forwarded request: 200 from the origin, exactly one delivery, no DoH traffic through the origin fetch. */
export async function expectForwarded(h: H, res: Response) {
  expect(res.status).toBe(200);
  expect(h.received).toHaveLength(1);
  expect(h.received[0]!.url.startsWith("https://origin.example.com/")).toBe(true);
  expect(h.lastLog()).toMatchObject({ verdict: "forwarded" });
}

/** A source-IP rejection: 403, the usual generic body, nothing reached the origin. */
export async function expectRejected(h: H, res: Response, reason: string) {
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual({ error: "forbidden", message: expect.any(String) });
  expect(h.received).toHaveLength(0);
  expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason });
}
