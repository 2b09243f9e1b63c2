// Types for `env` and `exports` from "cloudflare:workers" inside the tests.
declare namespace Cloudflare {
  interface Env extends Omit<import("../src/env.ts").Env, string> {
    RULES: KVNamespace;
    STATE: KVNamespace;
    HOOKGATE_ORIGIN_SECRET: string;
  }
  interface GlobalProps {
    mainModule: typeof import("../src/index.ts");
  }
}
