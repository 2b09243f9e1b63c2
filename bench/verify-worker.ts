/**
 * The verification benchmark inside workerd (bench/verify-workerd.ts drives
 * it through `wrangler dev`): the same cases as the Node run, each op called
 * `n` times in a row per request. workerd's clocks do not advance while code
 * runs (a Spectre mitigation), so the timing is taken outside, in Node:
 * (time of a request running n ops − time of one running none) ÷ n.
 *
 *   GET /cases?size=B                      → [{ scheme, impls }]
 *   GET /run?size=B&scheme=S&impl=I&n=N    → runs I on S's genuine request N times
 */
import { casesFor, expectOk, type Op } from "./verify-cases.ts";

type Cases = { scheme: string; ops: Record<string, Op> }[];
// Built per body size on first use, with the clock of that moment (the libraries check timestamps against it).
const bySize = new Map<number, Promise<Cases>>();

function cases(size: number): Promise<Cases> {
  let c = bySize.get(size);
  if (!c) bySize.set(size, (c = casesFor(size, Date.now(), "workerd")));
  return c;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const q = url.searchParams;
    if (url.pathname === "/healthz") return new Response("ok");
    const size = Number(q.get("size"));
    if (!Number.isInteger(size) || size <= 0) return new Response("size?", { status: 400 });
    const all = await cases(size);
    if (url.pathname === "/cases") return Response.json(all.map((c) => ({ scheme: c.scheme, impls: Object.keys(c.ops) })));
    if (url.pathname !== "/run") return new Response("not found", { status: 404 });
    const op = all.find((c) => c.scheme === q.get("scheme"))?.ops[q.get("impl") ?? ""];
    const n = Number(q.get("n"));
    if (!op || !Number.isInteger(n) || n < 0) return new Response("scheme, impl, n?", { status: 400 });
    if (q.has("check")) {
      try {
        expectOk(q.get("impl")!, await op());
      } catch (e) {
        return new Response(`check failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`, { status: 500 });
      }
    }
    for (let i = 0; i < n; i++) await op();
    return Response.json({ n });
  },
};
