/**
 * Writes the preset table (cli/preset-table.ts) with each preset's vector
 * source: `npx tsx test/node/write-preset-table.ts [OUT.md | --readme]`
 * (default stdout; --readme updates the block in README.md).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { presetTableWithSources, withReadmeTable } from "./preset-table-md.ts";

const out = process.argv[2];
if (out === "--readme") {
  const readme = fileURLToPath(new URL("../../README.md", import.meta.url));
  writeFileSync(readme, withReadmeTable(readFileSync(readme, "utf8")));
} else if (out) writeFileSync(out, presetTableWithSources());
else process.stdout.write(presetTableWithSources());
