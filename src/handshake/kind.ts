/** What one handshake kind provides (one small file per kind, registered in index.ts). */
import type { Inbound } from "../shared/inbound.ts";
import type { Result } from "../shared/verdict.ts";
import type { SecretEncoding } from "../verify/keys.ts";

export interface HandshakeContext {
  /** The route secret that verified the request (signed kinds only). Never logged. */
  secret: string | undefined;
  /** How that secret becomes key bytes (the provider's hmac `secretEncoding`). */
  secretEncoding: SecretEncoding;
}

export interface HandshakeKind {
  /**
   * `signed`: the provider signs the handshake, so hookgate answers it only
   * after the request verified. `unsigned`: a GET challenge the provider does
   * not sign; answered before verification, and only with a safe echo.
   */
  readonly signing: "signed" | "unsigned";
  /** Whether this request is the handshake (reads method, headers, query, JSON only). */
  matches(req: Inbound): boolean;
  /** The answer, or `handshake_malformed` when the challenge is missing or unsafe. */
  answer(req: Inbound, ctx: HandshakeContext): Promise<Result<Response>> | Result<Response>;
}
