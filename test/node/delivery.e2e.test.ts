/**
 * Durable delivery end to end: real `wrangler dev` (its local Queue, the
 * Worker as producer and consumer), a real Node origin on loopback. The origin
 * is down for a while then back: every event arrives exactly once, byte for
 * byte. A permanently failing origin ends in a dead letter that the admin API
 * lists and replays once the origin is back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { startOrigin, type Origin, type OriginRequest } from "./helpers/origin.ts";
import { startWranglerDev, type WranglerDev } from "./helpers/wrangler-dev.ts";
import { runCli } from "./helpers/cli.ts";

const ORIGIN_SECRET = "whsec_ZTJlLW9yaWdpbi1zZWNyZXQtZm9yLXRlc3Rz";
const GH_SECRET = "e2e-queue-github-secret";
const ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";

let origin: Origin;
let dev: WranglerDev;

const sign = (body: Buffer) => `sha256=${createHmac("sha256", GH_SECRET).update(body).digest("hex")}`;

async function send(path: string, id: string, body: Buffer) {
  const res = await fetch(`${dev.url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(body), "x-github-delivery": id },
  });
  return { status: res.status, json: await res.json() };
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${dev.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const admin = (p: string, init: RequestInit = {}) =>
  fetch(`${dev.url}/__hookgate/admin${p}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" } });

beforeAll(async () => {
  origin = await startOrigin();
  dev = await startWranglerDev({ vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, GH_SECRET, HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN } });
  await dev.pushRules({
    routes: [
      { path: "/hooks/queued", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, delivery: { mode: "queue", retryDelaysSeconds: [1, 1, 1, 1] } },
      { path: "/hooks/dead", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, delivery: { mode: "queue", retryDelaysSeconds: [1] } },
      { path: "/hooks/dead-cli", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, delivery: { mode: "queue", retryDelaysSeconds: [1] } },
    ],
  });
}, 150_000);

afterAll(async () => {
  await dev?.stop();
  await origin?.close();
});

describe("queue mode end to end (wrangler dev + real origin)", () => {
  it("origin down for a while, then back: every event delivered exactly once, byte for byte", async () => {
    origin.received.length = 0;
    let up = false;
    const accepted: OriginRequest[] = [];
    origin.respond = (r) => {
      if (!up) return { status: 503, body: "down" };
      accepted.push(r);
      return { status: 200, body: "ok" };
    };
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 5; i++) {
      const id = `e2e-q-${i}`;
      const body = Buffer.from(`{"i": ${i}, "snow": "\u2603",  "pad": "${"x".repeat(i * 100)}"}`, "utf8");
      bodies.set(id, body);
      const res = await send("/hooks/queued", id, body);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ status: "queued", id });
    }
    // Down: at least one failed attempt per event reaches the origin.
    await until("a failed attempt for every event", () => new Set(origin.received.map((r) => r.headers["hookgate-id"])).size === 5);
    up = true;
    await until("every event accepted", () => new Set(accepted.map((r) => r.headers["hookgate-id"])).size === 5);
    await new Promise((r) => setTimeout(r, 3000)); // anything delivered twice would show up now
    expect(accepted).toHaveLength(5);
    for (const r of accepted) {
      const id = String(r.headers["hookgate-id"]);
      expect(r.url).toBe("/hooks/queued");
      expect(r.body.equals(bodies.get(id)!)).toBe(true);
      expect(r.headers["x-github-delivery"]).toBe(id);
    }
  }, 60_000);

  it("a permanently failing origin ends in a dead letter; an admin replay delivers it once the origin is back", async () => {
    origin.received.length = 0;
    let up = false;
    origin.respond = () => (up ? { status: 204 } : { status: 500, body: "broken" });
    const body = Buffer.from('{"dead": true}');
    expect((await send("/hooks/dead", "e2e-dead-1", body)).status).toBe(202);

    let items: { deliveryId: string; eventId: string; attempts: number; lastStatus?: number }[] = [];
    await until("the dead letter", async () => {
      const res = await admin(`/dead-letters?route=${encodeURIComponent("/hooks/dead")}`);
      items = ((await res.json()) as { items: typeof items }).items;
      return items.length === 1;
    });
    expect(items[0]).toMatchObject({ eventId: "e2e-dead-1", attempts: 2, lastStatus: 500 });
    expect(origin.received).toHaveLength(2);

    up = true;
    const replay = await admin("/dead-letters/replay", { method: "POST", body: JSON.stringify({ route: "/hooks/dead", all: true }) });
    expect(replay.status).toBe(200);
    await until("the replayed delivery", () => origin.received.length === 3);
    await new Promise((r) => setTimeout(r, 2000));
    expect(origin.received).toHaveLength(3);
    expect(origin.received[2]!.body.equals(body)).toBe(true);
    expect(origin.received[2]!.headers["hookgate-id"]).toBe("e2e-dead-1");
    const after = (await (await admin(`/dead-letters?route=${encodeURIComponent("/hooks/dead")}`)).json()) as { items: unknown[] };
    expect(after.items).toEqual([]);
    // The admin API refuses a wrong token.
    expect((await fetch(`${dev.url}/__hookgate/admin/dead-letters`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  }, 60_000);

  it("hookgate dlq list / show / replay against the Worker's admin API (HOOKGATE_URL + HOOKGATE_ADMIN_TOKEN)", async () => {
    origin.received.length = 0;
    let up = false;
    origin.respond = () => (up ? { status: 204 } : { status: 500, body: "broken" });
    const env = { HOOKGATE_URL: dev.url, HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN };
    const dlq = (...args: string[]) => runCli(["dlq", ...args], { env });
    for (const id of ["cli-dead-1", "cli-dead-2", "cli-dead-3"]) expect((await send("/hooks/dead-cli", id, Buffer.from(`{"id":"${id}"}`))).status).toBe(202);

    type Item = { deliveryId: string; eventId: string; attempts: number; lastStatus?: number; route: string };
    let items: Item[] = [];
    await until("three dead letters", async () => {
      const run = await dlq("list", "--route", "/hooks/dead-cli", "--json");
      items = run.code === 0 ? (JSON.parse(run.stdout) as { items: Item[] }).items : [];
      return items.length === 3;
    }, 60_000);
    expect(items.map((i) => i.eventId).sort()).toEqual(["cli-dead-1", "cli-dead-2", "cli-dead-3"]);
    expect(items[0]).toMatchObject({ route: "/hooks/dead-cli", attempts: 2, lastStatus: 500 });

    const table = await dlq("list", "--route", "/hooks/dead-cli");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/DEAD AT \(UTC\)\s+ROUTE\s+ID\s+EVENT\s+ATTEMPTS\s+LAST ERROR/);
    expect(table.stdout).toContain("3 dead letter(s)");

    const first = items.find((i) => i.eventId === "cli-dead-1")!;
    const show = await dlq("show", first.deliveryId, "--route", "/hooks/dead-cli");
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`dead letter ${first.deliveryId} on /hooks/dead-cli`);
    expect(show.stdout).toContain("event id     cli-dead-1");
    expect(show.stdout).toContain("after 2 attempt(s)");
    expect(show.stdout).toContain("last error   500");

    up = true;
    const one = await dlq("replay", first.deliveryId, "--route", "/hooks/dead-cli");
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`replayed ${first.deliveryId} → queued as `);
    const again = await dlq("replay", first.deliveryId, "--route", "/hooks/dead-cli", "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({ replayed: [], failed: [{ id: first.deliveryId, error: "not found (replayed already, or expired)" }] });
    const rest = await dlq("replay", "--all", "--route", "/hooks/dead-cli", "--json");
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout).replayed).toHaveLength(2);
    await until("the three replayed deliveries", () => new Set(origin.received.filter((r) => r.headers["hookgate-id"]?.toString().startsWith("cli-dead") && up).map((r) => r.headers["hookgate-id"])).size === 3);
    expect((await dlq("list", "--route", "/hooks/dead-cli")).stdout).toContain("no dead letters on /hooks/dead-cli");

    const wrong = await runCli(["dlq", "list"], { env: { ...env, HOOKGATE_ADMIN_TOKEN: "nope" } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("refused the admin token");
    const unset = await runCli(["dlq", "list"], { env: { HOOKGATE_URL: "", HOOKGATE_ADMIN_TOKEN: "" } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("set HOOKGATE_URL and HOOKGATE_ADMIN_TOKEN");
  }, 120_000);
});
