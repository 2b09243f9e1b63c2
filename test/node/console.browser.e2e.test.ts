/**
 * The operator console in a real browser (Debian's chromium-headless-shell via
 * playwright-core) against real `wrangler dev` (its static assets, local KV and
 * Queue) and a real origin on loopback. One wrangler dev and one browser serve
 * every flow: wrong token refused; sign in; a failing origin's dead letter
 * shows up and is replayed from the console, reaching the origin exactly once;
 * markup in an event id and in headers renders as inert text. Each view is
 * screenshotted into test-output/console/ (gitignored); with
 * HOOKGATE_UPDATE_DOCS_IMG=1 also into docs/img/ (the docs' pictures).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { startOrigin, type Origin } from "./helpers/origin.ts";
import { startWranglerDev, type WranglerDev } from "./helpers/wrangler-dev.ts";
import { browserPath, BROWSER_CANDIDATES, launchBrowser } from "./helpers/browser.ts";
import { ROOT } from "./helpers/cli.ts";
import { startDohServer, type DohServer } from "./source-ip/doh-server.ts";

const ORIGIN_SECRET = "whsec_Y29uc29sZS1lMmUtb3JpZ2luLXNlY3JldC0zMmJ5dGVz";
const GH_SECRET = "console-e2e-github-secret";
const ADMIN_TOKEN = "console-e2e-admin-token-0123456789";
const SHOTS = join(ROOT, "test-output", "console");
const DOCS_IMG = join(ROOT, "docs", "img");

const QUEUED = "/hooks/queued";
const DIRECT = "/hooks/direct";
/** A route of its own for the forgery: its problem is written at once (a route's list is written at most every 10 s). */
const FORGED = "/hooks/forgeries";
const XSS_ID = "<script>window.__xss=1</script><img/src=x/onerror=window.__xss=2>";
const XSS_HEADER = `<img src=x onerror="window.__xss=3"><script>window.__xss=4</script>`;

if (!browserPath)
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the console browser tests: no browser at ${BROWSER_CANDIDATES.join(" or ")}.\n` +
      `!! Install it: apt-get update && apt-get install -y chromium-headless-shell\n${"!".repeat(78)}\n`,
  );

let origin: Origin;
let doh: DohServer;
let dev: WranglerDev;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** Event ids the origin fails (500) for; everything else gets 200. */
const failing = new Set<string>();

const sign = (body: Buffer) => `sha256=${createHmac("sha256", GH_SECRET).update(body).digest("hex")}`;

function send(path: string, id: string, body: Buffer, extra: Record<string, string> = {}) {
  return fetch(`${dev.url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(body), "x-github-delivery": id, ...extra },
  });
}

type Listing = { items: { eventId?: string; reason?: string }[] };
const admin = (p: string) =>
  fetch(`${dev.url}/__hookgate/admin${p}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.json() as Promise<Listing>);

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${dev.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A screenshot of the page (or of one element) for the test run; a small copy for the docs when HOOKGATE_UPDATE_DOCS_IMG is set. */
async function shot(name: string, selector?: string) {
  const png = selector ? await page.locator(selector).screenshot() : await page.screenshot({ fullPage: true });
  await writeFile(join(SHOTS, `${name}.png`), png);
  if (process.env.HOOKGATE_UPDATE_DOCS_IMG) await writeFile(join(DOCS_IMG, `console-${name}.png`), await palettePng(png));
}

/** A 64-colour PNG (about a third of the size) through sharp, which wrangler already installs; the original if it is unavailable. */
async function palettePng(png: Buffer): Promise<Buffer> {
  const name = "sharp";
  try {
    const sharp = (await import(name)).default;
    return await sharp(png).png({ palette: true, colors: 64, compressionLevel: 9, effort: 10 }).toBuffer();
  } catch {
    return png;
  }
}

async function view(name: string) {
  await page.click(`nav a[data-view="${name}"]`);
  await page.waitForSelector(`#view[data-view="${name}"]`);
}

const consoleUrl = () => `${dev.url}/__hookgate/console`;

describe.skipIf(!browserPath)("operator console in a real browser (wrangler dev + chromium)", () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    origin = await startOrigin();
    origin.respond = (r) => (failing.has(String(r.headers["x-github-delivery"])) ? { status: 500, body: "origin broken" } : { status: 200, body: "ok" });
    doh = await startDohServer({ "hooks.partner.example": { A: ["192.0.2.10", "192.0.2.11"], AAAA: ["2001:db8:10::1"], ttl: 3600 } });
    [dev, browser] = await Promise.all([
      startWranglerDev({ vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, GH_SECRET, HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN, DOH_URL: doh.url } }),
      launchBrowser(),
    ]);
    await dev.pushRules({
      routes: [
        { path: QUEUED, provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, delivery: { mode: "queue", retryDelaysSeconds: [1] } },
        { path: DIRECT, provider: "github", secrets: ["env:GH_SECRET", "a-literal-secret-never-shown"], origin: origin.url, rateLimit: { requestsPerMinute: 600 }, delivery: { mode: "direct" } },
        { path: FORGED, provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url },
        { path: "/hooks/partner", provider: "github", secrets: ["env:PARTNER_SECRET_UNSET"], origin: origin.url, enforce: false },
        { path: "/hooks/allowlisted", provider: "github", secrets: ["env:GH_SECRET"], origin: origin.url, allow: { ips: ["198.51.100.0/24"], hostnames: ["hooks.partner.example"] } },
      ],
    });
    // Started now so that it is dead-lettered by the time the markup test looks (saves its queue round trips).
    failing.add(XSS_ID);
    expect((await send(QUEUED, XSS_ID, Buffer.from('{"xss": 2}'), { "x-evil": XSS_HEADER })).status).toBe(202);
    page = await browser.newPage({ viewport: { width: 1200, height: 360 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
    page.on("dialog", (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    await origin?.close();
    await doh?.close();
  });

  it("serves the console with a strict CSP; the admin token is refused when wrong", async () => {
    const res = await fetch(consoleUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await res.text()).not.toContain(ADMIN_TOKEN);

    await page.goto(consoleUrl());
    // The CSP holds in the browser: markup injected by any means cannot run an inline handler.
    await page.evaluate(`(() => { const d = document.createElement("div"); d.id = "csp-probe"; d.innerHTML = '<img src="x:" onerror="window.__csp = 1">'; document.body.append(d); })()`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.evaluate("window.__csp")).toBeUndefined();
    await page.evaluate(`document.getElementById("csp-probe").remove()`);
    pageErrors.length = 0; // the browser reports the blocked handler as a console error

    await page.fill("#token", "not-the-token");
    await page.click("#sign-in button[type=submit]");
    // A locator, not waitForFunction with a string: polling a string predicate evals in the page, which the
    // console's CSP rightly refuses (the test then fails only when the answer is slow enough to need a poll).
    await page.locator("#sign-in-error", { hasText: "Token refused." }).waitFor();
    expect(await page.textContent("#sign-in-error")).toBe("Token refused.");
    expect(await page.isVisible("#nav")).toBe(false);
    expect(await page.evaluate("sessionStorage.length")).toBe(0);
    await shot("sign-in-refused");
  });

  it("signs in with the token and shows the routes (secrets as count and env: names only)", async () => {
    await page.fill("#token", ADMIN_TOKEN);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector('#view[data-view="routes"]');
    // The token is kept in the page's memory only: no storage, no cookie.
    expect(await page.evaluate("sessionStorage.length + localStorage.length + document.cookie.length")).toBe(0);
    const text = await page.textContent("#view");
    expect(text).toContain(QUEUED);
    expect(text).toContain("2 (env: GH_SECRET)");
    expect(text).toContain("report-only");
    expect(text).toContain("600/min");
    expect(text).not.toContain("a-literal-secret-never-shown");
    expect(text).not.toContain(GH_SECRET);
    await shot("routes");

    await view("health");
    expect(await page.textContent("#view")).toContain("env:PARTNER_SECRET_UNSET");
    await shot("health");

    // A request from outside the list resolves the hostname (and stores its last-known-good copy); it is refused.
    expect((await send("/hooks/allowlisted", "allow-1", Buffer.from("{}"))).status).toBe(403);
    await view("allow-lists");
    const text2 = await page.textContent("#view");
    expect(text2).toContain("hooks.partner.example");
    expect(text2).toContain("192.0.2.10, 192.0.2.11, 2001:db8:10::1");
    expect(text2).not.toContain("none stored");
    await shot("allow-lists");
  });

  it("a failing origin's dead letter appears; replayed from the console, the origin receives it exactly once", async () => {
    const id = "console-e2e-dead-1";
    const body = Buffer.from('{"console": "dead letter", "n": 1}');
    failing.add(id);
    expect((await send(QUEUED, id, body)).status).toBe(202);
    await until("the dead letter", async () => (await admin(`/dead-letters?route=${encodeURIComponent(QUEUED)}`)).items.some((d) => d.eventId === id));

    await view("dead-letters");
    const row = page.locator("tr.dead-letter", { hasText: id });
    await row.waitFor();
    expect(await row.textContent()).toContain("500");
    await shot("dead-letters");
    await row.locator("button.inspect").click();
    await page.waitForSelector("#dead-letter-detail");
    await page.click("#show-body");
    await page.waitForSelector("#body").catch((e) => {
      throw new Error(`${e}\npage errors: ${pageErrors.join("\n")}\n${page.url()}`);
    });
    expect(await page.textContent("#body")).toBe(body.toString());
    await shot("dead-letter-detail", "#dead-letter-detail");
    await page.click("#dead-letter-detail button:text('Close')");

    const before = origin.received.filter((r) => r.headers["hookgate-id"] === id).length;
    expect(before).toBe(2); // first attempt + one retry
    failing.delete(id);
    await row.locator("input[type=checkbox]").check();
    await page.click("#replay-selected");
    await page.waitForSelector("#confirm-replay");
    await shot("replay-confirm");
    await page.click("#confirm-replay");
    await page.waitForSelector("#replay-result");
    expect(await page.textContent("#replay-result")).toContain("Replayed 1, failed 0.");
    await shot("replay-result");

    const delivered = () => origin.received.filter((r) => r.headers["hookgate-id"] === id && r.body.equals(body));
    await until("the replayed delivery", () => delivered().length === before + 1);
    await new Promise((r) => setTimeout(r, 2500)); // a second delivery would show up now
    expect(delivered()).toHaveLength(before + 1);
    expect(await page.locator("tr.dead-letter", { hasText: id }).count()).toBe(0);
  }, 90_000);

  it("markup in an event id and in headers renders as inert text (problems and dead letters)", async () => {
    // Direct mode: the origin's 500 is a recent problem carrying the event id. (Queue mode: the dead letter
    // whose headers carry markup was sent in beforeAll.)
    expect((await send(DIRECT, XSS_ID, Buffer.from('{"xss": 1}'), { "x-evil": XSS_HEADER })).status).toBe(500);
    // A forgery: a rejection.
    expect((await send(FORGED, "forged-1", Buffer.from("{}"), { "x-hub-signature-256": `sha256=${"0".repeat(64)}` })).status).toBe(401);

    await until("the problems", async () => {
      const { items } = await admin("/problems");
      return items.some((p) => p.eventId === XSS_ID) && items.some((p) => p.reason === "signature_mismatch");
    });
    await view("problems");
    const cell = page.locator("tr.problem td.event-id", { hasText: "<script>" }).first();
    await cell.waitFor();
    expect(await cell.textContent()).toBe(XSS_ID);
    expect(await page.textContent("#view")).toContain("signature_mismatch");
    await shot("problems");

    await until("the XSS dead letter", async () =>
      (await admin(`/dead-letters?route=${encodeURIComponent(QUEUED)}`)).items.some((d) => d.eventId === XSS_ID),
    );
    await view("dead-letters");
    await page.locator("tr.dead-letter", { hasText: "<script>" }).locator("button.inspect").click();
    const header = page.locator("#dead-letter-detail tr.header", { hasText: "x-evil" });
    await header.waitFor();
    expect(await header.locator("td").nth(1).textContent()).toBe(XSS_HEADER);

    // Nothing ran and nothing was parsed as markup.
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    expect(await page.locator("#view img, #view script").count()).toBe(0);

    // The row's own Replay button (one dead letter), once the origin is back: delivered once more.
    failing.delete(XSS_ID);
    const queuedXss = () => origin.received.filter((r) => r.url === QUEUED && r.headers["x-github-delivery"] === XSS_ID && r.body.toString() === '{"xss": 2}');
    const before = queuedXss().length;
    await page.locator("tr.dead-letter", { hasText: "<script>" }).locator("button.replay-one").click();
    await page.click("#confirm-replay");
    await page.waitForSelector("#replay-result");
    expect(await page.textContent("#replay-result")).toContain("Replayed 1, failed 0.");
    await until("the replayed XSS event", () => queuedXss().length === before + 1);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
  }, 90_000);

  it("the admin API refuses a wrong token (401)", async () => {
    expect((await fetch(`${dev.url}/__hookgate/admin/config`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });
});
