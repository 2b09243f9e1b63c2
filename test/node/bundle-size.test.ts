/**
 * The deployed Worker stays small: `wrangler deploy --dry-run` builds exactly
 * what would be uploaded, and its gzip size must stay under 60 KiB (issue 7's
 * target; `npm run bench` reports the figure). A plain `import { z } from
 * "zod"` or hono's default router each cost several KiB: see src/rules/schema.ts.
 */
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runWrangler } from "../../src/cli/wrangler.ts";
import { ROOT } from "./helpers/cli.ts";

describe("Worker bundle", () => {
  it("is under 60 KiB gzipped", async () => {
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
