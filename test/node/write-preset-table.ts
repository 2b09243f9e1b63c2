/**
 * Writes the preset table (src/cli/preset-table.ts) with each preset's vector
 * source: `npx tsx test/node/write-preset-table.ts [OUT.md]` (default stdout).
 */
import { writeFileSync } from "node:fs";
import { presetTableMarkdown } from "../../src/cli/preset-table.ts";
import { vectors } from "../fixtures/vectors.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { signedVectors } from "../fixtures/handshake-vectors.ts";

const sources = new Map<string, string[]>();
for (const v of [...vectors, ...presetVectors, ...signedVectors]) {
  const short = v.source.replace(/ \(https?:[^)]*\)/, "").replace(/^node:crypto per the provider's docs$/, "node:crypto, from the docs");
  sources.set(v.preset, [...(sources.get(v.preset) ?? []), short]);
}
const md = presetTableMarkdown(sources);
const out = process.argv[2];
if (out) writeFileSync(out, md);
else process.stdout.write(md);
