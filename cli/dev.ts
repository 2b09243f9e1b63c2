/**
 * `npm start` / `hookgate dev`: pushes the example rules into local KV, starts
 * the example origin (which checks the proxy signature) and runs `wrangler dev`
 * on http://127.0.0.1:8787 with development secrets.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { pushCommand } from "./rules.ts";
import { wranglerBin } from "./wrangler.ts";
import { startEchoOrigin } from "../examples/origin.ts";
import { DEV_SECRETS } from "../examples/dev-secrets.ts";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bold, dim, green, out } from "./output.ts";

const EXAMPLE_RULES = fileURLToPath(new URL("../examples/rules.json", import.meta.url));

/** The example rules with every loopback origin on `originPort` (the file says 8788, the default). */
export async function exampleRules(originPort: number): Promise<string> {
  const text = await readFile(EXAMPLE_RULES, "utf8");
  return text.replace(/"origin": "http:\/\/127\.0\.0\.1:\d+/g, `"origin": "http://127.0.0.1:${originPort}`);
}

export async function devCommand(opts: { port: number; originPort: number }): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "hookgate-dev-"));
  let pushed: number;
  try {
    const rules = join(dir, "rules.json");
    await writeFile(rules, await exampleRules(opts.originPort));
    pushed = await pushCommand(rules, { binding: "RULES", local: true }, `examples/rules.json (origin port ${opts.originPort})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (pushed !== 0) return pushed;

  const origin = await startEchoOrigin(opts.originPort, DEV_SECRETS.HOOKGATE_ORIGIN_SECRET!);
  out(`${green("origin")} example origin on http://127.0.0.1:${opts.originPort} (checks hookgate's proxy signature)`);

  const vars = Object.entries(DEV_SECRETS).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(
    process.execPath,
    [wranglerBin(), "dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--var", "RULES_CACHE_SECONDS:0", ...vars],
    { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  void announceWhenReady(opts.port, () => child.exitCode !== null);

  const stop = () => child.kill("SIGTERM");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const code: number = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? 0)));
  origin.close();
  return code;
}

/** One `hookgate send` line per example route, with its development secret. */
export async function tryLines(port: number): Promise<string[]> {
  const rules = JSON.parse(await readFile(EXAMPLE_RULES, "utf8")) as {
    routes: { path: string; provider: string; secrets: string[] }[];
    providers?: Record<string, unknown>;
  };
  return rules.routes.map((r) => {
    const secret = DEV_SECRETS[r.secrets[0]!.replace(/^env:/, "")] ?? r.secrets[0]!;
    const custom = rules.providers && Object.hasOwn(rules.providers, r.provider) ? " --rules examples/rules.json" : "";
    return `npx hookgate send ${r.provider} --to http://127.0.0.1:${port}${r.path} --secret ${secret}${custom}`;
  });
}

/** Waits until wrangler dev answers /healthz, then prints what to try (below wrangler's own banner). */
async function announceWhenReady(port: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !exited()) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
        const lines = await tryLines(port);
        out(`\n${green("ready")} hookgate on http://127.0.0.1:${port}. In another terminal, send a signed sample delivery:`);
        out(`  ${bold(lines[0]!)}`);
        for (const l of lines.slice(1)) out(dim(`  ${l}`));
        out(dim("  (--secret wrong shows the 401 a forgery gets; the origin prints what it received; Ctrl-C stops)\n"));
        return;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
}
