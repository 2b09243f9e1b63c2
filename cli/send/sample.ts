/**
 * The sample delivery `hookgate send` signs when no --body is given: realistic
 * JSON with an `id` and a `created` time (unix seconds), plus the provider's
 * own JSON timestamp / id fields at their dotted paths.
 */

/** Sets `value` at a dotted path (`data.object.id`), creating objects on the way. */
export function setJsonPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== "object" || Array.isArray(next)) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

/** Reads a dotted path exactly as the Worker does. */
export { jsonPath as getJsonPath } from "../../src/shared/json-path.ts";

export function sampleBody(provider: string, id: string, createdSeconds: number): Record<string, unknown> {
  return {
    id,
    type: "hookgate.test",
    created: createdSeconds,
    livemode: false,
    data: {
      object: {
        id: `obj_${id.replace(/^[a-z]+_/, "")}`,
        object: "test_event",
        provider,
        message: "Sent by `hookgate send` to check a deployment end to end.",
        amount: 4200,
        currency: "eur",
        tags: ["hookgate", "test"],
      },
    },
  };
}

/** A form-encoded sample for providers that sign form parameters. */
export function sampleForm(provider: string, id: string, createdSeconds: number): URLSearchParams {
  // An Alipay asynchronous notification: RSA2 (sign_type is not signed), UTF-8, the times in Beijing time as Alipay writes them.
  if (provider === "alipay") {
    const time = new Date((createdSeconds + 8 * 3600) * 1000).toISOString().slice(0, 19).replace("T", " ");
    return new URLSearchParams({
      notify_time: time,
      notify_type: "trade_status_sync",
      notify_id: id,
      app_id: "2021000000000000",
      charset: "utf-8",
      version: "1.0",
      sign_type: "RSA2",
      trade_no: "2026113022001400000000000000",
      out_trade_no: `hookgate-${id}`,
      trade_status: "TRADE_SUCCESS",
      total_amount: "42.00",
      subject: "Sent by hookgate send",
    });
  }
  return new URLSearchParams({
    id,
    type: "hookgate.test",
    created: String(createdSeconds),
    provider,
    message: "Sent by hookgate send to check a deployment end to end.",
  });
}
