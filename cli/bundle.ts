/**
 * `hookgate bundle`: builds the Worker exactly as `wrangler deploy` would
 * (`wrangler deploy --dry-run`), deploys nothing, and prints the bundle size.
 * `npm test` runs it, so a bundle that does not build never lands.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { dim, err, green, out, red, yellow } from "./output.ts";
import { runWrangler, wranglerFailure } from "./wrangler.ts";

/** Workers' limit on the compressed script: 3 MiB on the Free plan (10 MiB on Paid). */
export const GZIP_LIMIT = 3 * 1024 * 1024;
const WARN_AT = 1024 * 1024;

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export async function bundleCommand(opts: { env?: string; config?: string }): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "hookgate-bundle-"));
  try {
    const args = ["deploy", "--dry-run", "--outdir", dir];
    if (opts.env) args.push("--env", opts.env);
    if (opts.config) args.push("--config", opts.config);
    const run = await runWrangler(args);
    const warnings = (run.stdout + run.stderr).split("\n").filter((l) => /WARNING/.test(l) || /exists at the top level, but not on/.test(l));
    if (run.code !== 0) {
      err(`${red("bundle failed")} ${wranglerFailure(`wrangler ${args.join(" ")}`, run)}`);
      return 1;
    }
    let raw = 0;
    let gzip = 0;
    const files: string[] = [];
    for (const f of await readdir(dir)) {
      if (!/\.(m?js|wasm)$/.test(f)) continue;
      const bytes = await readFile(join(dir, f));
      raw += bytes.length;
      gzip += gzipSync(bytes).length;
      files.push(f);
    }
    for (const w of warnings) err(`${yellow("warning")} ${w.replace(/\x1b\[[0-9;]*m/g, "").trim()}`);
    // Wrangler does not inherit bindings into an environment: one missing there is missing in that Worker.
    const missing = warnings.filter((w) => /exists at the top level, but not on/.test(w));
    if (missing.length) {
      err(`${red("bundle incomplete")} env ${opts.env}: repeat every top-level binding and var in [env.${opts.env}] (see the warnings above)`);
      return 1;
    }
    const line = `${files.join(", ")}: ${kib(raw)}, gzip ${kib(gzip)} ${dim("(Workers limit: 3 MiB gzip on the Free plan, 10 MiB on Paid)")}`;
    if (gzip > GZIP_LIMIT) {
      err(`${red("bundle too large")} ${line}`);
      return 1;
    }
    out(`${gzip > WARN_AT ? yellow("bundle ok, but large") : green("bundle ok")}${opts.env ? ` (env ${opts.env})` : ""} ${line}`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
