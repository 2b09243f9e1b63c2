/** README's preset table is the generated one, so it cannot drift from what hookgate runs. */
import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { presets } from "../../src/rules/presets/index.ts";
import { ROOT } from "./helpers/cli.ts";
import { withReadmeTable } from "./preset-table-md.ts";

it("README.md's preset table is current (regenerate: npx tsx test/node/write-preset-table.ts --readme)", () => {
  const readme = readFileSync(`${ROOT}/README.md`, "utf8");
  expect(readme).toBe(withReadmeTable(readme));
  const rows = readme.split("\n").filter((l) => l.startsWith("| "));
  for (const name of Object.keys(presets))
    expect(rows.some((r) => r.startsWith(`| [${name}](`) || r.startsWith(`| ${name} |`)), name).toBe(true);
});
