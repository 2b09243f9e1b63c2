/** Runs the project's own wrangler (never a global one) and captures its output. */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { withProgress } from "./progress.ts";

const require = createRequire(import.meta.url);

/** The repository root (where wrangler.toml is). */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The project's wrangler; HOOKGATE_WRANGLER (a script run with node) replaces it in tests (a fake wrangler). */
export function wranglerBin(): string {
  return process.env.HOOKGATE_WRANGLER || require.resolve("wrangler/bin/wrangler.js");
}

/** The environment every wrangler child gets: no metrics, no colour (it would leak into our messages). */
export const wranglerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CI: process.env.CI ?? "true",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
});

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

/**
 * Runs the project's wrangler with its output captured: no colour (it would
 * leak into our messages), non-interactive. A spinner on stderr while it runs
 * (TTY only), labelled `wrangler <first two args>`.
 */
export function runWrangler(args: string[], opts: { cwd?: string } = {}): Promise<Run> {
  return withProgress(`wrangler ${args.slice(0, 3).filter((a) => !a.startsWith("/")).join(" ")}`, () =>
    runNode([wranglerBin(), ...args], {
      cwd: opts.cwd,
      env: wranglerEnv(),
    }),
  );
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

/** Wrangler's text without its colour codes and decorations, for an error message. */
export function cleanWranglerText(s: string): string {
  return s
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
    .replace(/^\s*[✘▲]\s*\[(ERROR|WARNING)\]\s*/gm, "")
    .replace(/^\s*🪵\s*Logs were written to .*$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Wrangler has no Cloudflare credentials (remote KV, secret list, tail). */
export function isCredentialError(text: string): boolean {
  return /CLOUDFLARE_API_TOKEN|wrangler login|not (?:logged|authenticated)|Authentication error|\[code: (?:10000|9106)\]/i.test(text);
}

/** A failed wrangler call as one error message: what failed, wrangler's own words, and what to do about missing credentials. */
export function wranglerFailure(what: string, run: Run): string {
  const text = cleanWranglerText(run.stderr || run.stdout);
  const login = isCredentialError(text)
    ? "\nNot logged in to Cloudflare: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN), or pass --local for wrangler dev's local KV."
    : "";
  return `${what} failed:\n${text}${login}`;
}
