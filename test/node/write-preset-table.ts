/**
 * Writes the preset table (cli/preset-table.ts) with each preset's vector
 * source: `npx tsx test/node/write-preset-table.ts [OUT.md | --docs]`
 * (default stdout; --docs updates the block in docs/providers.md).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TABLE_DOC, presetTableWithSources, withPresetTable } from "./preset-table-md.ts";

const out = process.argv[2];
if (out === "--docs") {
  const doc = fileURLToPath(new URL(`../../${TABLE_DOC}`, import.meta.url));
  writeFileSync(doc, withPresetTable(readFileSync(doc, "utf8")));
} else if (out) writeFileSync(out, presetTableWithSources());
else process.stdout.write(presetTableWithSources());
