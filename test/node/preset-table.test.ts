import { describe, expect, it } from "vitest";
import { presetTableMarkdown } from "../../cli/preset-table.ts";
import { presets } from "../../src/rules/presets/index.ts";

describe("preset table", () => {
  it("has one row per preset, generated from the preset data", () => {
    const md = presetTableMarkdown(new Map([["github", ["GitHub docs example"]]]));
    const rows = md.trim().split("\n").slice(2);
    expect(rows).toHaveLength(Object.keys(presets).length);
    for (const name of Object.keys(presets)) expect(rows.some((r) => r.startsWith(`| [${name}](`) || r.startsWith(`| ${name} |`))).toBe(true);
    expect(md).toContain("GitHub docs example");
    expect(md).toMatch(/mailgun.*body NOT signed/);
  });
});
