/**
 * A markdown table of every built-in preset, generated from the preset data
 * itself (so docs/providers.md cannot drift from what hookgate runs):
 * name | header | scheme | what is signed | dedup id | tolerance | handshake | deadline | success status | vector source.
 */
import { presets } from "../src/rules/presets/index.ts";
import { isHeaderSignature, isHmac, ProviderSchema, type EmbeddedSignature, type Provider, type Source } from "../src/rules/schema.ts";
import { DEFAULT_DEADLINE_MS, DEFAULT_SUCCESS_STATUS } from "../src/delivery/schema.ts";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";

function source(s: Source): string {
  if ("header" in s) return `header ${code(s.header)}`;
  if ("json" in s) return `body ${code(s.json)}`;
  if ("query" in s) return `query ${code(s.query)}`;
  if ("form" in s) return `form ${code(s.form)}`;
  return `signature field ${code(s.signatureField)}`;
}

function header(p: Provider): string {
  const sig = p.signature;
  if (!sig) return [p.token, p.jwt].flatMap((a) => (!a ? [] : "json" in a ? [source(a)] : [code(a.header)])).join(" + ") || "–";
  if (!isHeaderSignature(sig)) return sig.type === "jws" && sig.header ? code(sig.header) : "in the body / scheme's headers";
  if (isHmac(sig) && sig.from) return source(sig.from);
  const hs = typeof sig.header === "string" ? [sig.header] : (sig.header ?? []);
  return hs.map(code).join(" / ");
}

function scheme(p: Provider): string {
  const s = p.signature;
  if (!s) return [p.token && "pre-shared key (constant-time compare)", p.jwt && `HS256 JWT (≤ ${p.jwt.maxLifetime} s)`].filter(Boolean).join(" + ");
  if (!isHeaderSignature(s)) return embeddedScheme(s);
  if (s.type === "rsa") return `RSASSA-PKCS1-v1_5 ${s.algorithm.toUpperCase()} ${s.encoding}; secrets = PUBLIC key (PEM / base64 SPKI)`;
  if (s.type === "ed25519") return `Ed25519 ${s.encoding}; secrets = PUBLIC key (${s.publicKey})`;
  if (s.type === "ecdsa-p256-sha256") return `ECDSA P-256/SHA-256 ${s.der ? "DER " : ""}${s.encoding}; secrets = PUBLIC key (${s.publicKey})`;
  const hash = s.algorithm.toUpperCase().replace("SHA", "SHA-");
  const algo = s.type === "keyed-digest" ? `${hash}(secret ‖ payload) ${s.encoding}, not an HMAC` : `HMAC-${hash} ${s.encoding}`;
  const key = s.secretEncoding === "utf8" ? "" : `, key ${s.secretEncoding === "whsec" ? "whsec_ base64" : "base64"}`;
  const f = s.format;
  const shape =
    f.type === "plain"
      ? f.prefix
        ? `, prefix ${code(f.prefix)}`
        : ""
      : f.type === "list"
        ? f.first
          ? `, field ${code(f.first)} then signatures, split by ${code(f.separator)}`
          : `, list of ${code(f.prefix + "…")}`
        : `, pairs ${code(`${f.key}${f.assign}…`)} split by ${code(f.separator)}`;
  return algo + shape + key;
}

function embeddedScheme(s: EmbeddedSignature): string {
  if (s.type === "adyen") return "HMAC-SHA256 base64 per notification item, key hex";
  if (s.type === "jws")
    return `JWS ${s.algorithms.join("/")}${s.detached ? " detached over the body" : ""}${s.bodyClaim ? `, claim ${code(s.bodyClaim)} = body SHA-256` : ""}; secrets = ${s.jwksHosts ? `JWKS URL on ${s.jwksHosts.join(", ")}` : "PUBLIC key (PEM / base64 SPKI) or HS256 secret"}`;
  const what = { "aws-sns": "X.509 from SigningCertURL; secrets = TopicArns", paypal: "X.509 from PAYPAL-CERT-URL; secrets = webhook ids", circle: "ECDSA key by X-Circle-Key-Id; secrets = key endpoint URLs" };
  return `${s.scheme}: ${what[s.scheme]}; keys fetched only from ${s.hosts.map(code).join(", ")}`;
}

/** One column for the provider and each of its alternative formats ("or"). */
const each = (p: Provider, f: (p: Provider) => string) => [p, ...(p.alternatives ?? [])].map((x) => f(x as Provider)).join(" **or** ");

function signed(p: Provider): string {
  if (!p.signature) return "– (the sender is authenticated; the body is not signed)";
  if (!isHeaderSignature(p.signature)) return p.bodySigned ? "body" : "(body NOT signed: see the description)";
  const parts = [code(p.signature.payload)];
  if (p.bodyDigest) parts.push(`+ body ${p.bodyDigest.algorithm} in ${source(p.bodyDigest.from)}${p.bodyDigest.unlessForm ? " (non-form bodies)" : ""}`);
  if (!p.bodySigned) parts.push("(body NOT signed)");
  if (/\{(url|path)\}/.test(p.signature.payload)) parts.push("(URL-bound: set the route's publicUrl)");
  return parts.join(" ");
}

function tolerance(p: Provider): string {
  if (!p.timestamp) return "–";
  return `${p.timestamp.tolerance} s (${p.timestamp.format}, ${source(p.timestamp.from)})`;
}

/**
 * Where each preset's deadline is documented (kept here, not in the Worker bundle; the preset data has the same
 * URL as a comment next to the number). A test checks every preset deadline has one.
 */
export const DEADLINE_SOURCES: Record<string, string> = {
  lean: "Lean's webhook document",
  "lean-sandbox": "Lean's webhook document",
  github: "https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds",
  slack: "https://api.slack.com/apis/events-api#responding",
  shopify: "https://shopify.dev/docs/apps/webhooks/configuration/https",
  twilio: "https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides",
  calendly: "https://developer.calendly.com/api-docs/overview/webhooks/webhook-timeouts",
  discord: "https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction",
  zoom: "https://developers.zoom.us/blog/webhook-delays",
};

/** The provider's documented response deadline, linked to where it is documented; the default applies otherwise. */
function deadline(p: Provider, name: string): string {
  const a = p.answer;
  if (a?.deadlineMs === undefined) return `– (${DEFAULT_DEADLINE_MS / 1000} s assumed)`;
  const s = `${a.deadlineMs / 1000} s`;
  const where = a.source ?? DEADLINE_SOURCES[name] ?? "undocumented";
  return `${/^https?:/.test(where) ? `[${s}](${where})` : `${s} (${where})`}${a.mode ? `; ${a.mode} by default` : ""}`;
}

/** What a queued (queue or auto mode) event is answered with. */
function success(p: Provider): string {
  return p.answer?.successStatus !== undefined ? String(p.answer.successStatus) : `${DEFAULT_SUCCESS_STATUS} (any 2xx)`;
}

/** `vectorSources`: preset name → where its test vectors came from. */
export function presetTableMarkdown(vectorSources: ReadonlyMap<string, string[]> = new Map()): string {
  const rows = [
    "| preset | header | scheme | what is signed | dedup id | tolerance | handshake | deadline | success status | vector source |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const name of Object.keys(presets).sort()) {
    const p = ProviderSchema.parse(presets[name]);
    const cols = [
      p.docs ? `[${name}](${p.docs})` : name,
      each(p, header),
      each(p, scheme),
      each(p, signed),
      each(p, (x) => (x.id ? source(x.id) : x.jwt ? "JWT `jti`" : "–")),
      each(p, tolerance),
      p.handshake ? code(p.handshake.kind) : "–",
      deadline(p, name),
      success(p),
      (vectorSources.get(name) ?? ["–"]).join("; "),
    ];
    rows.push(`| ${cols.map(cell).join(" | ")} |`);
  }
  return rows.join("\n") + "\n";
}
