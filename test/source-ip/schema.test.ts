/** The allow-list fields of the rules schema: per-entry messages, presets' published sources. */
import { describe, expect, it } from "vitest";
import { ProviderSchema, RouteSchema, RulesFileSchema } from "../../src/rules/schema.ts";
import { formatIssues } from "../../src/rules/issues.ts";
import { presets } from "../../src/rules/presets/index.ts";

const route = (allow: unknown) => ({ path: "/h", provider: "github", secrets: ["s"], allow });

function problems(raw: unknown): string[] {
  const r = RouteSchema.safeParse(raw);
  return r.success ? [] : formatIssues(r.error, "route:/h");
}

describe("route allow", () => {
  it("accepts addresses, CIDRs (v4 and v6) and hostnames", () => {
    expect(
      problems(route({ ips: ["203.0.113.7", "52.206.68.0/24", "2001:db8::/32", "::ffff:1.2.3.4"], hostnames: ["webhooks.leantech.me", "Hooks.Example.COM."] })),
    ).toEqual([]);
  });

  it("names the field and the bad entry", () => {
    const p = problems(route({ ips: ["203.0.113.7", "52.206.68.5/24", "300.1.1.1", "010.0.0.1"], hostnames: ["ok.example.com", "bad_name.example.com", "localhost", "-x.example.com"] }));
    expect(p).toEqual([
      expect.stringMatching(/^route:\/h: allow\.ips\[1\]: "52\.206\.68\.5\/24" has bits set after the \/24 prefix; write 52\.206\.68\.0\/24$/),
      expect.stringMatching(/^route:\/h: allow\.ips\[2\]: "300\.1\.1\.1" is not an IP address or CIDR range/),
      expect.stringMatching(/^route:\/h: allow\.ips\[3\]: "010\.0\.0\.1" is not an IP address/),
      expect.stringMatching(/^route:\/h: allow\.hostnames\[1\]: "bad_name\.example\.com" is not a DNS name/),
      expect.stringMatching(/^route:\/h: allow\.hostnames\[2\]: "localhost" must be a fully qualified DNS name/),
      expect.stringMatching(/^route:\/h: allow\.hostnames\[3\]: "-x\.example\.com" is not a DNS name/),
    ]);
  });

  it("refuses an empty allow list, saying how to accept every source", () => {
    for (const empty of [{}, { ips: [] }, { ips: [], hostnames: [] }])
      expect(problems(route(empty))).toEqual([expect.stringContaining('ips: ["0.0.0.0/0", "::/0"]')]);
  });

  it("refuses unknown keys and non-string entries", () => {
    expect(problems(route({ ips: ["1.2.3.4"], cidrs: ["1.2.3.0/24"] }))).toHaveLength(1);
    expect(problems(route({ ips: [1234] }))).toHaveLength(1);
    expect(problems(route({ hostnames: "a.example.com" }))).toHaveLength(1);
  });

  it("a hostname that is an address belongs in ips", () => {
    expect(problems(route({ hostnames: ["1.2.3.4"] }))).toEqual([expect.stringContaining("put addresses in ips")]);
  });
});

describe("provider sourceIps", () => {
  it("is validated like allow, in custom providers too", () => {
    const p = ProviderSchema.safeParse({ ...presets.github, sourceIps: { ips: ["1.2.3.4/40"] } });
    expect(p.success).toBe(false);
    const file = RulesFileSchema.safeParse({
      providers: { acme: { ...presets.github, sourceIps: { hostnames: ["hooks.acme.example"] } } },
      routes: [{ path: "/a", provider: "acme", secrets: ["s"] }],
    });
    expect(file.success).toBe(true);
  });

  it("the presets that publish their sources carry them", () => {
    // Lean production and sandbox are separate presets: a production route never accepts the sandbox.
    expect(ProviderSchema.parse(presets.lean).sourceIps).toEqual({ ips: ["193.123.78.188"], hostnames: ["webhooks.leantech.me"] });
    expect(ProviderSchema.parse(presets["lean-sandbox"]).sourceIps).toEqual({ ips: ["193.123.89.181"], hostnames: ["webhooks.sandbox.leantech.me"] });
    expect(ProviderSchema.parse(presets.scalekit).sourceIps).toEqual({ ips: ["52.206.68.0/24", "54.236.0.0/16"] });
    expect(ProviderSchema.parse(presets.loopwise).sourceIps).toEqual({ ips: ["52.194.91.27"] });
    expect(ProviderSchema.parse(presets.github).sourceIps).toBeUndefined();
  });
});
