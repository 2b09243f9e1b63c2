/**
 * Size and start-up cost of the Worker as deployed: `wrangler deploy --dry-run
 * --outdir` builds exactly what would be uploaded; we gzip it (as Cloudflare
 * counts the limit) and time the bundle's module evaluation in a fresh V8
 * isolate (a child Node process: same engine as workerd).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, runWrangler } from "../cli/wrangler.ts";

export interface BundleResult {
  files: { name: string; bytes: number; gzipBytes: number }[];
  totalBytes: number;
  gzipBytes: number;
  /** Wrangler's own "Total Upload: … / gzip: …" line. */
  wranglerSays: string;
  /** Median over fresh processes: import of the bundled module (parse, compile, evaluate), ms. */
  moduleEvalMs: number;
}

/**
 * Node has no `cloudflare:*` modules: a loader hook serves stand-ins for the
 * few names the bundle imports (base classes), so the rest of the module
 * graph evaluates exactly as shipped.
 */
const CLOUDFLARE_STUB = `export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export class WorkerEntrypoint { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export class WorkflowEntrypoint {}
export const env = {};`;
const HOOKS = `export async function resolve(spec, ctx, next) {
  if (spec.startsWith("cloudflare:")) return { url: "data:text/javascript," + encodeURIComponent(${JSON.stringify(CLOUDFLARE_STUB)}), shortCircuit: true };
  return next(spec, ctx);
}`;

function evalOnce(file: string): Promise<number> {
  const script = `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOKS)}));
const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`module evaluation failed:\n${err}`))));
  });
}

export async function benchBundle(runs = 7): Promise<BundleResult> {
  const outdir = await mkdtemp(join(tmpdir(), "hookgate-bundle-"));
  try {
    const run = await runWrangler(["deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT });
    if (run.code !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`);
    const wranglerSays = (run.stdout + run.stderr).split("\n").find((l) => l.includes("Total Upload"))?.trim() ?? "";
    const files = [];
    for (const name of await readdir(outdir)) {
      if (!/\.(m?js|wasm)$/.test(name)) continue;
      const data = await readFile(join(outdir, name));
      files.push({ name, bytes: (await stat(join(outdir, name))).size, gzipBytes: gzipSync(data, { level: 9 }).length });
    }
    const main = files.find((f) => f.name === "index.js") ?? files[0]!;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await evalOnce(join(outdir, main.name)));
    times.sort((a, b) => a - b);
    return {
      files,
      totalBytes: files.reduce((s, f) => s + f.bytes, 0),
      gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
      wranglerSays,
      moduleEvalMs: times[Math.floor(times.length / 2)]!,
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
