/**
 * `npm run bench`: verification cost per request (vs the peer libraries and
 * the bare WebCrypto floor), end-to-end throughput through wrangler dev (vs a
 * bare pass-through Worker), bundle size and start-up cost. Prints tables and
 * writes bench-results/bench-<timestamp>.json (and latest.json).
 *
 *   npm run bench                 everything (≈ 2–3 minutes)
 *   npm run bench -- --only verify|verify-workerd|pipeline|e2e|bundle
 *   (pipeline: inside workerd, only the full pipeline and the event-id rows next to verification alone)
 *   npm run bench -- --quick      fewer samples and shorter rounds (smoke run)
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { benchVerify, type VerifyCase } from "./verify.ts";
import { benchE2e, type E2eResult } from "./e2e.ts";
import { benchVerifyWorkerd, type WorkerdVerifyCase } from "./verify-workerd.ts";
import { benchKvProbe, type KvProbeResult } from "./kv-probe.ts";
import { benchBundle, type BundleResult } from "./bundle.ts";
import { verifyTable, verifyWorkerdTable, e2eTable, bundleTable, targets } from "./report.ts";
import { ROOT } from "../cli/wrangler.ts";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
const want = (part: string) => !only || only === part;

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  memGiB: Math.round(totalmem() / 2 ** 30),
  loadAvgAtStart: loadavg().map((l) => Number(l.toFixed(2))),
};
const started = Date.now();
console.log(`hookgate bench · node ${machine.node} · ${machine.cpus} × ${machine.cpuModel} · load average ${machine.loadAvgAtStart.join(" ")}`);

let verify: VerifyCase[] | undefined;
let verifyWorkerd: WorkerdVerifyCase[] | undefined;
let e2e: E2eResult | undefined;
let kvProbe: KvProbeResult | undefined;
let bundle: BundleResult | undefined;

if (want("verify")) {
  console.log("\n## Verification cost per request (one Node process)\n");
  verify = await benchVerify({ quick });
  console.log(verifyTable(verify));
}
if (want("verify-workerd")) {
  console.log("\n## Verification cost per request inside workerd (wrangler dev)\n");
  verifyWorkerd = await benchVerifyWorkerd({ quick });
  console.log(verifyWorkerdTable(verifyWorkerd));
}
if (only === "pipeline") {
  console.log("\n## The full pipeline (handleWebhook) and the event id inside workerd, next to verification alone\n");
  verifyWorkerd = await benchVerifyWorkerd({ quick, impls: ["pipeline (handleWebhook)", "pipeline, dedup: false", "pipeline, dedup: false, delivery direct", "new Request + read body", "hookgate + event id", "hookgate + event id (full parse)"] });
  console.log(verifyWorkerdTable(verifyWorkerd));
}
if (want("bundle")) {
  console.log("\n## Bundle and start-up\n");
  bundle = await benchBundle(quick ? 3 : 7);
}
if (want("e2e")) {
  console.log("\n## End to end through wrangler dev (autocannon, separate process)\n");
  e2e = await benchE2e(quick ? { rounds: 1, roundSeconds: 3 } : {});
  console.log(e2eTable(e2e));
}
if (want("e2e")) {
  kvProbe = await benchKvProbe({ quick });
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(
    `\nwrangler dev's local KV simulator, serial ops on fresh keys (${kvProbe.batches} batches of ${kvProbe.opsPerBatch}): get ${f(kvProbe.msPerOp.get)}, put ${f(kvProbe.msPerOp.put)}, get + put (one KV dedup delivery) ${f(kvProbe.msPerOp.mixed)}`,
  );
}
if (bundle) console.log(`\n${bundleTable(bundle, e2e)}`);

const checks = targets(verify, verifyWorkerd, e2e, bundle);
if (checks.length) {
  console.log("\n## Targets\n");
  for (const c of checks) console.log(`${c.met ? "met   " : "MISSED"}  ${c.name}: ${c.value}`);
}

const results = {
  date: new Date(started).toISOString(),
  durationSec: Math.round((Date.now() - started) / 1000),
  quick,
  machine: { ...machine, loadAvgAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
  verify,
  verifyWorkerd,
  e2e,
  kvProbe,
  bundle,
  targets: checks,
};
const dir = join(ROOT, "bench-results");
await mkdir(dir, { recursive: true });
const file = join(dir, `bench-${results.date.replace(/[:.]/g, "-")}.json`);
await writeFile(file, JSON.stringify(results, null, 2));
await writeFile(join(dir, "latest.json"), JSON.stringify(results, null, 2));
console.log(`\nwrote ${file} (${results.durationSec} s)`);
