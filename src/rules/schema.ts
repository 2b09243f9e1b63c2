/**
 * The one schema for hookgate rules. It validates a rules file when it is
 * pushed (CLI), every route and provider read back from KV (Worker), and the
 * built-in presets (tests). `hookgate.schema.json` is generated from it.
 *
 * Pure TypeScript + zod: shared by the Worker and the Node CLI.
 */
// zod/mini: the functional API (`z.optional(x)`, `z._default(x, v)`,
// `x.check(z.maxLength(n), z.refine(f, msg))`). Classic zod's method chaining
// pulls its JSON Schema processors and the classic layer into the Worker
// (bundle: 71.0 KiB gzip on classic, 52.3 KiB on mini). Keep the namespace
// import of "zod/mini" so the bundler drops what is unused; `import { z } from
// "zod"` pulls all of zod in (≈ +100 KiB gzip). Mini has no default locale:
// ./zod-locale.ts installs zod's English messages (≈ 1 KiB gzip). The CLI
// generates hookgate.schema.json from these same schemas (cli/schema-json.ts).
import * as z from "zod/mini";
import "./zod-locale.ts";
import { AllowSchema } from "../source-ip/schema.ts";
import { HandshakeSchema, RouteHandshakeSchema } from "../handshake/schema.ts";
import { DeliverySchema, RateLimitSchema, deadlineMs, deliveryMode, successStatus } from "../delivery/schema.ts";

export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
export const PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const ENV_SECRET = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Paths hookgate answers itself; routes may not claim them. */
export const RESERVED_PATHS = ["/healthz"];
export const RESERVED_PREFIX = "/__hookgate/";

export const MIB = 1024 * 1024;
export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_BODY_BYTES = MIB;
/**
 * The largest maxBodyBytes (24 MiB, above GitHub's 25 MB payload cap): a Worker
 * isolate has 128 MB, and workerd holds a large body up to 4 times while
 * reading, verifying and forwarding it (bench/body-memory.ts, whole workerd
 * process: 24 MiB → +77 MiB peak with Content-Length, +95 MiB chunked;
 * docs/security.md "Memory").
 */
export const MAX_BODY_BYTES_CAP = 24 * MIB;
/** Origin timeout of a queued delivery (no provider is waiting on it); inline, the provider's deadline bounds it. */
export const DEFAULT_ORIGIN_TIMEOUT_MS = 10_000;

/** A string of `min`..`max` characters (classic zod's `z.string().min(min).max(max)`). */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
/** A string of at most `max` characters. */
const upTo = (max: number) => z.string().check(z.maxLength(max));
/** A whole number in `min`..`max` (classic zod's `z.number().int().min(min, tooSmall).max(max, tooBig)`). */
const integer = (min: number, max: number, tooSmall?: string, tooBig?: string) =>
  z.number().check(z.int(), z.gte(min, tooSmall), z.lte(max, tooBig));
/** A secret or required value: the literal text, or `env:NAME` for a Worker secret. */
const secretLike = (empty: string) =>
  z.string().check(
    z.minLength(1, empty),
    z.maxLength(4096),
    z.refine((s) => !s.startsWith("env:") || ENV_SECRET.test(s), {
      message: "env: references must look like env:NAME (letters, digits, underscore)",
    }),
  );

const headerName = z.string().check(z.regex(HEADER_NAME, "must be a valid HTTP header name"));

/**
 * Where a value (timestamp, event id, ...) is read from.
 * - header: a request header
 * - json: a dotted path into the JSON body (`data.object.id`)
 * - query: a query-string parameter
 * - signatureField: a field of a key=value signature header (Stripe's `t`)
 * - form: a parameter of an application/x-www-form-urlencoded body (a repeated one reads as absent)
 */
export const SourceSchema = z.union([
  z.strictObject({ header: headerName }),
  z.strictObject({ json: text(1, 200) }),
  z.strictObject({ query: text(1, 200) }),
  z.strictObject({ signatureField: text(1, 32) }),
  z.strictObject({ form: text(1, 200) }),
]);
export type Source = z.infer<typeof SourceSchema>;

/** How the signature header carries one or more signatures. */
export const SignatureFormatSchema = z.discriminatedUnion("type", [
  /** The whole header is one signature, after an optional literal prefix (`sha256=`). */
  z.strictObject({
    type: z.literal("plain"),
    prefix: z._default(upTo(32), ""),
  }),
  /**
   * A list of signatures (Standard Webhooks: `v1,<b64> v1,<b64>`). Entries that
   * do not start with `prefix` (other versions) are ignored.
   */
  z.strictObject({
    type: z.literal("list"),
    separator: z._default(text(1, 4), " "),
    prefix: z._default(upTo(32), ""),
    /** The first entry is not a signature but the `signatureField` of this name (Recurly: `<ms timestamp>,<sig>,<sig>`). */
    first: z.optional(text(1, 32)),
  }),
  /**
   * key=value pairs (Stripe: `t=1,v1=ab,v1=cd`; Paddle: `ts=1;h1=ab`). Every
   * pair named `key` is a candidate signature; other pairs are available as
   * `signatureField` sources (the timestamp).
   */
  z.strictObject({
    type: z.literal("pairs"),
    separator: z._default(text(1, 4), ","),
    assign: z._default(text(1, 4), "="),
    key: text(1, 32),
  }),
]);
export type SignatureFormat = z.infer<typeof SignatureFormatSchema>;

export const TEMPLATE_PLACEHOLDER = /\{([a-z]+)(?::([^}]+))?\}/g;
const TEMPLATE_NAMES = new Set(["body", "timestamp", "id", "header", "method", "url", "path", "form", "field", "value", "member", "headers", "formfield"]);
/** A `{field:X}` / `{value:X}` name (a signature-header field, a route's `values` entry). */
export const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** `{body}` in any form: the raw bytes, `{body:json}` (a JSON string of them), `{body:sha256hex}` (their digest). */
export const BODY_PLACEHOLDER = /\{body(:json|:sha256hex)?\}/;

/** Placeholders that take an argument: what it must match, and how to write it. `{body}` also stands alone. */
const TEMPLATE_ARGS: Record<string, [RegExp, string]> = {
  header: [HEADER_NAME, "{header:Name}"],
  form: [/^(sorted|pairs|plivo)$/, "{form:sorted}, {form:pairs} or {form:plivo}"],
  path: [/^escaped$/, "{path} or {path:escaped}"],
  body: [/^(json|sha256hex)$/, "{body}, {body:json} or {body:sha256hex}"],
  field: [VALUE_NAME, "{field:name}"],
  value: [VALUE_NAME, "{value:name}"],
  member: [VALUE_NAME, "{member:Name}"],
  formfield: [VALUE_NAME, "{formfield:name}"],
};

/** Checks a signed-payload template: only known placeholders, each with the argument it takes. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const [whole, name, arg] of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    const a = TEMPLATE_ARGS[name!];
    if (!TEMPLATE_NAMES.has(name!)) problems.push(`unknown placeholder ${whole}`);
    else if (arg === undefined ? a && name !== "body" && name !== "path" : !a?.[0].test(arg)) problems.push(`${whole}: write ${a ? a[1] : `{${name}} (no argument)`}`);
  }
  return problems;
}

/** Instead of a header: where a provider that puts the signature in the body or query has it (Mailgun: `{ "json": "signature.signature" }`, Alipay: `{ "form": "sign" }`). */
const signatureFrom = z.optional(
  z.union([z.strictObject({ json: text(1, 200) }), z.strictObject({ query: text(1, 200) }), z.strictObject({ form: text(1, 200) })]),
);
/** Form parameters `{form:pairs}` leaves out (Alipay: the signature `sign` and `sign_type`). */
const formExclude = z.optional(z.array(text(1, 64)).check(z.maxLength(8)));

const templateSchema = text(1, 200).check(
  z.superRefine((t, ctx) => {
    for (const message of templateProblems(t)) ctx.addIssue({ code: "custom", message });
  }),
);

export const HmacSignatureSchema = z.strictObject({
  /** `hmac`; `keyed-digest`: a plain hash of secret ‖ payload (Recharge), not an HMAC, compared in constant time; the payload must be UTF-8 (length extension). */
  type: z.enum(["hmac", "keyed-digest"]),
  /**
   * Header that carries the signature(s), or a list of headers (Box sends
   * BOX-SIGNATURE-PRIMARY and -SECONDARY, one per key): the signatures of every
   * listed header that is present are candidates, any one verifying is enough.
   */
  header: z.optional(z.union([headerName, z.array(headerName).check(z.minLength(1), z.maxLength(4))])),
  from: signatureFrom,
  /** `md5` only for a keyed-digest (Quoter). */
  algorithm: z.enum(["md5", "sha1", "sha256", "sha512"]),
  /** `base64-hex`: base64 of the hex text (Solidgate). */
  encoding: z.enum(["hex", "base64", "base64url", "base64-hex"]),
  format: z._default(SignatureFormatSchema, { type: "plain", prefix: "" }),
  /**
   * What is signed: `{body}` (raw bytes), `{body:json}` (the body, which must be
   * UTF-8, as a JSON string: JSON.stringify of its text), `{body:sha256hex}` (hex
   * SHA-256 of the body), `{timestamp}`, `{id}`, `{method}`, `{url}`, `{path}`
   * (the route's publicUrl when set), `{header:Name}`, `{field:name}` (a field of
   * the signature header), `{value:name}` (the route's `values.name`),
   * `{form:sorted}` (the parameters of an application/x-www-form-urlencoded body,
   * sorted by name, each name then value, no separators; empty for an empty body
   * or when a bodyDigest in the request covers it; any other body fails),
   * `{member:Name}` (the raw bytes of the JSON body's member Name; the body must be
   * exactly `{Name, <from.json>}`, in that order, whitespace aside: Exact Online)
   * `{formfield:name}` (the decoded value of one form parameter; the form must carry exactly the `{formfield:}`
   * parameters and the signature's `from.form`, each once: Quoter)
   * `{form:pairs}` (the same parameters sorted by name as `name=value` joined by `&`,
   * without those in `formExclude`; a repeated name fails), `{form:plivo}` (`?` and the `sorted` rendering when
   * there are parameters; a URL with a query fails: Plivo V3)
   * and literal text, e.g. `v0:{timestamp}:{body}`.
   */
  payload: z._default(templateSchema, "{body}"),
  formExclude,
  /**
   * `{headers}`: the headers the request lists in `header` (comma-separated), sorted, `name:value` joined by `;`
   * (Contentful). The list must name every header in `required`; a listed header the request lacks fails it.
   */
  signedHeaders: z.optional(z.strictObject({ header: headerName, required: z.array(headerName).check(z.minLength(1), z.maxLength(8)) })),
  /**
   * How a configured secret becomes key bytes: `utf8` (as written), `base64`,
   * or `whsec` (Standard Webhooks: strip `whsec_`, base64-decode).
   */
  secretEncoding: z._default(z.enum(["utf8", "base64", "whsec"]), "utf8"),
});
export type HmacSignature = z.infer<typeof HmacSignatureSchema>;
/** An HMAC or a keyed digest: a shared secret, verified by src/verify/hmac.ts. */
export const isHmac = (s: { type: string }): s is HmacSignature => s.type === "hmac" || s.type === "keyed-digest";

/**
 * Ed25519 signatures (Discord). The route's `secrets` are the provider's PUBLIC
 * keys, never a shared secret: `publicKey` says how each one is written.
 */
export const Ed25519SignatureSchema = z.strictObject({
  type: z.literal("ed25519"),
  header: headerName,
  encoding: z._default(z.enum(["hex", "base64", "base64url"]), "hex"),
  format: z._default(SignatureFormatSchema, { type: "plain", prefix: "" }),
  payload: z._default(templateSchema, "{body}"),
  /** `hex-raw`: 64 hex digits (Discord's "Public Key"); `base64-raw`: 32 bytes; `base64-spki`: DER SubjectPublicKeyInfo. */
  publicKey: z._default(z.enum(["hex-raw", "base64-raw", "base64-spki"]), "hex-raw"),
});
export type Ed25519Signature = z.infer<typeof Ed25519SignatureSchema>;

/**
 * ECDSA P-256 with SHA-256 (SendGrid). `der: true`: the header carries a DER
 * `SEQUENCE { r, s }` (converted to raw r‖s before WebCrypto verifies it);
 * `der: false`: raw 64-byte r‖s. The route's `secrets` are PUBLIC keys.
 */
export const EcdsaSignatureSchema = z.strictObject({
  type: z.literal("ecdsa-p256-sha256"),
  header: headerName,
  encoding: z._default(z.enum(["hex", "base64", "base64url"]), "base64"),
  der: z._default(z.boolean(), true),
  format: z._default(SignatureFormatSchema, { type: "plain", prefix: "" }),
  payload: z._default(templateSchema, "{body}"),
  /** `base64-spki`: DER SubjectPublicKeyInfo (SendGrid's "Verification Key"); `hex-raw`/`base64-raw`: uncompressed point (65 bytes). */
  publicKey: z._default(z.enum(["base64-spki", "hex-raw", "base64-raw"]), "base64-spki"),
});
export type EcdsaSignature = z.infer<typeof EcdsaSignatureSchema>;

/**
 * RSASSA-PKCS1-v1_5 (Fireblocks v1, Bridge). The route's `secrets` are the
 * provider's PUBLIC keys: PEM (`-----BEGIN PUBLIC KEY-----`) or base64 DER SubjectPublicKeyInfo.
 */
export const RsaSignatureSchema = z.strictObject({
  type: z.literal("rsa"),
  header: z.optional(headerName),
  from: signatureFrom,
  algorithm: z.enum(["sha1", "sha256", "sha512"]),
  encoding: z._default(z.enum(["hex", "base64", "base64url"]), "base64"),
  format: z._default(SignatureFormatSchema, { type: "plain", prefix: "" }),
  payload: z._default(templateSchema, "{body}"),
  /** `sha256`: the provider signs the 32-byte SHA-256 digest of the payload, not the payload (Bridge). */
  prehash: z.optional(z.literal("sha256")),
  /** `pss`: RSASSA-PSS, MGF1 with `algorithm`, salt as long as the digest (Utila); default PKCS#1 v1.5. */
  padding: z.optional(z.literal("pss")),
  formExclude,
});
export type RsaSignature = z.infer<typeof RsaSignatureSchema>;

/**
 * Host names a fetched key may come from; `*` stands for one DNS label (`sns.*.amazonaws.com`), never in the last
 * two labels (`*.*` or `*.com` would let the request choose the host).
 */
const keyHosts = z
  .array(z.string().check(z.regex(/^((\*|[a-z0-9-]+)\.)*[a-z0-9-]+\.[a-z0-9-]+$/, "must be a host name; * stands for one label, never in the last two")))
  .check(z.minLength(1), z.maxLength(8));

/**
 * Keys fetched at run time (src/verify/remote.ts), only over https from `hosts`:
 * - `aws-sns`: the message's SigningCertURL (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA);
 *   `secrets` are the TopicArns the route accepts.
 * - `paypal`: PAYPAL-CERT-URL, SHA256withRSA over `id|time|webhookId|crc32(body)`; `secrets` are webhook ids.
 * - `circle`: ECDSA P-256/SHA-256 (X-Circle-Signature), key by X-Circle-Key-Id; `secrets` are the key endpoint URLs.
 */
export const RemoteKeySignatureSchema = z.strictObject({
  type: z.literal("remote-key"),
  scheme: z.enum(["aws-sns", "paypal", "circle"]),
  hosts: keyHosts,
});
export type RemoteKeySignature = z.infer<typeof RemoteKeySignatureSchema>;

/**
 * A JWS / JWT (src/verify/jws.ts): in `header` (after `prefix`), or the whole body
 * when there is no header (Wix). `detached`: the payload is the raw body
 * (Fireblocks v2, `<header>..<signature>`). `bodyClaim`: the claim holding the
 * base64 SHA-256 of the body (FusionAuth `request_body_sha256`). Keys: the
 * route's `secrets` (PEM / base64 SPKI public keys; the shared secret for HS256),
 * or with `jwksHosts`, JWKS URLs on those hosts.
 */
export const JwsSignatureSchema = z.strictObject({
  type: z.literal("jws"),
  header: z.optional(headerName),
  prefix: z._default(upTo(32), ""),
  algorithms: z.array(z.enum(["RS256", "RS512", "ES256", "HS256"])).check(z.minLength(1)),
  detached: z._default(z.boolean(), false),
  bodyClaim: z.optional(text(1, 64)),
  jwksHosts: z.optional(keyHosts),
});
export type JwsSignature = z.infer<typeof JwsSignatureSchema>;

/**
 * Adyen: HMAC-SHA256 (hex key) of each notification item's
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`,
 * base64 in the item's `additionalData.hmacSignature`. Every item must verify.
 */
export const AdyenSignatureSchema = z.strictObject({ type: z.literal("adyen") });

/** Schemes whose signature and signed bytes are not a header + template (src/verify/embedded.ts). */
export type EmbeddedSignature = RemoteKeySignature | JwsSignature | z.infer<typeof AdyenSignatureSchema>;
export type HeaderSignature = HmacSignature | Ed25519Signature | EcdsaSignature | RsaSignature;

export const SignatureSchema = z.discriminatedUnion("type", [
  HmacSignatureSchema,
  Ed25519SignatureSchema,
  EcdsaSignatureSchema,
  RsaSignatureSchema,
  RemoteKeySignatureSchema,
  JwsSignatureSchema,
  AdyenSignatureSchema,
]);
export type Signature = z.infer<typeof SignatureSchema>;
/** Whether the signature is read from a header and checked over a rendered template. */
export const isHeaderSignature = (s: Signature): s is HeaderSignature => s.type !== "remote-key" && s.type !== "jws" && s.type !== "adyen";

export const TimestampSchema = z.strictObject({
  from: SourceSchema,
  /** unix seconds, unix milliseconds, ISO 8601, or auto (any of the three). */
  format: z._default(z.enum(["unix", "unix-ms", "iso8601", "auto"]), "unix"),
  /** Seconds a timestamp may differ from now, in either direction. Never 0. */
  tolerance: z._default(integer(1, 7 * 24 * 3600), DEFAULT_TOLERANCE_SECONDS),
});
export type TimestampSpec = z.infer<typeof TimestampSchema>;

/**
 * A digest of the raw body that the provider puts in a signed place (Twilio's
 * `bodySHA256` query parameter, covered by the signed URL): the body must hash
 * to it. With `unlessForm`, a body the payload signs through `{form:sorted}`
 * (a UTF-8 form, or no body at all) may come without it; any other body must carry it.
 */
export const BodyDigestSchema = z.strictObject({
  from: z.union([z.strictObject({ query: text(1, 200) }), z.strictObject({ header: headerName })]),
  algorithm: z.enum(["sha1", "sha256", "sha512"]),
  encoding: z.enum(["hex", "base64"]),
  unlessForm: z._default(z.boolean(), false),
});
export type BodyDigest = z.infer<typeof BodyDigestSchema>;

// ---- Sender authentication other than a signature (src/auth/) and replay windows (src/replay/) ----

/** A pre-shared key in a header (GitLab's X-Gitlab-Token, Okta's Authorization), compared in constant time. */
export const TokenSchema = z.union([
  z.strictObject({
    header: headerName,
    /** Literal text before the key, e.g. `Bearer ` (matched case-insensitively). */
    prefix: z._default(upTo(32), ""),
  }),
  /** A key inside the JSON body (Meraki's `sharedSecret`): the body itself is not authenticated. */
  z.strictObject({ json: text(1, 200) }),
]);
export type TokenSpec = z.infer<typeof TokenSchema>;

/** An HS256 JWT (Authorization: Bearer, or a named header). Other algorithms, `none` included, are rejected. */
export const JwtSchema = z.strictObject({
  header: z._default(headerName, "Authorization"),
  /** Literal text before the token (matched case-insensitively); `Bearer ` by default. */
  prefix: z._default(upTo(32), "Bearer "),
  /** Clock leeway in seconds for exp / nbf / iat. */
  leeway: z._default(integer(0, 300, "leeway may not be negative", "leeway is at most 300 s"), 5),
  /** Longest accepted lifetime (exp - iat; exp - now when there is no iat), in seconds. */
  maxLifetime: z._default(integer(1, 3600, "maxLifetime must be at least 1 s", "maxLifetime is at most 3600 s"), 20),
  /** When set, the token's `iss` must be exactly this. */
  issuer: z.optional(text(1, 256)),
  /** When set, the token's `aud` (a string, or an array of strings) must be or contain exactly this. */
  audience: z.optional(text(1, 256)),
});
export type JwtSpec = z.infer<typeof JwtSchema>;

/** A value the request must carry (a provider's app token in a header or JSON field). */
export const RequiredValueSchema = z.strictObject({
  from: SourceSchema,
  /** The exact expected value, or `env:NAME` for a Worker secret. Compared in constant time. */
  equals: secretLike("the required value may not be empty"),
});
export type RequiredValue = z.infer<typeof RequiredValueSchema>;

export const DEFAULT_EXPIRY_MAX_SECONDS = 300;
/** A `ValidUntil`-style expiry: reject after it (+ leeway) and when it is absurdly far in the future. */
export const ExpiresAtSchema = z.strictObject({
  from: SourceSchema,
  format: z._default(z.enum(["unix", "unix-ms", "iso8601", "auto"]), "auto"),
  /** Seconds of clock skew allowed past the expiry. */
  leeway: z._default(integer(0, 300, undefined, "leeway is at most 300 s"), 5),
  /** An expiry further than this many seconds from now is rejected. */
  maxSeconds: z._default(integer(1, 7 * 24 * 3600), DEFAULT_EXPIRY_MAX_SECONDS),
  /** When set: the expiry may be at most this many seconds after the request's own `timestamp` (its send time). */
  maxAfterTimestamp: z.optional(integer(1, 7 * 24 * 3600)),
});
export type ExpiresAtSpec = z.infer<typeof ExpiresAtSchema>;

export const DEFAULT_DEDUP_TTL_SECONDS = 86_400;
/**
 * Event-id dedup. On by default whenever an id is known (the provider's `id`,
 * or a JWT's `jti`); `false` turns it off. `store: "strict"` uses the DEDUP
 * Durable Object (atomic claim) instead of KV.
 */
export const DedupSchema = z.union([
  z.literal(false),
  z.strictObject({
    /** Where the event id is; defaults to the provider's `id`. */
    id: z.optional(SourceSchema),
    ttlSeconds: z._default(
      integer(60, 30 * 86_400, "ttlSeconds must be at least 60 (the KV minimum)", "ttlSeconds is at most 30 days"),
      DEFAULT_DEDUP_TTL_SECONDS,
    ),
    store: z._default(z.enum(["kv", "strict"]), "kv"),
  }),
]);
export type DedupSpec = z.infer<typeof DedupSchema>;

/** What a provider counts as an answer in time, as it documents it (src/delivery/auto.ts). */
export const AnswerSchema = z.strictObject({
  /** How long the provider waits for an answer (ms) before it counts the delivery failed and retries. */
  deadlineMs: z.optional(deadlineMs),
  /** The status hookgate answers when it takes over delivery (queue and auto modes). Default 202. */
  successStatus: z.optional(successStatus),
  /** Where the provider documents these numbers (a URL). */
  source: z.optional(upTo(500)),
  /**
   * The delivery mode a route gets when it names none. `direct` for providers whose answer carries
   * content the sender uses (Twilio's TwiML, Discord's interaction response, Slack's slash-command text).
   */
  mode: z.optional(deliveryMode),
});
export type Answer = z.infer<typeof AnswerSchema>;

const providerFields = {
    description: z.optional(upTo(500)),
    docs: z.optional(upTo(500)),
    signature: z.optional(SignatureSchema),
    /** Pre-shared key header (alone or with a signature). */
    token: z.optional(TokenSchema),
    /** HS256 JWT (alone or with a signature); its `jti` feeds dedup. */
    jwt: z.optional(JwtSchema),
    /** Values the request must carry (checked after authentication). */
    require: z.optional(z.array(RequiredValueSchema).check(z.maxLength(10))),
    timestamp: z.optional(TimestampSchema),
    /** A `ValidUntil`-style expiry time carried by the request. */
    expiresAt: z.optional(ExpiresAtSchema),
    /** Where the provider's event id is (used for dedup and the proxy signature id). */
    id: z.optional(SourceSchema),
    /** A set-up handshake hookgate answers itself (src/handshake/). */
    handshake: z.optional(HandshakeSchema),
    bodyDigest: z.optional(BodyDigestSchema),
    /**
     * `false` only for providers whose scheme signs no part of the body
     * (Mailgun signs timestamp + token): then the body is NOT protected and
     * anyone holding one genuine request can change its body. Say so in
     * `description`. Default true: the payload must cover the body.
     */
    bodySigned: z._default(z.boolean(), true),
    /**
     * Where the provider's webhooks come from, as published by the provider:
     * the default source-IP allow list of every route using this provider
     * (a route's own `allow` replaces it entirely).
     */
    sourceIps: z.optional(AllowSchema),
};

function providerProblems(p: z.infer<z.ZodMiniObject<typeof providerFields>>, ctx: z.core.$RefinementCtx) {
      if (!p.signature && !p.token && !p.jwt)
        ctx.addIssue({
          code: "custom",
          path: ["signature"],
          message: "a provider needs at least one of signature, token or jwt to authenticate the sender",
        });
      const sig = p.signature;
      // Without a signature (token / JWT only) nothing is signed: the sender is authenticated, the body rides on TLS.
      const payload = !sig ? "{body}" : isHeaderSignature(sig) ? sig.payload : sig.type === "adyen" ? "" : "{body}";
      if (sig && isHeaderSignature(sig) && (sig.header === undefined) === (("from" in sig ? sig.from : undefined) === undefined))
        ctx.addIssue({
          code: "custom",
          path: ["signature", "header"],
          message: "give exactly one of signature.header (a header or a list of headers) and signature.from (json or query)",
        });
      const digest = p.bodyDigest;
      const digestCoversBody = digest !== undefined && (!digest.unlessForm || payload.includes("{form:sorted}"));
      if (digest) {
        const f = digest.from;
        const signed = "query" in f ? payload.includes("{url}") || payload.includes("{path}") : payload.includes(`{header:${f.header}}`);
        if (!signed)
          ctx.addIssue({
            code: "custom",
            path: ["bodyDigest", "from"],
            message: "the body digest must be read from a signed place: a query parameter with {url}/{path} in the payload, or a {header:X} in it",
          });
      }
      if (digest?.unlessForm && !payload.includes("{form:sorted}"))
        ctx.addIssue({ code: "custom", path: ["bodyDigest", "unlessForm"], message: "unlessForm needs {form:sorted} in the signed payload" });
      // {form:sorted} covers a form body's parameters; verification rejects any other body unless a bodyDigest covers it.
      const formCovers = payload.includes("{form:");
      // {formfield:X}: verification requires the form to be exactly the signed parameters and signature.from.form.
      const formField = /\{formfield:[^}]+\}/.test(payload);
      if (formField && !(sig && isHmac(sig) && sig.from && "form" in sig.from))
        ctx.addIssue({ code: "custom", path: ["signature", "from"], message: "{formfield:X} needs signature.from: { form: <a parameter> }" });
      if (sig && isHmac(sig) && sig.algorithm === "md5" && sig.type !== "keyed-digest")
        ctx.addIssue({ code: "custom", path: ["signature", "algorithm"], message: "md5 is only for a keyed-digest (WebCrypto has no HMAC-MD5)" });
      // {member:X}: the MAC covers X, and verification requires the body to be exactly {X, the signature's
      // top-level member}; any other reading of signature.from can never verify (fails closed).
      const member = /\{member:[^}]+\}/.test(payload);
      if (member && !(sig?.type === "hmac" && sig.from && "json" in sig.from))
        ctx.addIssue({ code: "custom", path: ["signature", "from"], message: "{member:X} needs signature.from: { json: <a top-level member> }" });
      // The CRC answer is an HMAC of a token the requester picks (no `{` or `"` in it): safe only while what is signed
      // is the body (a JSON object there) itself, raw or as a JSON string.
      if (p.handshake?.kind === "twitter-crc" && sig?.type === "hmac" && !/\{body(:json)?\}/.test(payload))
        ctx.addIssue({ code: "custom", path: ["handshake", "kind"], message: "twitter-crc needs {body} or {body:json} in the signed payload: its answer signs a requester's token" });
      // Zoom and Smartcar answer an HMAC of a body field: where the body is not signed, the requester chooses it.
      if (!p.bodySigned && (p.handshake?.kind === "zoom-url-validation" || p.handshake?.kind === "smartcar-verify"))
        ctx.addIssue({ code: "custom", path: ["handshake", "kind"], message: `${p.handshake.kind} needs a signed body: its answer is an HMAC of a body field` });
      const bodyCovered = BODY_PLACEHOLDER.test(payload);
      if (p.bodySigned && !bodyCovered && !digestCoversBody && !formCovers && !member && !formField)
        ctx.addIssue({
          code: "custom",
          path: ["signature", "payload"],
          message:
            "the signed payload must include {body} (or a bodyDigest), or the body would not be protected; a provider whose scheme signs no body must say bodySigned: false",
        });
      if (!p.bodySigned && (bodyCovered || digest))
        ctx.addIssue({ code: "custom", path: ["bodySigned"], message: "bodySigned: false, but the payload or a bodyDigest covers the body" });
      // {headers} without signedHeaders renders nothing and fails every request; a timestamp header the list may
      // leave out would not be signed (a replay could carry any timestamp).
      const listed = sig && isHmac(sig) ? sig.signedHeaders : undefined;
      const stamp = p.timestamp?.from;
      if (listed && stamp && "header" in stamp && !listed.required.some((h) => h.toLowerCase() === stamp.header.toLowerCase()))
        ctx.addIssue({ code: "custom", path: ["signature", "signedHeaders", "required"], message: "must include the timestamp header" });
      if (payload.includes("{timestamp}") && !p.timestamp)
        ctx.addIssue({
          code: "custom",
          path: ["timestamp"],
          message: "the payload uses {timestamp}, so the provider needs a timestamp source",
        });
      if (payload.includes("{id}") && !p.id)
        ctx.addIssue({
          code: "custom",
          path: ["id"],
          message: "the payload uses {id}, so the provider needs an id source",
        });
      const usesField = (s: Source | undefined) => s && "signatureField" in s;
      const format = sig && isHeaderSignature(sig) ? sig.format : undefined;
      if (
        (usesField(p.timestamp?.from) || usesField(p.id) || usesField(p.expiresAt?.from) || payload.includes("{field:")) &&
        format?.type !== "pairs" && !(format?.type === "list" && format.first)
      )
        ctx.addIssue({
          code: "custom",
          path: ["signature", "format"],
          message: "signatureField sources and {field:X} need a signature format 'pairs', or a 'list' with 'first'",
        });
      if (p.handshake?.kind === "zoom-url-validation" && p.signature?.type !== "hmac")
        ctx.addIssue({
          code: "custom",
          path: ["handshake", "kind"],
          message: "zoom-url-validation answers with an HMAC under the route's secret, so the signature must be of type hmac",
        });
}

/** One signature format of a provider that sends more than one (Scalekit: its own header, or Standard Webhooks). */
export const AlternativeSchema = z.strictObject(providerFields).check(z.superRefine(providerProblems));

export const ProviderSchema = z
  .strictObject({
    ...providerFields,
    /**
     * Other formats the same provider sends. A request is verified by the first alternative whose
     * signature header it carries, else by the provider itself. The route's source-IP allow list,
     * rate limit and delivery apply to all of them.
     */
    alternatives: z.optional(z.array(AlternativeSchema).check(z.maxLength(3))),
    /** The provider's documented response deadline and success status (a route's `delivery` overrides both). */
    answer: z.optional(AnswerSchema),
    /** A rate limit the provider documents: the default of every route using it (a route's `rateLimit` replaces it; `false` turns it off). */
    rateLimit: z.optional(RateLimitSchema),
    /** The scheme includes a source-IP allow list the provider cannot publish: a route must set `allow`. */
    requireAllow: z.optional(z.boolean()),
  })
  .check(z.superRefine(providerProblems));
export type Provider = z.infer<typeof ProviderSchema>;
export type Alternative = z.infer<typeof AlternativeSchema>;
export type ProviderInput = z.input<typeof ProviderSchema>;

const secretRef = secretLike("a secret may not be empty");

/** KV keys are at most 512 bytes, and a route is stored under `route:<path>`. */
export const MAX_ROUTE_PATH = 512 - "route:".length;

const routePath = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_ROUTE_PATH, `may be at most ${MAX_ROUTE_PATH} characters (the KV key limit)`),
  // Requests are matched on URL.pathname, which is always percent-encoded ASCII:
  // a path with spaces or non-ASCII characters could never match.
  z.regex(/^\/[!-~]*$/, "must start with / and be URL-encoded ASCII (no spaces; write /caf%C3%A9, not /café)"),
  z.regex(/^[^?#]*$/, "must contain no query or fragment"),
  z.refine((p) => !RESERVED_PATHS.includes(p) && !p.startsWith(RESERVED_PREFIX), {
    message: `is reserved for hookgate itself (${RESERVED_PATHS.join(", ")}, ${RESERVED_PREFIX}*)`,
  }),
);

const originUrl = z
  .string()
  .check(z.url(), z.refine((u) => /^https?:\/\//i.test(u), { message: "origin must be an http(s) URL" }));

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export const RouteSchema = z.strictObject({
  path: routePath,
  /** A preset name, a provider defined in the rules file / KV, or an inline definition. */
  provider: z.union([z.string().check(z.regex(PROVIDER_NAME, "must be a provider name (a-z, 0-9, - and _)")), ProviderSchema]),
  /** One or more secrets (several during rotation). `env:NAME` reads the Worker secret NAME. */
  secrets: z.array(secretRef).check(z.minLength(1), z.maxLength(10)),
  /** Where verified requests go. Absent: the same URL (the origin behind a DNS-fronted route). */
  origin: z.optional(originUrl),
  methods: z._default(z.array(z.enum(METHODS)).check(z.minLength(1)), ["POST"]),
  /**
   * The URL as the provider sees it and signs it (`https://api.example.com/hooks/twilio`),
   * when the proxy sees another host or path. Used for `{url}` and `{path}` in
   * signed payloads (Twilio, Square, HubSpot v3, Trello, Mandrill); the query
   * string as received is appended. No query or fragment here.
   */
  publicUrl: z.optional(
    z.string().check(
      z.maxLength(2048),
      z.url(),
      z.refine((u) => /^https?:\/\/[^?#]+$/i.test(u), { message: "publicUrl must be an http(s) URL without query or fragment" }),
    ),
  ),
  /** Overrides the provider's timestamp tolerance (seconds). */
  tolerance: z.optional(integer(1, 7 * 24 * 3600)),
  /** Event-id dedup (default: on, in KV, when an id is known); `false` turns it off. */
  dedup: z.optional(DedupSchema),
  /** Overrides the provider's `expiresAt`. */
  expiresAt: z.optional(ExpiresAtSchema),
  /** More required values, on top of the provider's. */
  require: z.optional(z.array(RequiredValueSchema).check(z.maxLength(10))),
  /**
   * Keys for the provider's `token` / `jwt` when they differ from the signature
   * `secrets` (a provider with both). Default: `secrets`. Any one matches.
   */
  /**
   * Named values the provider's signed payload uses as `{value:name}` (TikTok Shop's app key): per route, from the
   * rules, never from the request. Not secrets.
   */
  values: z.optional(z.record(z.string().check(z.regex(VALUE_NAME)), text(1, 500))),
  tokenSecrets: z.optional(z.array(secretRef).check(z.minLength(1), z.maxLength(10))),
  /** Keys for the provider's `jwt` when they differ from the pre-shared key's (a provider with both). Default: `tokenSecrets`. */
  jwtSecrets: z.optional(z.array(secretRef).check(z.minLength(1), z.maxLength(10))),
  maxBodyBytes: z._default(
    integer(1, MAX_BODY_BYTES_CAP, undefined, `at most ${MAX_BODY_BYTES_CAP} (24 MiB): a Worker has 128 MB and holds a body up to 4 times (docs/security.md#memory)`),
    DEFAULT_MAX_BODY_BYTES,
  ),
  /**
   * How long hookgate waits for the origin (ms). Default: inline (direct/auto) the provider's deadline
   * minus delivery.safetyMarginMs, so hookgate answers before the provider gives up; queued, 10 s.
   */
  originTimeoutMs: z.optional(integer(100, 60_000)),
  /**
   * Source-IP allow list (client address from CF-Connecting-IP only). Replaces
   * the provider's `sourceIps` entirely; `{ ips: ["0.0.0.0/0", "::/0"] }`
   * turns the check off for a provider that has a default.
   */
  allow: z.optional(AllowSchema),
  description: z.optional(upTo(500)),
  /**
   * true (default): a request that fails an authenticity check is rejected.
   * false (report-only): authenticity checks (signature, signed timestamp) still
   * run and are logged with their reason, but the request is forwarded anyway
   * with `hookgate-verified: false` and `hookgate-unverified-reason: <code>`
   * (verified ones carry `hookgate-verified: true`). Everything that is not
   * about authenticity stays enforced: unknown route 404, method 405, body too
   * large 413, unreadable body 400, malformed handshake 400, config error 503.
   */
  enforce: z._default(z.boolean(), true),
  /** How the provider's handshake is handled; absent: hookgate answers it (src/handshake/). */
  handshake: z.optional(RouteHandshakeSchema),
  /** Direct (inline) or queued delivery with retries and dead letters (src/delivery/). */
  delivery: z.prefault(DeliverySchema, {}),
  /** Per-route rate limit at ingress (src/ratelimit/); absent: the provider's documented one, if any; false: none. */
  rateLimit: z.optional(z.union([RateLimitSchema, z.literal(false)])),
});
export type Route = z.infer<typeof RouteSchema>;
export type RouteInput = z.input<typeof RouteSchema>;

export const RulesFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  providers: z._default(z.record(z.string().check(z.regex(PROVIDER_NAME, "provider names use a-z, 0-9, - and _")), ProviderSchema), {}),
  routes: z.array(RouteSchema).check(z.minLength(1, "a rules file needs at least one route")),
});
export type RulesFile = z.infer<typeof RulesFileSchema>;
