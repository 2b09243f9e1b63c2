/**
 * docs/providers.md's "Coverage against ngrok and Hookdeck" table: every preset it names exists, and the summary
 * counts are the table's own (so the count in the docs cannot drift from the rows).
 */
import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { presets } from "../../src/rules/presets/index.ts";
import { ROOT } from "./helpers/cli.ts";

const doc = readFileSync(`${ROOT}/docs/providers.md`, "utf8");
const section = doc.slice(doc.indexOf("## Coverage against ngrok and Hookdeck"));
const rows = section
  .split("\n")
  .filter((l) => l.startsWith("| ") && !l.startsWith("| provider |") && !l.startsWith("| |") && !/^\| (ngrok|Hookdeck|both lists) \(/.test(l))
  .map((l) => l.split(" | ").map((c) => c.replace(/^\| |\s*\|$/g, "")));
const ids = (cell: string) => (cell === "–" ? [] : cell.split(", "));
const kind = (status: string) =>
  status.startsWith("`") ? "preset" : status.startsWith("not published:") ? "unpublished" : status.startsWith("not verifiable:") ? "unverifiable" : status.startsWith("not yet:") ? "notyet" : "bad";

it("has a row per provider, each with a preset, not published: <where we looked>, not verifiable: <why> or not yet: <why>", () => {
  expect(rows.length).toBeGreaterThan(150);
  for (const [name, , , status] of rows) expect(kind(status!), `${name}: ${status}`).not.toBe("bad");
  // ngrok's 69 verify-webhook identifiers and Hookdeck's 116 provider source types, each listed once.
  const ngrok = rows.flatMap((r) => ids(r[1]!));
  const hookdeck = rows.flatMap((r) => ids(r[2]!));
  expect(new Set(ngrok).size).toBe(ngrok.length);
  expect(new Set(hookdeck).size).toBe(hookdeck.length);
  expect(ngrok.length).toBe(69);
  expect(hookdeck.length).toBe(116);
});

it("names only presets that exist", () => {
  for (const [name, , , status] of rows)
    if (kind(status!) === "preset") for (const p of status!.split(", ")) expect(Object.hasOwn(presets, p.replace(/`/g, "")), `${name}: ${p}`).toBe(true);
});

it("states the counts of its own rows", () => {
  const tally = (col: 1 | 2 | null) => {
    const t = { n: 0, preset: 0, unpublished: 0, unverifiable: 0, notyet: 0 };
    for (const r of rows) {
      const w = col === null ? 1 : ids(r[col]!).length;
      t.n += w;
      t[kind(r[3]!) as "preset"] += w;
    }
    return `${t.n} | ${t.preset} | ${t.unpublished} | ${t.unverifiable} | ${t.notyet} |`;
  };
  expect(section).toContain(`| ngrok (identifiers) | ${tally(1)}`);
  expect(section).toContain(`| Hookdeck (source types) | ${tally(2)}`);
  expect(section).toContain(`| both lists (providers) | ${tally(null)}`);
  expect(section).toContain(`Together they name ${rows.length} providers`);
});
