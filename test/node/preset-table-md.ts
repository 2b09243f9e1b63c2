/** The preset table with each preset's vector source, as README.md shows it. */
import { presetTableMarkdown } from "../../cli/preset-table.ts";
import { vectors } from "../fixtures/vectors.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { signedVectors } from "../fixtures/handshake-vectors.ts";

export const README_START = "<!-- presets:start (generated: npx tsx test/node/write-preset-table.ts --readme) -->";
export const README_END = "<!-- presets:end -->";

export function presetTableWithSources(): string {
  const sources = new Map<string, string[]>();
  for (const v of [...vectors, ...presetVectors, ...signedVectors]) {
    const short = v.source.replace(/ \(https?:[^)]*\)/, "").replace(/^node:crypto per the provider's docs$/, "node:crypto, from the docs");
    sources.set(v.preset, [...(sources.get(v.preset) ?? []), short]);
  }
  return presetTableMarkdown(sources);
}

/** README.md with its preset block replaced by the current table. */
export function withReadmeTable(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error("README.md has no preset table markers");
  return `${readme.slice(0, start + README_START.length)}\n${presetTableWithSources()}${readme.slice(end)}`;
}
