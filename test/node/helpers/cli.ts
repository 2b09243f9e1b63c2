/** Runs the real hookgate CLI (src/cli/bin.mjs) as a child process. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ROOT } from "../../../src/cli/wrangler.ts";

export { ROOT };

const BIN = fileURLToPath(new URL("../../../src/cli/bin.mjs", import.meta.url));

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
