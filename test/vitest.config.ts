import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  test: {
    root,
    projects: [
      {
        // Unit and integration tests inside workerd, against the real Worker.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                RULES_CACHE_SECONDS: "0",
                HOOKGATE_ORIGIN_SECRET: "whsec_aG9va2dhdGUtdGVzdC1vcmlnaW4tc2VjcmV0LTMyYnl0ZXM=",
                TEST_GITHUB_SECRET: "It's a Secret to Everybody",
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/node/**", "test/fuzz/**", "node_modules/**"],
        },
      },
      {
        // Differential fuzzing inside workerd against the providers' own SDKs (docs/development.md).
        // nodejs_compat only here: the twilio SDK's verifier needs node:crypto and node:querystring.
        // FUZZ_RUNS (runs per preset) and FUZZ_SEED come from the shell.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              bindings: {
                RULES_CACHE_SECONDS: "0",
                HOOKGATE_ORIGIN_SECRET: "whsec_aG9va2dhdGUtdGVzdC1vcmlnaW4tc2VjcmV0LTMyYnl0ZXM=",
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
                FUZZ_SEED: process.env.FUZZ_SEED ?? "",
              },
            },
          }),
        ],
        test: {
          name: "fuzz",
          include: ["test/fuzz/**/*.test.ts"],
          testTimeout: 600_000,
        },
      },
      {
        // Node-side tests: the CLI, and end to end through real `wrangler dev`.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          // These files mostly wait (wrangler dev, queue retries, a browser): four at a time on two cores took the
          // project from 223 s to 101 s on this machine. They run as a group after the CPU-bound workerd projects,
          // which keep the default (vitest needs a group of their own for a different maxWorkers).
          maxWorkers: 4,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
