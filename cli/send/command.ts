/** `hookgate send <provider> --to URL …`: sign a sample (or given) delivery and post it; print what came back. */
import { bold, dim, green, out, red } from "../output.ts";
import { deliver, prepareSend } from "./prepare.ts";
import { parse, UsageError } from "../usage.ts";

export const SEND_USAGE = `  hookgate send PROVIDER --to URL [options]   sign a delivery exactly as PROVIDER would and POST it
      --to URL                                 where to send (a hookgate route, e.g. http://127.0.0.1:8787/hooks/github)
      --secret S                               the provider's signing secret (env:NAME reads it from the environment;
                                               Ed25519/ECDSA/RSA providers: the private key, e.g. a PEM file)
      --body FILE                              send these bytes (default: a realistic sample JSON event, or a
                                               form for providers that sign form parameters)
      --header "Name: value"                   extra header (repeatable); a signed header named *timestamp
                                               (pinwheel's x-timestamp) defaults to the send time, unix seconds;
                                               one named *nonce (plivo) to a random value
      --field NAME=VALUE                       a signature-header field the provider signs (repeatable;
                                               hygraph: --field env=master, its environment)
      --value NAME=VALUE                       a route value the provider signs (repeatable; tiktok-shop:
                                               --value appKey=<app key>); default: the --rules route's values
      --timestamp N                            signed timestamp: unix seconds, sent in the provider's format
                                               (default: now); anything else is sent as written (ISO 8601)
      --id X                                   event id (default: evt_<random>)
      --alternative N                          the provider's Nth other format (scalekit 1: Standard Webhooks headers)
      --jwt-secret S                           the JWT's key, when the route keeps it apart (jwtSecrets; psk-jwt)
      --rules FILE                             a rules file: its custom PROVIDER, and the values of the route at --to
      --method M                               default POST
      --dry-run                                print the signed request instead of sending it`;

export async function sendCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      to: { type: "string" },
      secret: { type: "string" },
      body: { type: "string" },
      header: { type: "string", multiple: true },
      field: { type: "string", multiple: true },
      value: { type: "string", multiple: true },
      timestamp: { type: "string" },
      id: { type: "string" },
      alternative: { type: "string" },
      "jwt-secret": { type: "string" },
      rules: { type: "string" },
      method: { type: "string" },
      "dry-run": { type: "boolean", default: false },
    },
    true,
  );
  const usage = (msg: string): never => {
    throw new UsageError(msg);
  };
  if (positionals.length !== 1) return usage("send takes exactly one PROVIDER (a preset name, or a custom provider with --rules FILE)");
  if (!values.to) return usage("--to URL is required");
  if (values.secret === undefined) return usage("--secret is required (the secret the route is configured with)");
  /** Repeated `--flag NAME=VALUE` options as a record. */
  const named = (flag: string, given: string[] | undefined, example: string): Record<string, string> | undefined => {
    if (!given) return undefined;
    const out: Record<string, string> = {};
    for (const g of given) {
      const at = g.indexOf("=");
      if (at <= 0) return usage(`--${flag} "${g}" is not NAME=VALUE (e.g. --${flag} ${example})`);
      out[g.slice(0, at)] = g.slice(at + 1);
    }
    return out;
  };
  const fields = named("field", values.field, "env=master");
  const routeValues = named("value", values.value, "appKey=6abc123xyz");
  const unix = values.timestamp !== undefined && /^\d{1,12}$/.test(values.timestamp);

  const { req } = await prepareSend({
    provider: positionals[0]!,
    to: values.to,
    secret: values.secret,
    bodyFile: values.body,
    headers: values.header,
    timestamp: unix ? Number(values.timestamp) : undefined,
    timestampText: values.timestamp !== undefined && !unix ? values.timestamp : undefined,
    id: values.id,
    ...(values.alternative !== undefined ? { alternative: Number(values.alternative) } : {}),
    ...(values["jwt-secret"] !== undefined ? { jwtSecret: values["jwt-secret"] } : {}),
    ...(fields ? { fields } : {}),
    ...(routeValues ? { values: routeValues } : {}),
    rulesFile: values.rules,
    method: values.method,
  });

  const what = `${req.method} ${req.url.href}  ${dim(`(${positionals[0]}, ${req.body.length} bytes${req.id ? `, id ${req.id}` : ""})`)}`;
  if (values["dry-run"]) {
    out(what);
    req.headers.forEach((v, k) => out(`${k}: ${v}`));
    out();
    process.stdout.write(req.body);
    out();
    return 0;
  }
  out(`${dim("→")} ${what}`);
  const res = await deliver(req);
  const ok = res.status >= 200 && res.status < 300;
  out(`${dim("←")} ${(ok ? green : red)(bold(`${res.status} ${res.statusText}`))}`);
  if (res.body) out(res.body.length > 4000 ? `${res.body.slice(0, 4000)}… (${res.body.length} chars)` : res.body);
  return ok ? 0 : 1;
}
