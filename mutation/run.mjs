#!/usr/bin/env node
/**
 * hookgate's mutation run (`npm run test:mutation`): applies each mutation in
 * mutation/mutants.mjs, one at a time, to a private copy of the tree, runs only
 * the test files that should kill it inside workerd, and reports per module.
 * Hand-written because Stryker 10 needs Node >= 22 (see docs/development.md);
 * mutation/worker.mjs keeps one Vitest + workerd alive per copy.
 *
 *   npm run test:mutation                          every mutant, 2 at a time
 *   npm run test:mutation -- --module auth         one module (verify, auth, source-ip, ...)
 *   npm run test:mutation -- --id jwt-lifetime-from-now --jobs 1
 *   npm run test:mutation -- --check               only check that every snippet still exists
 *   npm run test:mutation -- --equivalent          also run mutants marked equivalent (they should survive)
 *
 * Options: --jobs N (default 2, at most 2), --timeout S per mutant (default 120),
 * --no-baseline (skip the unmutated run), --json FILE (write the results).
 * Exit code: 0 when every module in the run scores at least 95% and every
 * survivor is marked `equivalent` or `accepted`; 1 otherwise; 2 when the list
 * is stale. MUTATION_DEBUG=1 prints a crashed worker's stderr.
 */
import { fork } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mutants } from "./mutants.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const THRESHOLD = 0.95;
/** What a copy of the tree needs to run the workerd tests (test helpers import from cli/). */
const COPY = ["src", "test", "cli", "examples", "wrangler.toml", "tsconfig.json", "package.json"];

function parseArgs(argv) {
  const o = { jobs: 2, timeoutS: 120, baseline: true, check: false, equivalent: false, modules: [], ids: [], json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--jobs") o.jobs = Math.max(1, Math.min(2, Number(next()) || 1));
    else if (a === "--timeout") o.timeoutS = Number(next());
    else if (a === "--module") o.modules.push(next());
    else if (a === "--id") o.ids.push(next());
    else if (a === "--json") o.json = next();
    else if (a === "--no-baseline") o.baseline = false;
    else if (a === "--check") o.check = true;
    else if (a === "--equivalent") o.equivalent = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** src/verify/hmac.ts → verify; the delivery consumer counts as "delivery". */
export const moduleOf = (file) => file.split("/")[1];

/** Fails loudly when the list no longer matches the code: each snippet must occur exactly once. */
function validate(list) {
  const problems = [];
  const ids = new Set();
  for (const m of list) {
    if (ids.has(m.id)) problems.push(`${m.id}: duplicate id`);
    ids.add(m.id);
    if (!m.file || typeof m.find !== "string" || typeof m.replace !== "string" || !Array.isArray(m.tests) || m.tests.length === 0) {
      problems.push(`${m.id}: needs file, find, replace and tests`);
      continue;
    }
    if (m.find === m.replace) problems.push(`${m.id}: replace equals find`);
    const path = join(ROOT, m.file);
    if (!existsSync(path)) {
      problems.push(`${m.id}: ${m.file} does not exist`);
      continue;
    }
    const count = readFileSync(path, "utf8").split(m.find).length - 1;
    if (count !== 1) problems.push(`${m.id}: the original snippet occurs ${count} times in ${m.file} (must be exactly once): ${JSON.stringify(m.find.slice(0, 80))}`);
    for (const t of m.tests) if (!existsSync(join(ROOT, t))) problems.push(`${m.id}: test file ${t} does not exist`);
  }
  return problems;
}

/** A private copy of the tree; node_modules entries are symlinked, but vite's caches stay per copy. */
function makeCopy(base, i) {
  const dir = join(base, `copy-${i}`);
  mkdirSync(dir);
  for (const name of COPY) if (existsSync(join(ROOT, name))) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (name === ".vite" || name === ".vitest" || name === ".cache") continue;
    symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name));
  }
  return dir;
}

/** A forked worker (mutation/worker.mjs) holding one Vitest instance inside the copy `dir`. */
class Slot {
  constructor(dir) {
    this.dir = dir;
  }

  async start() {
    this.child = fork(join(ROOT, "mutation", "worker.mjs"), [], {
      cwd: this.dir,
      detached: true, // its own process group, so a hung workerd goes down with it
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    this.stderr = "";
    this.child.stderr.on("data", (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    await new Promise((resolve, reject) => {
      this.child.once("message", (m) => (m.type === "ready" ? resolve() : reject(new Error("worker did not start"))));
      this.child.once("exit", (code) => reject(new Error(`worker exited (${code}) while starting: ${this.stderr}`)));
    });
  }

  stop() {
    try {
      process.kill(-this.child.pid, "SIGKILL");
    } catch {}
  }

  /** Sends one job; a job that outlives `timeoutS` kills the worker, and a fresh one is started. */
  async send(job, timeoutS) {
    const answer = new Promise((resolve) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
      };
      const onMessage = (m) => {
        if (m.type !== "result") return;
        cleanup();
        resolve(m);
      };
      const onExit = (code) => {
        cleanup();
        if (process.env.MUTATION_DEBUG) console.error(this.stderr);
        resolve({ status: "error", by: `worker exited (${code}): ${this.stderr.split("\n").slice(-3).join(" ")}` });
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve({ status: "timeout" });
      }, timeoutS * 1000);
      this.child.on("message", onMessage);
      this.child.once("exit", onExit);
    });
    this.child.send(job);
    const result = await answer;
    if (result.status === "timeout" || (result.status === "error" && /^worker exited/.test(result.by))) {
      this.stop();
      // It may have died with the mutation applied: put the file back before a new worker starts.
      if (job.file) writeFileSync(join(this.dir, job.file), readFileSync(join(ROOT, job.file), "utf8"));
      await this.start();
    }
    return result;
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const problems = validate(mutants);
  if (problems.length) {
    console.error(`mutation/mutants.mjs is stale (code moved?):\n  ${problems.join("\n  ")}`);
    process.exit(2);
  }
  let selected = mutants.filter((m) => (o.modules.length ? o.modules.includes(moduleOf(m.file)) : true) && (o.ids.length ? o.ids.includes(m.id) : true));
  const skippedEquivalent = o.equivalent || o.ids.length ? [] : selected.filter((m) => m.equivalent);
  selected = selected.filter((m) => !skippedEquivalent.includes(m));
  console.log(`${mutants.length} mutants in the list; all ${mutants.length} snippets found.`);
  if (o.check) return;
  console.log(`running ${selected.length} (${skippedEquivalent.length} marked equivalent not run), ${o.jobs} at a time, ${o.timeoutS} s limit each`);

  const started = Date.now();
  const base = mkdtempSync(join(tmpdir(), "hookgate-mutation-"));
  const slots = [];
  const cleanup = () => {
    slots.forEach((s) => s.child && s.stop());
    rmSync(base, { recursive: true, force: true });
  };
  for (const sig of ["SIGINT", "SIGTERM"])
    process.on(sig, () => {
      cleanup();
      process.exit(130);
    });
  try {
    for (let i = 0; i < Math.min(o.jobs, Math.max(1, selected.length)); i++) slots.push(new Slot(makeCopy(base, i)));
    await Promise.all(slots.map((s) => s.start()));

    if (o.baseline) {
      const files = [...new Set(selected.flatMap((m) => m.tests))].sort();
      process.stdout.write(`baseline: ${files.length} test files unmutated... `);
      const r = await slots[0].send({ type: "baseline", tests: files }, o.timeoutS * 4);
      if (r.status !== "survived") {
        console.log(`FAILED (${r.status}: ${r.by ?? ""})\nThe unmutated suite must pass first.`);
        process.exitCode = 1;
        return;
      }
      console.log(`passed (${Math.round((Date.now() - started) / 1000)} s)`);
    }

    const results = [];
    let next = 0;
    const drain = async (slot) => {
      while (next < selected.length) {
        const m = selected[next++];
        const t0 = Date.now();
        const job = { type: "mutant", file: m.file, find: m.find, replace: m.replace, tests: m.tests };
        let r = await slot.send(job, o.timeoutS);
        // A worker that died (not a timeout) says nothing about the mutant: one more try on a fresh worker.
        if (r.status === "error" && /^worker exited/.test(r.by)) r = await slot.send(job, o.timeoutS);
        const res = { status: r.status, by: r.by, id: m.id, module: moduleOf(m.file), file: m.file, seconds: Math.round((Date.now() - t0) / 1000), accepted: m.accepted, equivalent: m.equivalent };
        results.push(res);
        const tag = { killed: "killed  ", timeout: "TIMEOUT ", survived: "SURVIVED", error: "ERROR   " }[res.status];
        console.log(`[${results.length}/${selected.length}] ${tag} ${m.id} (${res.seconds} s)${res.by ? `  <- ${res.by}` : ""}`);
      }
    };
    await Promise.all(slots.map(drain));
    report(results, skippedEquivalent, (Date.now() - started) / 1000, o);
  } finally {
    cleanup();
  }
}

function report(results, skippedEquivalent, seconds, o) {
  const modules = [...new Set([...results, ...skippedEquivalent.map((m) => ({ module: moduleOf(m.file) }))].map((r) => r.module))].sort();
  const rows = [];
  let bad = false;
  for (const mod of modules) {
    const rs = results.filter((r) => r.module === mod && !r.equivalent);
    const killed = rs.filter((r) => r.status === "killed").length;
    const timeout = rs.filter((r) => r.status === "timeout").length;
    const survived = rs.filter((r) => r.status === "survived").length;
    const errors = rs.filter((r) => r.status === "error").length;
    const equivalent = skippedEquivalent.filter((m) => moduleOf(m.file) === mod).length + results.filter((r) => r.module === mod && r.equivalent).length;
    const scored = killed + timeout + survived;
    const score = scored ? (killed + timeout) / scored : 1;
    if (score < THRESHOLD || errors) bad = true;
    rows.push({ mod, total: rs.length + equivalent, equivalent, killed, timeout, survived, errors, score });
  }
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  console.log("\n| module | mutants | equivalent | killed | killed by timeout | survived | score |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.mod} | ${r.total} | ${r.equivalent} | ${r.killed} | ${r.timeout} | ${r.survived} | ${pct(r.score)} |${r.errors ? ` ${r.errors} broken mutation(s)` : ""}`);
  const all = rows.reduce((a, r) => ({ k: a.k + r.killed + r.timeout, s: a.s + r.killed + r.timeout + r.survived, t: a.t + r.total }), { k: 0, s: 0, t: 0 });
  console.log(`| **all** | ${all.t} | | | | | ${pct(all.s ? all.k / all.s : 1)} |`);
  console.log(`\nrun time ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`);

  const survivors = results.filter((r) => r.status === "survived");
  for (const r of survivors) {
    const why = r.equivalent ? `equivalent: ${r.equivalent}` : r.accepted ? `accepted: ${r.accepted}` : "NOT ACCEPTED: add a test that kills it";
    if (!r.equivalent && !r.accepted) bad = true;
    console.log(`survived ${r.id} (${r.file}) ${why}`);
  }
  for (const r of results.filter((x) => x.equivalent && x.status !== "survived")) console.log(`marked equivalent but ${r.status}: ${r.id}: remove the mark`);
  for (const r of results.filter((x) => x.status === "error")) console.log(`broken mutation ${r.id}: ${r.by}`);
  if (o.json) writeFileSync(o.json, JSON.stringify({ seconds, rows, results }, null, 2));
  process.exitCode = bad ? 1 : 0;
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  });
