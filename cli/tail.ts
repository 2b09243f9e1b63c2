/**
 * `hookgate tail`: runs `wrangler tail --format json` for the Worker (or a
 * tenant's, with --env) and prints one line per request: time, verdict, route,
 * reason, origin status, latency, event id. Problems are marked with `!`.
 * Colour only on a TTY. Ctrl-C stops wrangler tail.
 */
import { spawn } from "node:child_process";
import { bold, cyan, dim, err, green, out, red, yellow } from "./output.ts";
import { parse, UsageError } from "./usage.ts";
import { cleanWranglerText, isCredentialError, wranglerBin, wranglerEnv } from "./wrangler.ts";
import { formatItem, itemsOf, JsonObjectStream, matches, type TailEvent, type TailFilter } from "./tail-format.ts";

const VERDICTS = ["forwarded", "rejected", "answered", "queued", "retry", "dead_letter"];

export async function tailCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      env: { type: "string" },
      config: { type: "string" },
      route: { type: "string" },
      verdict: { type: "string" },
      reason: { type: "string" },
      problems: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    true,
  );
  if (positionals.length) throw new UsageError(`tail takes no argument "${positionals[0]}"`);
  if (values.verdict !== undefined && !VERDICTS.includes(values.verdict))
    throw new UsageError(`--verdict must be one of ${VERDICTS.join(", ")}`);
  const filter: TailFilter = { route: values.route, verdict: values.verdict, reason: values.reason, problems: values.problems };

  const args = ["tail", "--format", "json"];
  if (values.env) args.push("--env", values.env);
  if (values.config) args.push("--config", values.config);
  const child = spawn(process.execPath, [wranglerBin(), ...args], { env: wranglerEnv(), stdio: ["ignore", "pipe", "pipe"] });
  const paint = { red, green, yellow, cyan, dim, bold };
  let wranglerText = "";
  const stream = new JsonObjectStream(
    (value) => {
      for (const item of itemsOf(value as TailEvent)) {
        if (!matches(item, filter)) continue;
        if (values.json) out(JSON.stringify(item.kind === "request" ? item.line : item));
        else out(formatItem(item, paint));
      }
    },
    (text) => err(dim(cleanWranglerText(text))),
  );
  child.stdout.setEncoding("utf8").on("data", (d: string) => stream.push(d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    wranglerText += d;
    const text = cleanWranglerText(d);
    if (text) err(dim(text));
  });
  const stop = () => child.kill("SIGINT");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const code: number = await new Promise((resolve) => {
    child.on("error", (e) => {
      err(`${red("error")} cannot run wrangler: ${e.message}`);
      resolve(1);
    });
    child.on("close", (c) => resolve(c ?? 0));
  });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (code !== 0 && isCredentialError(cleanWranglerText(wranglerText)))
    err(`${red("error")} wrangler tail needs Cloudflare credentials: run \`npx wrangler login\` (or set CLOUDFLARE_API_TOKEN)`);
  return code;
}
