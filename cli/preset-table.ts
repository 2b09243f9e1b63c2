/**
 * A markdown table of every built-in preset, generated from the preset data
 * itself (so docs/providers.md cannot drift from what hookgate runs):
 * name | header | scheme | what is signed | dedup id | tolerance | handshake | vector source.
 */
import { presets } from "../src/rules/presets/index.ts";
import { ProviderSchema, type Provider, type Source } from "../src/rules/schema.ts";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";

function source(s: Source): string {
  if ("header" in s) return `header ${code(s.header)}`;
  if ("json" in s) return `body ${code(s.json)}`;
  if ("query" in s) return `query ${code(s.query)}`;
  return `signature field ${code(s.signatureField)}`;
}

function header(p: Provider): string {
  const sig = p.signature;
  if (!sig) return code((p.token ?? p.jwt)?.header ?? "–");
  if (sig.type === "hmac" && sig.from) return source(sig.from);
  const hs = typeof sig.header === "string" ? [sig.header] : (sig.header ?? []);
  return hs.map(code).join(" / ");
}

function scheme(p: Provider): string {
  const s = p.signature;
  if (!s) return p.token ? "pre-shared key (constant-time compare)" : "HS256 JWT";
  if (s.type === "ed25519") return `Ed25519 ${s.encoding}; secrets = PUBLIC key (${s.publicKey})`;
  if (s.type === "ecdsa-p256-sha256") return `ECDSA P-256/SHA-256 ${s.der ? "DER " : ""}${s.encoding}; secrets = PUBLIC key (${s.publicKey})`;
  const algo = `HMAC-${s.algorithm.toUpperCase().replace("SHA", "SHA-")} ${s.encoding}`;
  const key = s.secretEncoding === "utf8" ? "" : `, key ${s.secretEncoding === "whsec" ? "whsec_ base64" : "base64"}`;
  const f = s.format;
  const shape =
    f.type === "plain"
      ? f.prefix
        ? `, prefix ${code(f.prefix)}`
        : ""
      : f.type === "list"
        ? `, list of ${code(f.prefix + "…")}`
        : `, pairs ${code(`${f.key}${f.assign}…`)} split by ${code(f.separator)}`;
  return algo + shape + key;
}

function signed(p: Provider): string {
  if (!p.signature) return "– (the sender is authenticated; the body is not signed)";
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

/** `vectorSources`: preset name → where its test vectors came from. */
export function presetTableMarkdown(vectorSources: ReadonlyMap<string, string[]> = new Map()): string {
  const rows = [
    "| preset | header | scheme | what is signed | dedup id | tolerance | handshake | vector source |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const name of Object.keys(presets).sort()) {
    const p = ProviderSchema.parse(presets[name]);
    const cols = [
      p.docs ? `[${name}](${p.docs})` : name,
      header(p),
      scheme(p),
      signed(p),
      p.id ? source(p.id) : "–",
      tolerance(p),
      p.handshake ? code(p.handshake.kind) : "–",
      (vectorSources.get(name) ?? ["–"]).join("; "),
    ];
    rows.push(`| ${cols.map(cell).join(" | ")} |`);
  }
  return rows.join("\n") + "\n";
}
