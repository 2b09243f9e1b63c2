/** The preset table with each preset's vector source, as docs/providers.md shows it. */
import { presetTableMarkdown } from "../../cli/preset-table.ts";
import { vectors } from "../fixtures/vectors.ts";
import { presetVectors } from "../fixtures/preset-vectors.ts";
import { formatPresets, signedVectors } from "../fixtures/handshake-vectors.ts";

/** The doc that holds the generated table, relative to the repository root. */
export const TABLE_DOC = "docs/providers.md";
export const TABLE_START = "<!-- presets:start (generated: npx tsx test/node/write-preset-table.ts --docs) -->";
export const TABLE_END = "<!-- presets:end -->";

export function presetTableWithSources(): string {
  const sources = new Map<string, string[]>();
  for (const v of [...vectors, ...presetVectors, ...signedVectors]) {
    const short = v.source.replace(/ \(https?:[^)]*\)/, "").replace(/^node:crypto per the provider's docs$/, "node:crypto, from the docs");
    sources.set(v.preset, [...(sources.get(v.preset) ?? []), short]);
  }
  for (const name of formatPresets) sources.set(name, ["WebCrypto, per the provider's docs (test/verify/formats.test.ts)"]);
  return presetTableMarkdown(sources);
}

/** `doc` (the text of TABLE_DOC) with its preset block replaced by the current table. */
export function withPresetTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${TABLE_DOC} has no preset table markers`);
  return `${doc.slice(0, start + TABLE_START.length)}\n${presetTableWithSources()}${doc.slice(end)}`;
}
