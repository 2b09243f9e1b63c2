/**
 * The full pipeline (handleWebhook) inside workerd against in-memory bindings,
 * for the benchmark: rules in a Map-backed RULES, a STATE that reads empty and
 * forgets every write (each request's dedup claim and commit run their whole
 * path, and no id is ever a duplicate), and a stub origin that answers 200 at
 * once. What it times is hookgate's own work per request, without wrangler's
 * proxy or the local KV simulator. Loaded only inside workerd (the pipeline
 * imports `cloudflare:workers`).
 *
 * Plain JavaScript with its types in pipeline-env.d.ts: the Node-side type check
 * (cli/tsconfig.json, Node types only) must not follow it into the Worker's
 * sources that need the Workers types; the Worker's own check covers those.
 */

const ORIGIN_SECRET = "whsec_YmVuY2gtb3JpZ2luLXNlY3JldC0zMi1ieXRlcy1sb25n";

/** @param {Map<string, string>} values */
function memoryKv(values) {
  return {
    get: async (key) => values.get(key) ?? null,
    put: async () => undefined,
    delete: async () => undefined,
    list: async () => ({ keys: [], list_complete: true, cacheStatus: null }),
    getWithMetadata: async (key) => ({ value: values.get(key) ?? null, metadata: null, cacheStatus: null }),
  };
}

/** One op: a fresh Request through handleWebhook, background work (dedup commit, log) awaited. */
let routes = 0;

export async function pipelineOp(routeIn, headers, body, extra = {}, load = () => import("../src/pipeline/handle.ts")) {
  // A path per op: the rules cache is per isolate and per path, and each body size's case has its own secret.
  const route = { ...routeIn, path: `${routeIn.path}/${++routes}` };
  const { handleWebhook } = await load();
  const rules = new Map([[`route:${route.path}`, JSON.stringify({ path: route.path, provider: route.provider, secrets: [route.secret], origin: "https://origin.example/", ...extra })]]);
  const env = { RULES: memoryKv(rules), STATE: memoryKv(new Map()), HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, RULES_CACHE_SECONDS: "3600" };
  const deps = {
    now: () => Date.now(),
    fetch: async () => new Response("ok"),
    resolverFetch: async () => new Response("no DNS in the benchmark", { status: 500 }),
    log: (line) => void (last = line),
  };
  const url = `https://hooks.example.com${route.path}`;
  let last;
  return async () => {
    const pending = [];
    // With its Content-Length, as providers send it (a request from the network shows it among its headers).
    const request = new Request(url, { method: "POST", headers: { ...headers, "content-length": String(body.byteLength), "cf-connecting-ip": "192.0.2.1" }, body });
    const response = await handleWebhook(request, env, deps, { waitUntil: (p) => void pending.push(p) });
    await Promise.all(pending);
    if (response.status !== 200) throw new Error(`pipeline answered ${response.status}: ${await response.text()} (${JSON.stringify(last)})`);
    return response;
  };
}

/** The floor any Worker pays for a webhook: build the Request (as workerd hands it over) and read its body. */
export function requestOp(headers, body) {
  return async () => {
    const request = new Request("https://hooks.example.com/floor", { method: "POST", headers, body });
    return new Uint8Array(await request.arrayBuffer());
  };
}
