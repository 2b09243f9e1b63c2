/**
 * Which endpoint a request reaches (src/app.ts, src/admin/routes.ts). The Worker dispatched with
 * Hono until it was replaced by a small hand-written dispatch for size; these tests pin Hono's
 * behaviour: the path matched percent-decoded, one trailing slash allowed, HEAD answered as GET
 * without a body, an unexpected Error answered 503 (never 500).
 */
import { describe, expect, it } from "vitest";
import { harness } from "./helpers/harness.ts";
import { errorResponse } from "../src/shared/verdict.ts";
import { Hono } from "hono/tiny";
import { getPath } from "hono/utils/url";
import { endpointOf } from "../src/app.ts";
import { adminEndpointKey } from "../src/admin/routes.ts";

const TOKEN = "admin-token-for-tests-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };

describe("dispatch (through the app)", () => {
  it("/healthz, /healthz/ and a percent-encoded spelling answer the health check; HEAD without a body", async () => {
    const h = harness();
    for (const path of ["/healthz", "/healthz/", "/heal%74hz", "/healthz?x=1"]) {
      const res = await h.send(path, { method: "GET" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("application/json");
      expect(await res.json(), path).toEqual({ status: "ok" });
    }
    const head = await h.send("/healthz", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("application/json");
    expect(await head.text()).toBe("");
    // Not the health check: a webhook path (no route there: 404).
    for (const path of ["/healthz//", "/healthzx", "/x/healthz"]) expect((await h.send(path, { method: "GET" })).status, path).toBe(404);
  });

  it("the admin API: GET endpoints also answer HEAD (no body) and one trailing slash; a decoded path reaches it; other methods are 404", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: TOKEN } });
    const get = await h.send("/__hookgate/admin/problems", { method: "GET", headers: auth });
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("application/json");
    expect(get.headers.get("cache-control")).toBe("no-store");
    const body = await get.text();
    expect(JSON.parse(body)).toHaveProperty("items");
    for (const path of ["/__hookgate/admin/problems/", "/__hookgate/%61dmin/problems", "/__hookgate/admin/problems?limit=2&route=%2Fx"])
      expect((await h.send(path, { method: "GET", headers: auth })).status, path).toBe(200);
    const head = await h.send("/__hookgate/admin/problems", { method: "HEAD", headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get("cache-control")).toBe("no-store");
    expect(await head.text()).toBe("");
    for (const [method, path] of [["POST", "/problems"], ["PUT", "/config"], ["GET", "/dead-letters/replay"], ["GET", "/problems//"], ["GET", ""], ["GET", "/"]])
      expect((await h.send(`/__hookgate/admin${path}`, { method, headers: auth })).status, `${method} ${path}`).toBe(404);
    // The token is checked on every admin path, unknown ones included, before the 404.
    expect((await h.send("/__hookgate/admin/nope", { method: "GET" })).status).toBe(401);
    expect((await h.send("/__hookgate/admin", { method: "GET" })).status).toBe(401);
    // Not the admin API: a webhook path.
    const other = await h.send("/__hookgate/administrator", { method: "GET" });
    expect(other.status).toBe(404);
    expect(h.lastLog()?.reason).toBe("route_not_found");
  });

  it("an unexpected Error in a handler is the generic 503 internal_error, never a 500", async () => {
    const h = harness({ env: { HOOKGATE_ADMIN_TOKEN: TOKEN }, deps: { now: () => { throw new Error("clock broke"); } } });
    const res = await h.send("/__hookgate/admin/allow-lists", { method: "GET", headers: auth });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(await errorResponse({ code: "internal_error", detail: "unhandled" }).json());
    const head = await h.send("/__hookgate/admin/allow-lists", { method: "HEAD", headers: auth });
    expect(head.status).toBe(503);
    expect(await head.text()).toBe("");
  });
});

describe("dispatch, differential against Hono's router (the previous dispatch)", () => {
  /** The previous route table, registered exactly as src/app.ts and src/admin/routes.ts did, each route answering its label. */
  function honoTable() {
    const label = (l: string) => () => new Response(null, { headers: { "x-endpoint": l } });
    const admin = new Hono();
    for (const key of ADMIN_KEYS) {
      const [method, path] = key.split(" ") as [string, string];
      if (method === "GET") admin.get(path, label(`admin ${key}`));
      else admin.post(path, label(`admin ${key}`));
    }
    admin.all("*", label("admin 404"));
    const app = new Hono();
    app.all("/healthz", label("healthz"));
    app.route("/__hookgate/admin", admin);
    app.all("/__hookgate/console", label("console"));
    app.all("/__hookgate/console/*", label("console"));
    app.all("*", label("webhook"));
    return app;
  }
  const ADMIN_KEYS = ["GET /dead-letters", "GET /dead-letters/record", "GET /dead-letters/body", "GET /config", "GET /allow-lists", "GET /problems", "POST /dead-letters/replay"];

  function ours(req: Request): string {
    const method = req.method === "HEAD" ? "GET" : req.method;
    const path = getPath(req);
    const endpoint = endpointOf(path);
    if (endpoint !== "admin") return endpoint;
    const key = adminEndpointKey(method, path.slice("/__hookgate/admin".length));
    return key ? `admin ${key}` : "admin 404";
  }

  const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
  const BASES = ["", "/healthz", "/__hookgate/admin", "/__hookgate/console", "/__hookgate", "/t/hook", "/hooks/github"];
  const TAILS = ["", "/", "//", "x", "/x", "/dead-letters", "/dead-letters/", "/dead-letters/replay", "/dead-letters/record/", "/dead-letters/body", "/config", "/config/x", "/allow-lists", "/problems", "/console.js", "/index.html", "istrator", "?route=/x", "#frag", "/%2F", "/%2f/config"];
  /** Percent-encodes some characters of a path (valid, upper and lower case, reserved, and broken escapes). */
  function spellings(path: string, rnd: () => number): string[] {
    const encoded = path.replace(/[a-z_/]/g, (c) => (rnd() < 0.15 ? `%${c.charCodeAt(0).toString(16)}` : rnd() < 0.05 ? `%${c.charCodeAt(0).toString(16).toUpperCase()}` : c));
    const broken = rnd() < 0.5 ? `${path}%` : `${path}%zz%FF%25`;
    return [path, encoded, broken];
  }

  it("sends every method and path (generated, with percent-encoded spellings) where Hono did", async () => {
    const app = honoTable();
    let seed = 20261130;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let compared = 0;
    const reached = new Set<string>();
    for (const base of BASES)
      for (const tail of TAILS)
        for (const path of spellings(`${base}${tail}` || "/", rnd))
          for (const method of METHODS) {
            const req = new Request(`https://hooks.example.com${path.startsWith("/") ? path : `/${path}`}`, { method });
            const theirs = (await app.fetch(req)).headers.get("x-endpoint");
            const mine = ours(req);
            expect(mine, `${method} ${req.url}`).toBe(theirs);
            reached.add(mine);
            compared++;
          }
    expect(compared).toBeGreaterThan(2500);
    // Every endpoint was reached at least once (the comparison is not vacuous).
    expect([...reached].sort()).toEqual(["admin 404", ...ADMIN_KEYS.map((k) => `admin ${k}`), "console", "healthz", "webhook"].sort());
  });
});
