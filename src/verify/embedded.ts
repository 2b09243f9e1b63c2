/** Dispatch for the schemes whose signature is not a header over a template (schema: EmbeddedSignature). */
import type { EmbeddedSignature } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import type { Result } from "../shared/verdict.ts";
import type { KeyNet } from "./key-fetch.ts";
import { verifyRemoteKey } from "./remote.ts";
import { verifyJws } from "./jws.ts";
import { verifyAdyen } from "./adyen.ts";

export function verifyEmbedded(spec: EmbeddedSignature, secrets: readonly string[], req: Inbound, net: KeyNet): Promise<Result<{ secretIndex: number }>> {
  if (spec.type === "adyen") return verifyAdyen(secrets, req);
  return spec.type === "jws" ? verifyJws(spec, secrets, req, net) : verifyRemoteKey(spec, secrets, req, net);
}
