/** Required values (Lean's "always validate the App Token"), in a header or the JSON body. */
import { describe, expect, it } from "vitest";
import { harness } from "../helpers/harness.ts";

const KEY = "psk-for-require-tests";
const provider = { token: { header: "X-Key" } };

async function setUp(require: object[], env: Record<string, string> = {}) {
  const h = harness({ env });
  const path = await h.putRoute({ provider, secrets: [KEY], origin: "https://origin.example.com", require: require as never });
  return { h, path };
}

describe("require", () => {
  const inBody = [{ from: { json: "app_token" }, equals: "app-123" }];

  it("forwards when the JSON field matches", async () => {
    const { h, path } = await setUp(inBody);
    const res = await h.send(path, { body: '{"app_token":"app-123","type":"x"}', headers: { "X-Key": KEY } });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it.each([
    { name: "mismatching value", body: '{"app_token":"app-124"}', reason: "required_value_mismatch" },
    { name: "longer value", body: '{"app_token":"app-1234"}', reason: "required_value_mismatch" },
    { name: "missing field", body: '{"type":"x"}', reason: "required_value_missing" },
    { name: "body not JSON", body: "app_token=app-123", reason: "required_value_missing" },
  ])("rejects: $name", async (c) => {
    const { h, path } = await setUp(inBody);
    const res = await h.send(path, { body: c.body, headers: { "X-Key": KEY } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()).toMatchObject({ verdict: "rejected", reason: c.reason });
  });

  it("reads the expected value from a Worker secret (env:NAME) and a header", async () => {
    const { h, path } = await setUp([{ from: { header: "X-App-Token" }, equals: "env:TEST_APP_TOKEN" }], { TEST_APP_TOKEN: "from-env" });
    const bad = await h.send(path, { body: "{}", headers: { "X-Key": KEY, "X-App-Token": "from-env!" } });
    expect(bad.status).toBe(401);
    expect(h.received).toHaveLength(0);
    const good = await h.send(path, { body: "{}", headers: { "X-Key": KEY, "X-App-Token": "from-env" } });
    expect(good.status).toBe(200);
    expect(h.received).toHaveLength(1);
  });

  it("fails closed (503) when the env: secret is not set", async () => {
    const { h, path } = await setUp([{ from: { header: "X-App-Token" }, equals: "env:NOT_SET_ANYWHERE" }]);
    const res = await h.send(path, { body: "{}", headers: { "X-Key": KEY, "X-App-Token": "x" } });
    expect(res.status).toBe(503);
    expect(h.received).toHaveLength(0);
  });

  it("is not a substitute for authentication: the token is still checked first", async () => {
    const { h, path } = await setUp(inBody);
    const res = await h.send(path, { body: '{"app_token":"app-123"}', headers: { "X-Key": "wrong" } });
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
    expect(h.lastLog()?.reason).toBe("token_mismatch");
  });
});
