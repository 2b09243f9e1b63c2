/**
 * `hookgate dlq list | show | replay`: dead letters of a deployed tenant,
 * through its admin API (src/admin/routes.ts). The Worker's URL and admin
 * token come from the environment (HOOKGATE_URL, HOOKGATE_ADMIN_TOKEN), never
 * from the command line (where `ps` and shell history would keep the token).
 */
import { bold, dim, err, green, out, red, yellow } from "./output.ts";
import { intOption, parse, UsageError } from "./usage.ts";
import { toWire } from "../src/shared/verdict.ts";
import type { DeadLetterSummary } from "../src/delivery/dead-letter-summary.ts";
interface DeadLetter extends DeadLetterSummary {
  method?: string;
  url?: string;
  headers?: [string, string][];
  clientIp?: string;
}

export const DLQ_ENV_HELP = `environment:
  HOOKGATE_URL          the tenant's Worker, e.g. https://hooks.acme.example
  HOOKGATE_ADMIN_TOKEN  its admin token (the Worker secret HOOKGATE_ADMIN_TOKEN)`;

const PREFIX = "/__hookgate/admin";
/** What the Worker answers for a path it does not serve (also the whole admin API when it is off). */
const NO_ROUTE = toWire({ code: "route_not_found" }).message;

class AdminError extends Error {}

function target(): { url: string; token: string } {
  const url = process.env.HOOKGATE_URL?.replace(/\/+$/, "");
  const token = process.env.HOOKGATE_ADMIN_TOKEN;
  if (!url || !token) throw new UsageError(`set HOOKGATE_URL and HOOKGATE_ADMIN_TOKEN (the Worker's URL and its admin token)`);
  if (!/^https?:\/\//.test(url)) throw new UsageError(`HOOKGATE_URL must be an http(s) URL, not "${url}"`);
  return { url, token };
}

async function admin<T>(method: "GET" | "POST", path: string, body?: unknown, opts: { anyNotFound?: boolean } = {}): Promise<{ status: number; json: T }> {
  const { url, token } = target();
  let res: Response;
  try {
    res = await fetch(`${url}${PREFIX}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new AdminError(`cannot reach ${url}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.status === 401) throw new AdminError(`${url} refused the admin token (HOOKGATE_ADMIN_TOKEN does not match the Worker's secret)`);
  const generic = res.status === 404 && (json as { message?: string } | undefined)?.message === NO_ROUTE;
  if (generic && !opts.anyNotFound)
    throw new AdminError(`${url} has no admin API here: set the Worker secret HOOKGATE_ADMIN_TOKEN (npx wrangler secret put HOOKGATE_ADMIN_TOKEN --env NAME), or check HOOKGATE_URL`);
  if (json === undefined) throw new AdminError(`${url} answered ${res.status} with no JSON`);
  return { status: res.status, json: json as T };
}

/** Header values that may be a credential (a provider's pre-shared token, a bearer JWT) are never printed. */
export function maskHeaders(headers: [string, string][]): [string, string][] {
  return headers.map(([k, v]) => [k, /authorization|token|secret|api-?key|cookie|password/i.test(k) ? `(hidden, ${v.length} characters)` : v]);
}

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);
const last = (d: DeadLetterSummary) => `${d.lastStatus !== undefined ? `${d.lastStatus} ` : ""}${d.lastError}`.trim();

async function run(action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (e) {
    if (e instanceof AdminError) {
      err(`${red("error")} ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export function dlqListCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { route: { type: "string" }, limit: { type: "string" }, json: { type: "boolean", default: false } }, true);
  if (positionals.length) throw new UsageError(`dlq list takes no argument "${positionals[0]}"`);
  const limit = intOption("limit", values.limit, 100);
  target();
  return run(async () => {
    const items: DeadLetterSummary[] = [];
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({ ...(values.route ? { route: values.route } : {}), ...(cursor ? { cursor } : {}), limit: String(Math.min(100, limit)) });
      const { json } = await admin<{ items: DeadLetterSummary[]; cursor?: string }>("GET", `/dead-letters?${q}`);
      items.push(...json.items);
      cursor = json.cursor;
    } while (cursor && items.length < limit);
    items.sort((a, b) => b.deadAt - a.deadAt);
    const shown = items.slice(0, limit);
    if (values.json) {
      out(JSON.stringify({ items: shown, ...(items.length > limit || cursor ? { more: true } : {}) }, null, 2));
      return 0;
    }
    if (shown.length === 0) {
      out(`${green("none")} no dead letters${values.route ? ` on ${values.route}` : ""}`);
      return 0;
    }
    const rows = shown.map((d) => [when(d.deadAt), d.route, d.deliveryId, d.eventId, String(d.attempts), `${last(d)}${d.bodyLost ? " (body expired: cannot replay)" : ""}`]);
    const head = ["DEAD AT (UTC)", "ROUTE", "ID", "EVENT", "ATTEMPTS", "LAST ERROR"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
    out(bold(line(head)));
    for (const r of rows) out(line(r));
    out(dim(`\n${shown.length} dead letter(s)${items.length > limit || cursor ? ` (more: --limit N)` : ""}; hookgate dlq show ID --route P, hookgate dlq replay ID --route P`));
    return 0;
  });
}

export function dlqShowCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { route: { type: "string" }, json: { type: "boolean", default: false } }, true);
  if (positionals.length !== 1) throw new UsageError("dlq show takes exactly one ID (a delivery id from dlq list)");
  if (!values.route) throw new UsageError("--route P is required (the dead letter's route, as dlq list shows it)");
  target();
  const id = positionals[0]!;
  return run(async () => {
    const q = new URLSearchParams({ route: values.route!, id });
    let { status, json } = await admin<Partial<DeadLetter> & { error?: string; message?: string }>("GET", `/dead-letters/record?${q}`, undefined, { anyNotFound: true });
    if (status === 404 && json.message === NO_ROUTE) {
      // A Worker without the record endpoint (before the console's admin views): the listing's summary, without headers.
      const list = await admin<{ items: DeadLetterSummary[] }>("GET", `/dead-letters?${new URLSearchParams({ route: values.route!, limit: "100" })}`);
      const found = list.json.items.find((d) => d.deliveryId === id);
      ({ status, json } = found ? { status: 200, json: found } : { status: 404, json: {} });
    }
    if (status === 404) {
      err(`${red("not found")} no dead letter ${id} on ${values.route} (replayed already, or expired after 14 days)`);
      return 1;
    }
    if (status !== 200) throw new AdminError(`${json.message ?? `status ${status}`}`);
    const d = { ...json, ...(json.headers ? { headers: maskHeaders(json.headers) } : {}) } as DeadLetter;
    if (values.json) {
      out(JSON.stringify(d, null, 2));
      return 0;
    }
    out(`${bold("dead letter")} ${d.deliveryId} ${dim(`on ${d.route}`)}`);
    out(`  event id     ${d.eventId}`);
    out(`  received     ${when(d.receivedAt)} UTC`);
    out(`  dead since   ${when(d.deadAt)} UTC, after ${d.attempts} attempt(s)`);
    out(`  last error   ${red(last(d))}`);
    out(`  request      ${d.method ?? "?"} ${d.url ?? "?"}${d.clientIp ? dim(` from ${d.clientIp}`) : ""}`);
    out(`  body         ${d.bodyLost ? yellow("expired (cannot be replayed)") : `${d.bodyBytes} bytes`}`);
    if (d.headers?.length) {
      out("  headers");
      for (const [k, v] of d.headers) out(`    ${k}: ${v}`);
    }
    out(dim(`\nhookgate dlq replay ${d.deliveryId} --route ${d.route}`));
    return 0;
  });
}

export function dlqReplayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { route: { type: "string" }, all: { type: "boolean", default: false }, json: { type: "boolean", default: false } }, true);
  if (!values.route) throw new UsageError("--route P is required (replays are per route)");
  if (values.all === positionals.length > 0) throw new UsageError("give the IDs to replay, or --all (not both)");
  target();
  return run(async () => {
    const replayed: { id: string; deliveryId: string }[] = [];
    const failed: { id: string; error: string }[] = [];
    if (values.all) {
      let cursor: string | undefined;
      do {
        const { status, json } = await admin<{ replayed: typeof replayed; failed: typeof failed; cursor?: string; message?: string }>("POST", "/dead-letters/replay", {
          route: values.route,
          all: true,
          ...(cursor ? { cursor } : {}),
        });
        if (status !== 200) throw new AdminError(json.message ?? `status ${status}`);
        replayed.push(...json.replayed);
        failed.push(...json.failed);
        cursor = json.cursor;
      } while (cursor);
    } else {
      // One call per id: each is replayed at most once (the Worker deletes the dead letter as it re-enqueues it).
      for (const id of positionals) {
        const { status, json } = await admin<{ replayed?: typeof replayed; message?: string }>("POST", "/dead-letters/replay", { route: values.route, id });
        if (status === 200 && json.replayed) replayed.push(...json.replayed);
        else failed.push({ id, error: status === 404 ? "not found (replayed already, or expired)" : (json.message ?? `status ${status}`) });
      }
    }
    if (values.json) out(JSON.stringify({ replayed, failed }, null, 2));
    else {
      for (const r of replayed) out(`${green("replayed")} ${r.id} → queued as ${r.deliveryId}`);
      for (const f of failed) err(`${red("failed")}   ${f.id}: ${f.error}`);
      if (!replayed.length && !failed.length) out(`${green("none")} no dead letters on ${values.route}`);
      else out(dim(`${replayed.length} replayed, ${failed.length} failed; a replay is delivered like the original (same hookgate-id)`));
    }
    return failed.length ? 1 : 0;
  });
}
