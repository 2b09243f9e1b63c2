/** The Worker's preset data (src/rules/presets/runtime.ts) is generated from the described presets: it cannot drift. */
import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { RUNTIME_FILE, runtimePresetsSource } from "../../cli/presets-runtime.ts";
import { runtimePresets } from "../../src/rules/presets/runtime.ts";
import { presets } from "../../src/rules/presets/index.ts";

it("src/rules/presets/runtime.ts is current (regenerate: npx tsx cli/presets-runtime.ts)", () => {
  expect(readFileSync(RUNTIME_FILE, "utf8")).toBe(runtimePresetsSource());
});

it("holds every preset, each exactly as described minus description and docs", () => {
  expect(Object.keys(runtimePresets).sort()).toEqual(Object.keys(presets).sort());
  for (const [name, { description: _d, docs: _u, ...rest }] of Object.entries(presets)) expect(runtimePresets[name], name).toEqual(JSON.parse(JSON.stringify(rest)));
});
