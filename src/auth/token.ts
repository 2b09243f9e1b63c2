/**
 * A pre-shared key in a header (GitLab's X-Gitlab-Token, an Authorization value) or in a JSON body field
 * (Meraki's `sharedSecret`), compared in constant time.
 */
import type { TokenSpec } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { readSource } from "../verify/sources.ts";
import { matchAny, stripPrefix } from "./equal.ts";

/** Longer values are rejected before any comparison. */
const MAX_TOKEN = 4096;

export async function checkToken(spec: TokenSpec, keys: readonly string[], req: Inbound): Promise<Result<{ keyIndex: number }>> {
  const where = "json" in spec ? `JSON field ${spec.json}` : spec.header;
  const raw = readSource(spec, req);
  if (raw === undefined) return fail({ code: "token_missing", detail: `no ${where}` });
  if (raw.length > MAX_TOKEN) return fail({ code: "token_mismatch", detail: `${where} is ${raw.length} bytes long` });
  const value = "json" in spec ? raw : stripPrefix(raw, spec.prefix);
  if (value === null || value === "") return fail({ code: "token_mismatch", detail: `${where} does not start with the configured prefix` });
  const i = await matchAny(value, keys);
  if (i < 0) return fail({ code: "token_mismatch", detail: `${where} matched none of ${keys.length} key(s)` });
  return { ok: true, value: { keyIndex: i } };
}
