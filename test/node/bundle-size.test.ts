/**
 * The deployed Worker stays small: `wrangler deploy --dry-run` builds exactly
 * what would be uploaded. Issue 7's target is under 60 KiB gzip; with the
 * schemas on zod/mini it is ~52 KiB (classic zod's method-chaining layer and
 * JSON Schema processors made it ~71 KiB). A plain `import { z } from "zod"`
 * (+~100 KiB), one schema module importing classic "zod" instead of "zod/mini"
 * (+~14 KiB) would break it: see src/rules/schema.ts. The HTTP dispatch is
 * hand-written (src/app.ts; Hono's router and context cost ≈ 4.6 KiB).
 */
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runWrangler } from "../../cli/wrangler.ts";
import { ROOT } from "./helpers/cli.ts";

describe("Worker bundle", () => {
  it("stays under 60 KiB gzip (issue 7)", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "hookgate-bundle-test-"));
    try {
      const run = await runWrangler(["deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT });
      expect(run.code, run.stderr).toBe(0);
      const gzip = gzipSync(await readFile(join(outdir, "index.js")), { level: 9 }).length;
      console.log(`Worker bundle: ${(gzip / 1024).toFixed(1)} KiB gzip`);
      expect(gzip).toBeLessThan(60 * 1024);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
