import { describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";

describe("app", () => {
  it("answers /healthz without touching any route", async () => {
    const res = await exports.default.fetch("http://hookgate.test/healthz");
    expect(res.status).toBe(200);
    expect(env.RULES).toBeDefined();
  });
});
