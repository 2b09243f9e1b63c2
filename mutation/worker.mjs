/**
 * One mutation worker (forked by mutation/run.mjs, cwd = a private copy of the
 * tree): keeps a single Vitest instance (and its workerd) alive, and for each
 * mutant writes the mutated file, invalidates it, runs the given test files,
 * restores the file. About 3x faster than a fresh `vitest run` per mutant.
 */
import { createVitest } from "vitest/node";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** This run's test files; the first failing test among them ends the run (a kill needs only one). */
let current = [];
let cancelled = false;
const bail = {
  onTestCaseResult(testCase) {
    if (cancelled || testCase.result().state !== "failed" || !current.includes(testCase.module.moduleId)) return;
    cancelled = true;
    vitest.cancelCurrentRun("test-failure").catch(() => {});
  },
};
// A late error from a cancelled run must not take the worker down (the parent would restart it).
process.on("unhandledRejection", (e) => console.error("unhandled rejection in a mutation run:", e));

const vitest = await createVitest("test", {
  config: "test/vitest.config.ts",
  project: ["workers"],
  watch: false,
  maxWorkers: 1,
  reporters: [bail],
});
await vitest.standalone();

/** killed / survived / error, with the first failing test (or the load error) for the report. */
async function run(tests) {
  const files = tests.map((t) => resolve(t));
  current = files;
  cancelled = false;
  const r = await vitest.runTestFiles(files);
  // The result lists every module this instance ever ran: keep only this run's.
  const modules = r.testModules.filter((m) => files.includes(m.moduleId));
  for (const m of modules) {
    for (const t of m.children.allTests()) {
      if (t.result().state === "failed") return { status: "killed", by: `${m.moduleId.split("/test/").pop()} > ${t.fullName}`.slice(0, 200) };
    }
  }
  const broken = modules.find((m) => !m.ok());
  if (broken || r.unhandledErrors.length) {
    const err = broken?.errors()[0] ?? r.unhandledErrors[0];
    return { status: "error", by: String(err?.message ?? err).split("\n")[0].slice(0, 200) };
  }
  if (modules.length !== files.length) return { status: "error", by: `ran ${modules.length} of ${files.length} test files` };
  return { status: "survived" };
}

process.on("message", async (msg) => {
  if (msg.type === "baseline") {
    process.send({ type: "result", ...(await run(msg.tests)) });
    return;
  }
  const path = resolve(msg.file);
  const original = readFileSync(path, "utf8");
  let result;
  try {
    writeFileSync(path, original.replace(msg.find, () => msg.replace));
    vitest.invalidateFile(path);
    result = await run(msg.tests);
  } catch (e) {
    result = { status: "error", by: e instanceof Error ? e.message : String(e) };
  } finally {
    writeFileSync(path, original);
    vitest.invalidateFile(path);
  }
  process.send({ type: "result", ...result });
});

process.send({ type: "ready" });
