/**
 * Every relative link and every #anchor in README.md and docs/*.md resolves, with GitHub's heading slugs.
 * The checker is first run on a fixture with known-bad links, so this test cannot pass by finding nothing.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers/cli.ts";
import { anchorsOf, brokenLinks, githubSlug, linksOf, missingCodePaths, type Repo } from "./helpers/md-links.ts";

const disk: Repo = {
  read: (p) => (existsSync(join(ROOT, p)) && statSync(join(ROOT, p)).isFile() ? readFileSync(join(ROOT, p), "utf8") : undefined),
  exists: (p) => existsSync(join(ROOT, p)),
};

const docs = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** An in-memory repository for the checker's own tests. */
function memory(files: Record<string, string>): Repo {
  return {
    read: (p) => files[p],
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
  };
}

describe("the link checker", () => {
  it("slugs headings as GitHub does", () => {
    expect(githubSlug("Report-only mode (`enforce: false`)")).toBe("report-only-mode-enforce-false");
    expect(githubSlug("Hardening: property tests and the attack corpus")).toBe("hardening-property-tests-and-the-attack-corpus");
    expect(githubSlug("Custom Domain or zone route")).toBe("custom-domain-or-zone-route");
    expect(githubSlug("Svix / Standard Webhooks")).toBe("svix--standard-webhooks");
    expect(githubSlug("[Stripe](https://stripe.com) **setup**")).toBe("stripe-setup");
    expect([...anchorsOf("# A\n## Logs\n```\n# not a heading\n```\n### Logs\n<a id=\"x\"></a>")]).toEqual(["a", "logs", "logs-1", "x"]);
  });

  it("ignores links in code and external links", () => {
    const md = "[a](one.md) `[b](two.md)`\n```\n[c](three.md)\n```\n[d](https://example.com/x) [e](mailto:a@b.c)";
    expect(linksOf(md).map((l) => l.target)).toEqual(["one.md", "https://example.com/x", "mailto:a@b.c"]);
  });

  it("reports every kind of broken link, and nothing else", () => {
    const repo = memory({
      "README.md": [
        "# Title",
        "## Good section",
        "[ok](#good-section) [ok](docs/a.md) [ok](docs/a.md#deep-part) [ok](src) [ok](./docs/../README.md#title)",
        "[bad file](docs/missing.md)",
        "[bad anchor](#no-such-section)",
        "[bad anchor elsewhere](docs/a.md#nope)",
        "[anchor into code](src/x.ts#L1)",
        "[outside](../elsewhere.md)",
      ].join("\n"),
      "docs/a.md": "# A\n## Deep part\n[back](../README.md#good-section) [broken back](../README.md#gone)",
      "src/x.ts": "",
    });
    expect(brokenLinks("README.md", repo)).toEqual([
      "README.md:4: docs/missing.md: docs/missing.md does not exist",
      "README.md:5: #no-such-section: no heading #no-such-section in README.md",
      "README.md:6: docs/a.md#nope: no heading #nope in docs/a.md",
      "README.md:7: src/x.ts#L1: an anchor into src/x.ts, which is not markdown",
      "README.md:8: ../elsewhere.md: points outside the repository",
    ]);
    expect(brokenLinks("docs/a.md", repo)).toEqual(["docs/a.md:3: ../README.md#gone: no heading #gone in README.md"]);
  });

  it("reports repository paths named in code that do not exist", () => {
    const repo = memory({
      "README.md": "See `src/x.ts`, `src/`, `src/gone.ts` and `docs/*.md`.\n```\n`src/in-a-block.ts`\n```",
      "src/x.ts": "",
    });
    expect(missingCodePaths("README.md", repo)).toEqual(["README.md:1: `src/gone.ts` does not exist"]);
  });
});

describe("README.md and docs/", () => {
  it("has the topic docs", () => {
    for (const topic of ["rules", "providers", "deploy", "delivery", "operations", "security", "performance", "cli", "development"])
      expect(docs).toContain(`docs/${topic}.md`);
  });

  it.each(docs)("%s: every relative link and anchor resolves", (path) => {
    expect(linksOf(disk.read(path)!).length).toBeGreaterThan(0);
    expect(brokenLinks(path, disk)).toEqual([]);
  });

  it.each(docs)("%s: every repository path named in code exists", (path) => {
    expect(missingCodePaths(path, disk)).toEqual([]);
  });

  it("README.md links to every doc (one click to every topic) and stays short", () => {
    const readme = disk.read("README.md")!;
    const targets = new Set(linksOf(readme).map((l) => l.target.split("#")[0]));
    for (const doc of docs.filter((d) => d !== "README.md")) expect(targets, doc).toContain(doc);
    expect(readme.split("\n").length).toBeLessThanOrEqual(220);
  });
});

describe("examples/", () => {
  it("every example rules file's $schema points at the generated JSON Schema (editors follow it)", () => {
    const files = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const schema = (JSON.parse(disk.read(`examples/${f}`)!) as { $schema?: string }).$schema;
      if (schema === undefined) continue;
      expect(join("examples", schema), f).toBe("src/rules/hookgate.schema.json");
    }
  });
});
