/** A pre-shared key in a header (GitLab's X-Gitlab-Token, an Authorization value), compared in constant time. */
import type { TokenSpec } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { matchAny, stripPrefix } from "./equal.ts";

/** Longer header values are rejected before any comparison. */
const MAX_TOKEN = 4096;

export async function checkToken(spec: TokenSpec, keys: readonly string[], req: Inbound): Promise<Result<{ keyIndex: number }>> {
  const raw = req.headers.get(spec.header);
  if (raw === null || raw.trim() === "") return fail({ code: "token_missing", detail: `no ${spec.header} header` });
  if (raw.length > MAX_TOKEN) return fail({ code: "token_mismatch", detail: `${spec.header} is ${raw.length} bytes long` });
  const value = stripPrefix(raw.trim(), spec.prefix);
  if (value === null || value === "")
    return fail({ code: "token_mismatch", detail: `${spec.header} does not start with the configured prefix` });
  const i = await matchAny(value, keys);
  if (i < 0) return fail({ code: "token_mismatch", detail: `${spec.header} matched none of ${keys.length} key(s)` });
  return { ok: true, value: { keyIndex: i } };
}
