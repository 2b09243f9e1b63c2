/**
 * The KV key schema of the RULES namespace (documented in docs/rules.md):
 *
 *   route:<path>       one route (RouteSchema JSON), e.g. `route:/hooks/github`
 *   provider:<name>    one custom provider (ProviderSchema JSON)
 *   meta:rules         what the last push wrote: { pushedAt, routes, providers }
 *
 * Presets are not stored in KV; a KV provider may not reuse a preset's name.
 */
export const ROUTE_PREFIX = "route:";
export const PROVIDER_PREFIX = "provider:";
export const META_KEY = "meta:rules";

export const routeKey = (path: string) => `${ROUTE_PREFIX}${path}`;
export const providerKey = (name: string) => `${PROVIDER_PREFIX}${name}`;
