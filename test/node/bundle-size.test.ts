/**
 * The deployed Worker stays small: `wrangler deploy --dry-run` builds exactly
 * what would be uploaded. Issue 7's target is under 60 KiB gzip; with source-IP
 * allow lists (ipaddr.js) and asymmetric handshakes it is ~71 KiB (README
 * "Performance": zod alone is ~24 KiB), so this guards a 75 KiB budget until
 * the schemas move to zod/mini. A plain `import { z } from "zod"` (+~100 KiB)
 * or hono's default router (+~3 KiB) would break it: see src/rules/schema.ts.
 */
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runWrangler } from "../../src/cli/wrangler.ts";
import { ROOT } from "./helpers/cli.ts";

describe("Worker bundle", () => {
  it("stays within its 75 KiB gzip budget", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "hookgate-bundle-test-"));
    try {
      const run = await runWrangler(["deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT });
      expect(run.code, run.stderr).toBe(0);
      const gzip = gzipSync(await readFile(join(outdir, "index.js")), { level: 9 }).length;
      console.log(`Worker bundle: ${(gzip / 1024).toFixed(1)} KiB gzip`);
      expect(gzip).toBeLessThan(75 * 1024);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
