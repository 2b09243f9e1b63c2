/**
 * Rules are read from KV, where anything may have been written: the schema,
 * the whole-file validator and the route compiler must turn any JSON into
 * either a parsed value or errors, and never throw.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ProviderSchema, RouteSchema, RulesFileSchema } from "../../src/rules/schema.ts";
import { validateRulesFile } from "../../src/rules/validate.ts";
import { compileRoute } from "../../src/rules/resolve.ts";
import { presets } from "../../src/rules/presets/index.ts";

const RUNS = { numRuns: 300 };

/** JSON that is often close to a real rules file, so the deeper checks run too. */
const field = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const nearSource = fc.oneof(
  fc.record({ header: fc.constantFrom("X-Ts", "bad header", "") }),
  fc.record({ json: fc.constantFrom("id", "a.b", "") }),
  fc.record({ query: fc.constantFrom("t", "") }),
  fc.record({ signatureField: fc.constantFrom("t", "") }),
  fc.jsonValue(),
);
const nearProvider = fc.record(
  {
    signature: fc.oneof(
      fc.record(
        {
          type: fc.constantFrom("hmac", "ed25519", "x"),
          header: fc.constantFrom("X-Sig", "Bad Header", ""),
          algorithm: fc.constantFrom("sha1", "sha256", "sha512", "md5"),
          encoding: fc.constantFrom("hex", "base64", "base64url", "utf8"),
          format: field(fc.oneof(fc.record({ type: fc.constantFrom("plain", "list", "pairs"), prefix: field(fc.string()), key: field(fc.string()) }), fc.jsonValue())),
          payload: field(fc.constantFrom("{body}", "{timestamp}.{body}", "{id}.{timestamp}.{body}", "{header:X-A}{body}", "{header}{body}", "{nope}", "")),
          secretEncoding: field(fc.constantFrom("utf8", "base64", "whsec", "hex")),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    timestamp: field(fc.record({ from: nearSource, format: field(fc.constantFrom("unix", "unix-ms", "iso8601", "auto", "x")), tolerance: field(fc.oneof(fc.integer(), fc.double())) }, { requiredKeys: [] })),
    id: field(nearSource),
    extra: field(fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const nearRoute = fc.record(
  {
    path: fc.oneof(fc.constantFrom("/hooks/a", "/healthz", "/__hookgate/x", "no-slash", "/a b", "/%ff", "/é"), fc.string()),
    provider: fc.oneof(fc.constantFrom(...Object.keys(presets), "custom", "missing", "Bad Name"), nearProvider, fc.jsonValue()),
    secrets: fc.oneof(fc.array(fc.constantFrom("s", "env:GOOD", "env:bad-name", "env:", "", "whsec_!!", "whsec_c2VjcmV0"), { maxLength: 12 }), fc.jsonValue()),
    origin: field(fc.constantFrom("https://origin.example", "ftp://x", "not a url", "http://127.0.0.1:1/x?y")),
    methods: field(fc.array(fc.constantFrom("POST", "GET", "TRACE", "post"), { maxLength: 3 })),
    tolerance: field(fc.oneof(fc.integer({ min: -5, max: 10 ** 7 }), fc.double())),
    maxBodyBytes: field(fc.oneof(fc.integer({ min: -5, max: 10 ** 9 }), fc.double())),
    originTimeoutMs: field(fc.integer({ min: -5, max: 10 ** 6 })),
  },
  { requiredKeys: [] },
);
const anything = fc.oneof(fc.jsonValue(), fc.anything(), nearRoute, nearProvider);

describe("rules parsing never throws", () => {
  it("RouteSchema, ProviderSchema and RulesFileSchema safeParse any value", () => {
    fc.assert(
      fc.property(anything, (v) => {
        for (const schema of [RouteSchema, ProviderSchema, RulesFileSchema]) {
          const r = schema.safeParse(v);
          expect(typeof r.success).toBe("boolean");
        }
      }),
      RUNS,
    );
  });
  it("validateRulesFile returns errors (never throws) for any file", () => {
    const file = fc.oneof(
      anything,
      fc.record({ routes: fc.array(nearRoute, { maxLength: 4 }), providers: field(fc.dictionary(fc.constantFrom("custom", "github", "Bad"), nearProvider)) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(file, (v) => {
        const r = validateRulesFile(v);
        expect(typeof r.ok).toBe("boolean");
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) expect(typeof e).toBe("string");
      }),
      RUNS,
    );
  });
  it("compileRoute fails closed with a detail (never throws) for any stored route and provider", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anything, nearRoute), fc.oneof(fc.constant(null), nearProvider, fc.jsonValue()), async (raw, stored) => {
        const r = await compileRoute("route:/x", raw, { loadProvider: async () => stored, env: { GOOD: "secret-value" } });
        if (!r.ok) expect(r.detail.length).toBeGreaterThan(0);
        else expect(r.compiled.secrets.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
