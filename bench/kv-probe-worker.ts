/**
 * What one KV operation costs under `wrangler dev` (its local KV simulator),
 * driven by bench/kv-probe.ts: GET /?op=get|put|mixed&n=N runs N of them
 * in a row, on fresh dedup-shaped keys; Node times the request.
 */
/** The part of the KV binding used (this file is type-checked with the Node code, without workers-types). */
interface Env {
  KV: {
    get(key: string, type: "json"): Promise<unknown>;
    put(key: string, value: string, options: { expirationTtl: number }): Promise<void>;
  };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const q = new URL(request.url).searchParams;
    const n = Number(q.get("n") ?? "0");
    const op = q.get("op");
    if (!Number.isInteger(n) || n < 0 || n > 10_000) return new Response("n?", { status: 400 });
    const value = JSON.stringify({ s: "done", until: Date.now() + 86_400_000 });
    for (let i = 0; i < n; i++) {
      const key = `dedup:/hooks/probe:${crypto.randomUUID()}`;
      if (op === "get") await env.KV.get(key, "json");
      else if (op === "put") await env.KV.put(key, value, { expirationTtl: 86_400 });
      else if (op === "mixed") {
        await env.KV.get(key, "json");
        await env.KV.put(key, value, { expirationTtl: 86_400 });
      } else if (op !== "none") return new Response("op?", { status: 400 });
    }
    return new Response("ok");
  },
};
