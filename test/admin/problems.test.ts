/**
 * Recent problems (src/admin/problems.ts): recorded after the response, only
 * while the console exists, never a body or a secret; bounded per route and
 * rate-capped, so a flood of forgeries cannot become a flood of KV writes.
 */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";
import { signedGithub } from "../delivery/queue-sim.ts";
import { FLUSH_MS, KEEP, problemRecorder, problemsKey, UNMATCHED, type Problem } from "../../src/admin/problems.ts";
import type { RequestLog } from "../../src/log.ts";

const TOKEN = "problems-token-for-tests-0123456789";
const SECRET = "problems-route-secret";
const auth = { authorization: `Bearer ${TOKEN}` };

async function forged(h: ReturnType<typeof harness>, path: string, id: string, body = '{"forged":"BODY-MARKER"}') {
  const init = await signedGithub(body, id);
  const headers = new Headers(init.headers);
  headers.set("x-hub-signature-256", `sha256=${"0".repeat(64)}`);
  return h.send(path, { ...init, headers });
}

describe("recent problems through the app", () => {
  it("a rejection appears in /problems with its reason, route, provider and client IP; never its body or the secret", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: TOKEN, PROBLEMS_SECRET: SECRET } });
    const path = await h.putRoute({ provider: "github", secrets: ["env:PROBLEMS_SECRET"], origin: "https://o.example.com" } as never);
    expect((await forged(h, path, "evt-1")).status).toBe(401);
    const res = await h.send(`/__hookgate/admin/problems?route=${encodeURIComponent(path)}`, { method: "GET", headers: auth });
    const raw = await res.text();
    expect(raw).not.toContain("BODY-MARKER");
    expect(raw).not.toContain(SECRET);
    const { items } = JSON.parse(raw) as { items: Problem[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ route: path, verdict: "rejected", reason: "signature_mismatch", provider: "github", clientIp: "203.0.113.7", at: h.clock.nowMs });
    const stored = await h.env.STATE.get(problemsKey(path), "text");
    expect(stored).not.toContain("BODY-MARKER");
  });

  it("records nothing while HOOKGATE_ADMIN_TOKEN is unset (the console does not exist)", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: undefined, PROBLEMS_SECRET: SECRET } });
    const path = await h.putRoute({ provider: "github", secrets: ["env:PROBLEMS_SECRET"], origin: "https://o.example.com" } as never);
    expect((await forged(h, path, "evt-2")).status).toBe(401);
    expect(await h.env.STATE.get(problemsKey(path))).toBeNull();
  });

  it("a path no route claims is recorded in the shared bucket", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: TOKEN } });
    expect((await h.send(`/no-such-route-${crypto.randomUUID()}`)).status).toBe(404);
    const { items } = (await (await h.send(`/__hookgate/admin/problems?route=${UNMATCHED}`, { method: "GET", headers: auth })).json()) as { items: Problem[] };
    expect(items[0]).toMatchObject({ reason: "route_not_found", verdict: "rejected" });
  });
});

describe("the recorder (one isolate's buffer)", () => {
  function fakeState() {
    const store = new Map<string, string>();
    let puts = 0;
    const state = {
      get: async (k: string) => (store.has(k) ? JSON.parse(store.get(k)!) : null),
      put: async (k: string, v: string) => {
        puts++;
        store.set(k, v);
      },
      list: async () => ({ keys: [...store.keys()].map((name) => ({ name })), list_complete: true }),
    } as unknown as KVNamespace;
    return { state, store, puts: () => puts };
  }
  const line = (i: number): RequestLog => ({ route: "/hooks/x", method: "POST", verdict: "rejected", reason: "signature_mismatch", detail: `forgery ${i}`, clientIp: "198.51.100.1", provider: "github" });

  it("a flood of 10 000 forgeries over 60 s: KV writes stay at one per FLUSH_MS per route, the list at the last KEEP", async () => {
    const kv = fakeState();
    let now = 1_000_000;
    const pending: Promise<unknown>[] = [];
    const timers: { at: number; fire: () => void }[] = [];
    const deps = {
      state: kv.state,
      now: () => now,
      background: { waitUntil: (p: Promise<unknown>) => void pending.push(p) },
      // A fake timer on the injected clock: the deferred flush runs once the clock has moved on.
      sleep: (ms: number) => new Promise<void>((fire) => timers.push({ at: now + ms, fire })),
    };
    const release = (all = false) => {
      for (const t of timers.splice(0)) (all || t.at <= now ? t.fire() : timers.push(t));
    };
    const r = problemRecorder();
    for (let i = 0; i < 10_000; i++) {
      now += 6; // 60 s in all
      r.record(line(i), deps);
      release();
      if (i % 100 === 0) await new Promise((res) => setTimeout(res, 0));
    }
    release(true);
    await Promise.all(pending);
    // Writes are bounded by time (one per FLUSH_MS, plus the first), not by the number of requests.
    expect(kv.puts()).toBeGreaterThanOrEqual(2);
    expect(kv.puts()).toBeLessThanOrEqual(60_000 / FLUSH_MS + 2);
    const stored = JSON.parse(kv.store.get(problemsKey("/hooks/x"))!) as Problem[];
    expect(stored).toHaveLength(KEEP);
    expect(stored[0]!.detail).toBe("forgery 9999"); // newest first
  });

  it("paths no route claims share one bucket: an attacker choosing paths cannot create keys", async () => {
    const kv = fakeState();
    const pending: Promise<unknown>[] = [];
    const r = problemRecorder();
    const deps = { state: kv.state, now: () => 5, background: { waitUntil: (p: Promise<unknown>) => void pending.push(p) }, sleep: async () => {} };
    for (let i = 0; i < 500; i++) {
      r.record({ route: `/random-${i}`, method: "POST", verdict: "rejected", reason: "route_not_found" }, deps);
      // Any failure before a route matched (e.g. the rules KV failing) too.
      r.record({ route: `/other-${i}`, method: "POST", verdict: "rejected", reason: "internal_error", detail: "rules KV read failed" }, deps);
    }
    await Promise.all(pending);
    expect([...kv.store.keys()]).toEqual([problemsKey(UNMATCHED)]);
    expect(JSON.parse(kv.store.get(problemsKey(UNMATCHED))!)).toHaveLength(KEEP);
  });

  it("a request that is not a problem (a 2xx delivery) is not recorded", async () => {
    const kv = fakeState();
    const pending: Promise<unknown>[] = [];
    problemRecorder().record({ route: "/ok", method: "POST", verdict: "forwarded", originStatus: 200 }, { state: kv.state, now: () => 1, background: { waitUntil: (p) => void pending.push(p) } });
    await Promise.all(pending);
    expect(kv.puts()).toBe(0);
  });
});
