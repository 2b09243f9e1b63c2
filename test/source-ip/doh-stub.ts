/**
 * A DNS-over-HTTPS JSON API stub whose answers tests change at will. The pure
 * `answer()` serves both the in-workerd stub fetch (unit tests) and the
 * loopback Node HTTP server (end to end).
 */
export interface Zone {
  /** name → records; a CNAME sends the lookup on to another name in the zone. */
  [name: string]: { A?: string[]; AAAA?: string[]; CNAME?: string; ttl?: number };
}

export type Mode = "ok" | "down" | "hang" | "garbage" | "servfail" | "http500";

const TYPES = { A: 1, CNAME: 5, AAAA: 28 } as const;

/** The JSON body a DoH server returns for `name`/`type` in `zone`. */
export function answer(zone: Zone, name: string, type: string): unknown {
  const records: { name: string; type: number; TTL: number; data: string }[] = [];
  let cur = name.toLowerCase();
  for (let hop = 0; hop < 10; hop++) {
    const entry = zone[cur];
    if (!entry) break;
    const ttl = entry.ttl ?? 300;
    if (entry.CNAME) {
      records.push({ name: `${cur}.`, type: TYPES.CNAME, TTL: ttl, data: `${entry.CNAME}.` });
      cur = entry.CNAME;
      continue;
    }
    for (const data of (type === "AAAA" ? entry.AAAA : entry.A) ?? [])
      records.push({ name: `${cur}.`, type: type === "AAAA" ? TYPES.AAAA : TYPES.A, TTL: ttl, data });
    break;
  }
  const known = Object.hasOwn(zone, name.toLowerCase());
  return {
    Status: known ? 0 : 3,
    TC: false,
    RD: true,
    RA: true,
    Question: [{ name: `${name}.`, type: type === "AAAA" ? 28 : 1 }],
    ...(records.length ? { Answer: records } : {}),
  };
}

/** An in-isolate stub for Deps.resolverFetch, recording every query. */
export function dohStub(initial: Zone = {}) {
  const state = { zone: initial, mode: "ok" as Mode, queries: [] as { name: string; type: string; accept: string | null }[] };
  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const name = url.searchParams.get("name") ?? "";
    const type = url.searchParams.get("type") ?? "";
    state.queries.push({ name, type, accept: req.headers.get("accept") });
    switch (state.mode) {
      case "down":
        throw new TypeError("fetch failed: connection refused");
      case "hang":
        return new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        });
      case "garbage":
        return new Response("<html>not json", { headers: { "content-type": "application/dns-json" } });
      case "servfail":
        return Response.json({ Status: 2, TC: false, Question: [{ name, type: 1 }] });
      case "http500":
        return new Response("oops", { status: 500 });
      case "ok":
        return Response.json(answer(state.zone, name, type), { headers: { "content-type": "application/dns-json" } });
    }
  }) as typeof globalThis.fetch;
  return { fetch, state };
}
