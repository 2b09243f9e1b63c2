/** The Worker's preset data (src/rules/presets/runtime.ts) is generated from the described presets: it cannot drift. */
import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RUNTIME_FILE, runtimePresetsSource } from "../../cli/presets-runtime.ts";
import { runtimePresets } from "../../src/rules/presets/runtime.ts";
import { presets } from "../../src/rules/presets/index.ts";
import { ProviderSchema } from "../../src/rules/schema.ts";

it("src/rules/presets/runtime.ts is current (regenerate: npx tsx cli/presets-runtime.ts)", () => {
  expect(readFileSync(RUNTIME_FILE, "utf8")).toBe(runtimePresetsSource());
});

it("holds every preset, each parsing (as the Worker parses it) exactly as described minus description and docs", () => {
  expect(Object.keys(runtimePresets).sort()).toEqual(Object.keys(presets).sort());
  for (const [name, { description: _d, docs: _u, ...rest }] of Object.entries(presets))
    expect(ProviderSchema.parse(runtimePresets[name]), name).toStrictEqual(ProviderSchema.parse(JSON.parse(JSON.stringify(rest))));
});

it("leaves out only fields the schema fills in with the same value (defaults)", () => {
  // Not vacuous: the generator did drop defaults, and the described presets still write them.
  const runtime = JSON.stringify(runtimePresets);
  expect(runtime).not.toContain('"payload":"{body}"');
  expect(JSON.stringify(presets)).toContain('"payload":"{body}"');
  // A field that differs from its default is kept: stripe's payload stays written.
  expect(runtimePresets.stripe!.signature).toMatchObject({ payload: "{timestamp}.{body}" });
});

it("the Worker imports the runtime presets, never the described ones (5 KiB gzip of descriptions)", async () => {
  const { readdirSync } = await import("node:fs");
  const { join } = await import("node:path");
  const root = fileURLToPath(new URL("../../src", import.meta.url));
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.startsWith("rules/presets/"));
  // src/rules/validate.ts is the CLI's rules validator (never imported by the Worker); it shows descriptions.
  const offenders = files.filter((f) => f !== "rules/validate.ts" && /from "[./]*(rules\/)?presets\/index\.ts"/.test(readFileSync(join(root, f), "utf8")));
  expect(offenders).toEqual([]);
});
