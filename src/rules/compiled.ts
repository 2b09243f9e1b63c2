/** A route as the pipeline uses it: validated, provider resolved, secrets resolved. */
import type { ExpiresAtSpec, Provider, Route, Source } from "./schema.ts";
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
}
