/** A route as the pipeline uses it: validated, provider resolved, secrets resolved. */
import type { Provider, Route } from "./schema.ts";
import type { CompiledAllow } from "../source-ip/compile.ts";

export interface CompiledRoute {
  readonly route: Route;
  readonly providerName: string;
  readonly provider: Provider;
  /** Secret values (env: references already resolved). Never logged. */
  readonly secrets: readonly string[];
  /** Effective timestamp tolerance in seconds (route override, else provider). */
  readonly tolerance: number | undefined;
  /** Source-IP allow list, pre-parsed (route `allow`, else provider `sourceIps`); undefined: no IP check. */
  readonly allow: CompiledAllow | undefined;
}
