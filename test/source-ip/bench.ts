/** Micro-benchmark of the source-IP matcher (not a test): `npx tsx test/source-ip/bench.ts`. */
import { clientForms, inAnyRange, parseAddress, type Range } from "../../src/source-ip/address.ts";
import { compileAllow, type CompiledAllowResult } from "../../src/source-ip/compile.ts";
import { RouteSchema } from "../../src/rules/schema.ts";
const ips = Array.from({ length: 200 }, (_, i) => (i % 2 ? `10.${i}.0.0/16` : `2001:db8:${i.toString(16)}::/48`));
const rangesOf = (r: CompiledAllowResult | undefined): readonly Range[] => (r?.ok && r.value ? r.value.ranges : []);
const time = (n: number, f: () => void) => { for (let i = 0; i < Math.min(n, 200); i++) f(); const t = performance.now(); for (let i = 0; i < n; i++) f(); return ((performance.now() - t) / n) * 1000; };
let c: ReturnType<typeof compileAllow> | undefined;
const compileUs = time(2000, () => { c = compileAllow({ ips }, undefined); });
const schemaUs = time(500, () => RouteSchema.parse({ path: "/h", provider: "github", secrets: ["s"], allow: { ips } }));
const ranges = rangesOf(c);
const clients = ["203.0.113.7", "2001:db9::1", "::ffff:10.199.3.4", "10.1.2.3"];
let i = 0;
const matchUs = time(40000, () => { inAnyRange(clientForms(parseAddress(clients[i++ % 4]!)!), ranges); });
const small = rangesOf(compileAllow({ ips: ["52.206.68.0/24", "54.236.0.0/16"] }, undefined));
const smallUs = time(100000, () => { inAnyRange(clientForms(parseAddress(clients[i++ % 4]!)!), small); });
console.log(`200-entry list: compile ${compileUs.toFixed(0)} us, schema-validate route ${schemaUs.toFixed(0)} us, per-request parse+match ${matchUs.toFixed(1)} us; 2-entry list per-request ${smallUs.toFixed(2)} us`);
