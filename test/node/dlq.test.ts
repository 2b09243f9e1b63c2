/**
 * `hookgate dlq` against a stand-in admin API on 127.0.0.1: what it says when the
 * admin API is off or unreachable, and that header values that may be
 * credentials are never printed. (The real Worker: test/node/delivery.e2e.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { maskHeaders } from "../../cli/dlq.ts";
import { freePort } from "../../cli/ports.ts";
import { runCli } from "./helpers/cli.ts";

let server: Server;
let url: string;
const record = {
  deliveryId: "d-1",
  eventId: "evt-1",
  route: "/hooks/gitlab",
  attempts: 3,
  lastStatus: 502,
  lastError: "origin answered 502",
  receivedAt: Date.parse("2026-11-30T10:00:00Z"),
  deadAt: Date.parse("2026-11-30T10:05:00Z"),
  bodyBytes: 12,
  method: "POST",
  url: "/hooks/gitlab",
  headers: [["content-type", "application/json"], ["x-gitlab-token", "GITLAB-TOKEN-VALUE"], ["authorization", "Bearer JWT-VALUE"]],
};

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = createServer((req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url?.startsWith("/off/")) return send(404, { error: "not_found", message: "No webhook route at this path." });
    if (req.url?.startsWith("/on/__hookgate/admin/dead-letters/record")) return send(200, record);
    send(404, { error: "not_found", message: "No webhook route at this path." });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("hookgate dlq (stand-in admin API)", () => {
  it("an admin API that is off says how to turn it on; an unreachable URL says so; both exit 1", async () => {
    const off = await runCli(["dlq", "list"], { env: { HOOKGATE_URL: `${url}/off`, HOOKGATE_ADMIN_TOKEN: "t" } });
    expect(off.code).toBe(1);
    expect(off.stderr).toContain("has no admin API here: set the Worker secret HOOKGATE_ADMIN_TOKEN");
    const down = await runCli(["dlq", "list"], { env: { HOOKGATE_URL: "http://127.0.0.1:9", HOOKGATE_ADMIN_TOKEN: "t" } });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("cannot reach http://127.0.0.1:9");
  });

  it("show hides header values that may be credentials, in text and --json", async () => {
    const env = { HOOKGATE_URL: `${url}/on`, HOOKGATE_ADMIN_TOKEN: "t" };
    const text = await runCli(["dlq", "show", "d-1", "--route", "/hooks/gitlab"], { env });
    const json = await runCli(["dlq", "show", "d-1", "--route", "/hooks/gitlab", "--json"], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("x-gitlab-token: (hidden, 18 characters)");
    expect(text.stdout).toContain("content-type: application/json");
    expect(JSON.parse(json.stdout).headers).toContainEqual(["authorization", "(hidden, 16 characters)"]);
    for (const out of [text.stdout, json.stdout]) {
      expect(out).not.toContain("GITLAB-TOKEN-VALUE");
      expect(out).not.toContain("JWT-VALUE");
    }
    expect(maskHeaders([["x-api-key", "k"], ["x-hub-signature-256", "sha256=ab"]])).toEqual([["x-api-key", "(hidden, 1 characters)"], ["x-hub-signature-256", "sha256=ab"]]);
  });
});
