/** Runs the project's own wrangler (never a global one) and captures its output. */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The repository root (where wrangler.toml is). */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

export function wranglerBin(): string {
  return require.resolve("wrangler/bin/wrangler.js");
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` and captures its output (a spawn failure rejects). */
export function runNode(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export function runWrangler(args: string[], opts: { cwd?: string } = {}): Promise<Run> {
  return runNode([wranglerBin(), ...args], {
    cwd: opts.cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "true" },
  });
}

/** The flags every KV command shares: binding, local/remote, persistence, environment, config. */
export interface KvTarget {
  binding: string;
  local: boolean;
  persistTo?: string;
  env?: string;
  config?: string;
}

export function kvFlags(t: KvTarget): string[] {
  const flags = ["--binding", t.binding, t.local ? "--local" : "--remote"];
  if (t.persistTo) flags.push("--persist-to", t.persistTo);
  if (t.env) flags.push("--env", t.env);
  if (t.config) flags.push("--config", t.config);
  return flags;
}
