/** A route as the pipeline uses it: validated, provider resolved, secrets resolved. */
import type { ExpiresAtSpec, Provider, Route, Source } from "./schema.ts";
import type { RateLimit } from "../delivery/schema.ts";
import type { CompiledAllow } from "../source-ip/compile.ts";

/** A required value with its `env:NAME` reference resolved. Never logged. */
export interface CompiledRequirement {
  readonly from: Source;
  readonly value: string;
}

export interface CompiledRoute {
  readonly route: Route;
  readonly providerName: string;
  readonly provider: Provider;
  /** Secret values (env: references already resolved). Never logged. */
  readonly secrets: readonly string[];
  /** Keys for the provider's token / jwt (route `tokenSecrets`, else `secrets`). Never logged. */
  readonly tokenSecrets: readonly string[];
  /** Keys for the provider's jwt (route `jwtSecrets`, else tokenSecrets). Never logged. */
  readonly jwtSecrets: readonly string[];
  /** Effective timestamp tolerance in seconds (route override, else provider). */
  readonly tolerance: number | undefined;
  /** Effective expiry check (route override, else provider). */
  readonly expiresAt: ExpiresAtSpec | undefined;
  /** Provider requirements followed by the route's, values resolved. */
  readonly required: readonly CompiledRequirement[];
  /** Effective dedup: off, or where the id is (undefined: the provider's id / JWT jti) and how it is stored. */
  readonly dedup: false | { id: Source | undefined; ttlSeconds: number; store: "kv" | "strict" };
  /** Source-IP allow list, pre-parsed (route `allow`, else provider `sourceIps`); undefined: no IP check. */
  readonly allow: CompiledAllow | undefined;
  /** Effective rate limit (route, else the provider's documented one; route `false`: none). */
  readonly rateLimit: RateLimit | undefined;
  /** Delivery mode: route delivery.mode, else the provider's suggestion, else auto. */
  readonly mode: "direct" | "queue" | "auto";
  /** How long the provider waits for an answer (ms): route delivery.deadlineMs, else the provider's, else 10 s. */
  readonly deadlineMs: number;
  /** What a queued event is answered with: route delivery.successStatus, else the provider's, else 202. */
  readonly successStatus: number;
  /** Origin timeout inline (direct, and auto's direct attempt): route originTimeoutMs, else deadline minus safety margin. */
  readonly originTimeoutMs: number;
  /** Origin timeout of a queued delivery: route originTimeoutMs, else 10 s. */
  readonly queuedOriginTimeoutMs: number;
  /** Retry times in seconds after the first attempt (route schedule, legacy gaps summed, else the default). */
  readonly retryAt: readonly number[];
}
