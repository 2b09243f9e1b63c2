/**
 * The allow-list shape, shared by routes (`allow`) and providers
 * (`sourceIps`, the default for routes that set no `allow`). Every IP/CIDR is
 * parsed at validation time, so a rules file with a bad entry is refused when
 * pushed and fails closed (503) when read from KV.
 */
import * as z from "zod/mini";
import "../rules/zod-locale.ts";
import { parseRange } from "./address.ts";

export const MAX_ALLOW_IPS = 200;
export const MAX_ALLOW_HOSTNAMES = 20;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name with at least two labels (`webhooks.leantech.me`), optional trailing dot. */
export function hostnameProblem(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n.length === 0 || n.length > 253) return "must be a DNS name of at most 253 characters";
  const labels = n.split(".");
  if (labels.length < 2) return `"${name.slice(0, 64)}" must be a fully qualified DNS name such as webhooks.example.com`;
  if (!labels.every((l) => LABEL.test(l)))
    return `"${name.slice(0, 64)}" is not a DNS name (labels of a-z, 0-9 and -, not starting or ending with -)`;
  if (/^[0-9]+$/.test(labels.at(-1)!)) return `"${name.slice(0, 64)}" looks like an IP address; put addresses in ips`;
  return undefined;
}

/** Lower-case, no trailing dot: the form resolved, cached and matched. */
export function normalizeHostname(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

const ipEntry = z.string().check(
  z.superRefine((s, ctx) => {
    const parsed = parseRange(s);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
  }),
);

const hostnameEntry = z.string().check(
  z.superRefine((s, ctx) => {
    const problem = hostnameProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
);

export const AllowSchema = z
  .strictObject({
    /** IPv4/IPv6 addresses and CIDR ranges (`52.206.68.0/24`, `2001:db8::/32`). */
    ips: z
      .optional(z.array(ipEntry).check(z.maxLength(MAX_ALLOW_IPS, `at most ${MAX_ALLOW_IPS} ips`)))
      .check(z.describe("IPv4/IPv6 addresses and CIDR ranges, e.g. 203.0.113.7, 52.206.68.0/24, 2001:db8::/32")),
    /** DNS names whose A/AAAA addresses are allowed (resolved over DNS-over-HTTPS, cached by TTL). */
    hostnames: z
      .optional(z.array(hostnameEntry).check(z.maxLength(MAX_ALLOW_HOSTNAMES, `at most ${MAX_ALLOW_HOSTNAMES} hostnames`)))
      .check(z.describe("DNS names whose current A/AAAA addresses are allowed (resolved over DNS-over-HTTPS)")),
  })
  .check(
    z.refine((a) => (a.ips?.length ?? 0) + (a.hostnames?.length ?? 0) > 0, {
      message:
        'an allow list needs at least one entry in ips or hostnames (to accept every source, write ips: ["0.0.0.0/0", "::/0"])',
    }),
    z.describe(
      'Source-IP allow list, matched against CF-Connecting-IP only. On a route it replaces the provider\'s sourceIps; { "ips": ["0.0.0.0/0", "::/0"] } accepts every source.',
    ),
  );
export type Allow = z.infer<typeof AllowSchema>;
