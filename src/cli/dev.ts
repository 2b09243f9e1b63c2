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
import { dim, green, out } from "./output.ts";

const EXAMPLE_RULES = fileURLToPath(new URL("../examples/rules.json", import.meta.url));

export async function devCommand(opts: { port: number; originPort: number }): Promise<number> {
  const pushed = await pushCommand(EXAMPLE_RULES, { binding: "RULES", local: true });
  if (pushed !== 0) return pushed;

  const origin = await startEchoOrigin(opts.originPort, DEV_SECRETS.HOOKGATE_ORIGIN_SECRET!);
  out(`${green("origin")} example origin on http://127.0.0.1:${opts.originPort} (checks hookgate's proxy signature)`);

  const vars = Object.entries(DEV_SECRETS).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(
    process.execPath,
    [wranglerBin(), "dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--var", "RULES_CACHE_SECONDS:0", ...vars],
    { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  out(dim(`Try: npx hookgate send github --to http://127.0.0.1:${opts.port}/hooks/github --secret ${DEV_SECRETS.GITHUB_WEBHOOK_SECRET}`));

  const stop = () => child.kill("SIGTERM");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const code: number = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? 0)));
  origin.close();
  return code;
}
