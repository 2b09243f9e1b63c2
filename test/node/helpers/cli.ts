/** Runs the real hookgate CLI (cli/bin.mjs) as a child process. */
import { fileURLToPath } from "node:url";
import { ROOT, runNode, type Run } from "../../../cli/wrangler.ts";

export { ROOT };

const BIN = fileURLToPath(new URL("../../../cli/bin.mjs", import.meta.url));

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return runNode([BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, NO_COLOR: "1", ...opts.env } });
}
