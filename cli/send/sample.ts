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
  return new URLSearchParams({
    id,
    type: "hookgate.test",
    created: String(createdSeconds),
    provider,
    message: "Sent by hookgate send to check a deployment end to end.",
  });
}
