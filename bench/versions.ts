/**
 * Before/after inside workerd, in one run: the same ops on this tree's src/ and
 * on another git ref's, bundled into one bench Worker under `wrangler dev` and
 * measured interleaved batch by batch (the machine's load hits both alike).
 *
 *   npx tsx bench/versions.ts [--ref main] [--sizes 1024,65536,1048576] [--batches 21]
 *
 * Ops (GitHub genuine request; Stripe-shaped JSON for the event id):
 *   pipeline        handleWebhook, dedup off, direct delivery (bench/pipeline-env.js)
 *   pipeline full   handleWebhook with the preset's defaults (KV dedup on the signed-bytes digest, auto delivery)
 *   readBody        new Request (with Content-Length) + readBody
 *   jsonField       the top-level "id" of {"id":…,"data":"<long string>"}
 * Per op = (time of a request running n ops − time of one running none) ÷ n;
 * median over batches. The other ref's src/ is written to bench/.versions/ (not committed).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../cli/wrangler.ts";
import { startDev, timedGet } from "./dev.ts";
import { median, table } from "./stats.ts";

const arg = (name: string, d: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : d);
const ref = arg("ref", "main");
const sizes = arg("sizes", "1024,65536,1048576").split(",").map(Number);
const batches = Number(arg("batches", "21"));
const OPS = ["pipeline", "pipeline full", "readBody", "jsonField"];

const dir = join(ROOT, "bench/.versions");
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, "ref"), { recursive: true });
execFileSync("sh", ["-c", `git archive ${JSON.stringify(ref)} src | tar -x -C ${JSON.stringify(join(dir, "ref"))}`], { cwd: ROOT });
const commit = execFileSync("git", ["rev-parse", "--short", ref], { cwd: ROOT, encoding: "utf8" }).trim();

// One module per version with the same exports; the Worker picks by name.
for (const [name, src] of [["ref", "./ref/src"], ["tree", "../../src"]]) {
  writeFileSync(
    join(dir, `${name}.ts`),
    `export { readBody } from "${src}/http/body.ts";\nexport { jsonField } from "${src}/shared/json-scan.ts";\nexport const handle = () => import("${src}/pipeline/handle.ts");\n`,
  );
}
writeFileSync(
  join(dir, "worker.ts"),
  `import { createHmac } from "node:crypto";
import { pipelineOp } from "../pipeline-env.js";
import * as ref from "./ref.ts";
import * as tree from "./tree.ts";
const V = { ref, tree } as Record<string, typeof tree>;
const secret = "bench-github-secret";
function jsonBody(size: number): Uint8Array {
  const head = '{"id":"evt_bench","type":"bench","data":"', tail = '"}';
  const out = new Uint8Array(size).fill(0x61);
  out.set(new TextEncoder().encode(head));
  out.set(new TextEncoder().encode(tail), size - tail.length);
  for (let i = head.length, x = 7; i < size - tail.length; i++) out[i] = 0x41 + ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 8) % 26;
  return out;
}
const made = new Map<string, Promise<() => Promise<unknown>>>();
async function make(op: string, v: string, size: number): Promise<() => Promise<unknown>> {
  const m = V[v]!;
  const body = jsonBody(size);
  const headers = { "x-hub-signature-256": "sha256=" + createHmac("sha256", secret).update(body).digest("hex"), "x-github-delivery": "d-1" };
  if (op === "pipeline") return pipelineOp({ path: "/bench/" + v, provider: "github", secret }, headers, body, { dedup: false, delivery: { mode: "direct" } }, m.handle);
  if (op === "pipeline full") return pipelineOp({ path: "/bench/full-" + v, provider: "github", secret }, headers, body, {}, m.handle);
  if (op === "readBody") return async () => { const r = await m.readBody(new Request("https://h.example/x", { method: "POST", body, headers: { "content-length": String(size) } }), 1 << 22); if (!r.ok) throw new Error("readBody"); };
  if (op === "jsonField") return async () => { if (m.jsonField(body, "id") !== "evt_bench") throw new Error("jsonField"); };
  throw new Error("op?");
}
export default {
  async fetch(request: Request): Promise<Response> {
    const q = new URL(request.url).searchParams;
    if (new URL(request.url).pathname === "/healthz") return new Response("ok");
    const key = [q.get("op"), q.get("v"), q.get("size")].join("|");
    let f = made.get(key);
    if (!f) made.set(key, (f = make(q.get("op")!, q.get("v")!, Number(q.get("size")))));
    try { const run = await f; for (let i = 0, n = Number(q.get("n")); i < n; i++) await run(); }
    catch (e) { return new Response(String(e instanceof Error ? e.stack : e), { status: 500 }); }
    return new Response("ok");
  },
};
`,
);
writeFileSync(join(dir, "wrangler.toml"), `name = "hookgate-bench-versions"\nmain = "worker.ts"\ncompatibility_date = "2026-04-20"\ncompatibility_flags = ["nodejs_compat"]\n`);

const dev = await startDev({ config: join(dir, "wrangler.toml"), readyPath: "/healthz" });
const rows: string[][] = [];
try {
  for (const size of sizes) {
    for (const op of OPS) {
      const url = (v: string, n: number) => `${dev.url}/?op=${encodeURIComponent(op)}&v=${v}&size=${size}&n=${n}`;
      const us = async (v: string, n: number) => (await timedGet(url(v, n))) * 1000;
      // Warm up, then n so that a batch takes about 50 ms.
      const n: Record<string, number> = {};
      for (const v of ["ref", "tree"]) {
        await us(v, 20);
        let k = 8;
        let spent = 0;
        while (k < 1_000_000 && (spent = (await us(v, k)) - (await us(v, 0))) < 10_000) k *= 2;
        n[v] = Math.max(5, Math.round((k * 50_000) / Math.max(spent, 1)));
      }
      const per: Record<string, number[]> = { ref: [], tree: [] };
      for (let b = 0; b < batches; b++)
        for (const v of ["ref", "tree"]) {
          const empty = await us(v, 0);
          per[v]!.push(Math.max(0, (await us(v, n[v]!)) - empty) / n[v]!);
        }
      const [a, t] = [median(per.ref!), median(per.tree!)];
      rows.push([op, String(size), a.toFixed(1), t.toFixed(1), `${(t / a).toFixed(2)}×`]);
      process.stderr.write(`  ${op} ${size} B: ${ref} ${a.toFixed(1)} µs, this tree ${t.toFixed(1)} µs\n`);
    }
  }
} finally {
  await dev.stop();
}
console.log(table(["op", "body bytes", `${ref} (${commit}) µs`, "this tree µs", "this tree ÷ ref"], rows));
