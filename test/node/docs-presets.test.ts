/** docs/providers.md's preset table is the generated one, so it cannot drift from what hookgate runs. */
import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { presets } from "../../src/rules/presets/index.ts";
import { ROOT } from "./helpers/cli.ts";
import { TABLE_DOC, withPresetTable } from "./preset-table-md.ts";

it(`${TABLE_DOC}'s preset table is current (regenerate: npx tsx test/node/write-preset-table.ts --docs)`, () => {
  const doc = readFileSync(`${ROOT}/${TABLE_DOC}`, "utf8");
  expect(doc).toBe(withPresetTable(doc));
  const rows = doc.split("\n").filter((l) => l.startsWith("| "));
  for (const name of Object.keys(presets))
    expect(rows.some((r) => r.startsWith(`| [${name}](`) || r.startsWith(`| ${name} |`)), name).toBe(true);
});
