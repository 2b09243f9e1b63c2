/**
 * The source tree reads top-down: entry (index, worker, app) → pipeline → stages
 * → rules → shared vocabulary. This test fails when someone adds an import that
 * runs upwards: a stage importing the orchestrator, or src/shared importing a stage.
 * Node-side tooling (cli/, bench/, examples/) lives outside src/, which is what is deployed.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "src");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every relative import (static, dynamic, type-only, re-export) of a file, as src-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)).split(sep).join("/"));
}

const files = walk(SRC).map((f) => ({ path: relative(SRC, f).split(sep).join("/"), imports: importsOf(f) }));
const top = (p: string): string => p.split("/")[0]!;
const ENTRY = new Set(["index.ts", "worker.ts", "app.ts"]);

describe("source layout", () => {
  it("finds the source files and their imports (the scan itself works)", () => {
    expect(files.length).toBeGreaterThan(50);
    const handle = files.find((f) => f.path === "pipeline/handle.ts");
    expect(handle?.imports).toContain("verify/index.ts");
  });

  it("no file outside the entry and the pipeline imports from src/pipeline/", () => {
    const upward = files
      .filter((f) => top(f.path) !== "pipeline" && !ENTRY.has(f.path))
      .flatMap((f) => f.imports.filter((i) => top(i) === "pipeline").map((i) => `${f.path} → ${i}`));
    expect(upward).toEqual([]);
  });

  it("nothing below the entry imports the entry (app, worker, index)", () => {
    const upward = files
      .filter((f) => !ENTRY.has(f.path))
      .flatMap((f) => f.imports.filter((i) => ENTRY.has(i)).map((i) => `${f.path} → ${i}`));
    expect(upward).toEqual([]);
  });

  it("src/shared/ (the vocabulary every stage speaks) imports only itself and the logger", () => {
    const outward = files
      .filter((f) => top(f.path) === "shared")
      .flatMap((f) => f.imports.filter((i) => top(i) !== "shared" && i !== "log.ts").map((i) => `${f.path} → ${i}`));
    expect(outward).toEqual([]);
  });

  it("src/ holds only what is deployed: no Node-side tooling folders", () => {
    for (const name of ["cli", "bench", "examples"]) {
      expect(existsSync(join(SRC, name)), `src/${name} should live at the project root`).toBe(false);
      expect(existsSync(join(ROOT, name))).toBe(true);
    }
    const nodeImports = files.flatMap((f) => f.imports.filter((i) => i.startsWith("../")).map((i) => `${f.path} → ${i}`));
    expect(nodeImports).toEqual([]);
  });
});
