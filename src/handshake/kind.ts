/** What one handshake kind provides (one small file per kind, registered in index.ts). */
import type { Inbound } from "../shared/inbound.ts";
import type { Result } from "../shared/verdict.ts";
import type { SecretEncoding } from "../verify/keys.ts";
import type { KeyNet } from "../verify/key-fetch.ts";

export interface HandshakeContext {
  /** The route secret that verified the request (signed kinds only). Never logged. */
  secret: string | undefined;
  /** How that secret becomes key bytes (the provider's hmac `secretEncoding`). */
  secretEncoding: SecretEncoding;
  /** The route's publicUrl (eBay signs the endpoint URL). */
  publicUrl?: string | undefined;
  /** The route's `tokenSecrets`, only when it sets them (Oura's verification tokens). Never logged. */
  tokens?: readonly string[] | undefined;
  /** Fetches for kinds that call the provider back (AWS SNS), and the hosts they may reach. */
  net?: KeyNet;
  hosts?: readonly string[];
}

export interface HandshakeKind {
  /**
   * `signed`: the provider signs the handshake, so hookgate answers it only
   * after the request verified. `unsigned`: a challenge the provider does not
   * sign (a GET, or a POST header echo: Clio, RingCentral); answered before
   * verification and never forwarded, only with a safe echo or a value derived
   * from a safe challenge token (Twitter CRC, eBay: then `secret` is the route's first secret).
   */
  readonly signing: "signed" | "unsigned";
  /**
   * The answer is a MAC, under the key that signs events, of a token the request
   * chooses (Twitter CRC): on its routes an event body must be a JSON object, which
   * no token can be, so no answer is ever a valid signature of a forged body.
   */
  readonly signsTokens?: true;
  /** Whether this request is the handshake (reads method, headers, query, JSON only). */
  matches(req: Inbound): boolean;
  /** The answer, or `handshake_malformed` when the challenge is missing or unsafe. */
  answer(req: Inbound, ctx: HandshakeContext): Promise<Result<Response>> | Result<Response>;
}
