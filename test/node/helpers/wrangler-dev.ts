/**
 * The real Worker under `wrangler dev` (cli/wrangler-dev.ts) for the
 * end-to-end tests: its own persistence directory, so tests push rules with the
 * real CLI (`hookgate rules push --local --persist-to DIR`), RULES_CACHE_SECONDS=0,
 * ready when POST /healthz answers 2xx. Stops itself and removes the directory.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWranglerDev as launch } from "../../../cli/wrangler-dev.ts";
import { runCli } from "./cli.ts";

export interface WranglerDev {
  url: string;
  persistTo: string;
  /** Everything wrangler dev printed (the Worker's log lines included). */
  output(): string;
  /**
   * Waits until the Worker answers again. Needed after a request whose body the
   * Worker refused mid-stream: wrangler dev's local proxy then sees a broken
   * upstream connection and restarts the Worker (a local-only artefact).
   */
  waitReady(): Promise<void>;
  /** Writes a rules file and pushes it with the real CLI into this instance's local KV. */
  pushRules(rules: unknown): Promise<void>;
  stop(): Promise<void>;
}

export async function startWranglerDev(opts: { vars?: Record<string, string>; extraArgs?: string[] } = {}): Promise<WranglerDev> {
  const persistTo = await mkdtemp(join(tmpdir(), "hookgate-e2e-"));
  const dev = await launch({
    persistTo,
    vars: { RULES_CACHE_SECONDS: "0", ...opts.vars },
    extraArgs: opts.extraArgs,
    ready: { path: "/healthz", method: "POST" },
  }).catch(async (e: unknown) => {
    await rm(persistTo, { recursive: true, force: true });
    throw e;
  });
  return {
    url: dev.url,
    persistTo,
    output: dev.output,
    waitReady: () => dev.waitReady(),
    async pushRules(rules) {
      const file = join(persistTo, `rules-${Date.now()}.json`);
      await writeFile(file, JSON.stringify(rules, null, 2));
      const run = await runCli(["rules", "push", file, "--local", "--persist-to", persistTo]);
      if (run.code !== 0) throw new Error(`rules push failed:\n${run.stdout}\n${run.stderr}`);
    },
    async stop() {
      await dev.stop();
      await rm(persistTo, { recursive: true, force: true });
    },
  };
}
