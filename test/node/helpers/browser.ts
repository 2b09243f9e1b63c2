/**
 * A real Chromium for the console tests: Debian's chromium-headless-shell
 * (`apt-get install chromium-headless-shell`; .ci/run installs it), driven by
 * playwright-core through executablePath (no browser download).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** HOOKGATE_CHROMIUM (when set, the only candidate), else Debian's two packages. */
export const BROWSER_CANDIDATES = process.env.HOOKGATE_CHROMIUM ? [process.env.HOOKGATE_CHROMIUM] : ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

export const browserPath: string | undefined = BROWSER_CANDIDATES.find((p) => existsSync(p));

export function launchBrowser(): Promise<Browser> {
  if (!browserPath) throw new Error(`no browser at ${BROWSER_CANDIDATES.join(", ")}`);
  return chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
