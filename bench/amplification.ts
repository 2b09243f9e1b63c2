/**
 * CPU amplification (issue 12, defect 6), end to end through `wrangler dev`:
 * a 1 MiB body on a route with the most secrets (10), side by side in one run:
 *
 *   genuine   a request signed under the route's first secret (forwarded, 200)
 *   genuine*  signed under its LAST secret: every secret is tried (forwarded, 200)
 *   worst     the most candidate signatures (8), none genuine: 401
 *
 * Requests are sent one at a time, the cases interleaved (A, B, C, A, B, C, …)
 * so background load hits each alike; median wall time per case. Prints the
 * worst ÷ genuine ratios (the target: ≤ 2×).
 *
 *   npx tsx bench/amplification.ts [rounds=40]
 */
import { createServer } from "node:http";
import { createHmac } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pushCommand } from "../cli/rules.ts";
import { startDev } from "./dev.ts";
import { median } from "./stats.ts";

const ORIGIN_SECRET = "whsec_YmVuY2gtb3JpZ2luLXNlY3JldC0zMi1ieXRlcy1sb25n";
const MIB = 1024 * 1024;
const SECRETS = Array.from({ length: 10 }, (_, i) => `amplification-secret-${i}`);
const MAX_SIGNATURES = 8;
const rounds = Number(process.argv[2] ?? 40);

const body = Buffer.alloc(MIB, "a");
const sig = (secret: string) => createHmac("sha256", secret).update(body).digest("hex");
const cases = {
  genuine: sig(SECRETS[0]!),
  "genuine (last secret)": sig(SECRETS.at(-1)!),
  "worst (8 forged × 10 secrets)": Array.from({ length: MAX_SIGNATURES }, (_, i) => sig(`forged-${i}`)).join(","),
};

const origin = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.end("ok"));
});
await new Promise<void>((r) => origin.listen(0, "127.0.0.1", r));
const originUrl = `http://127.0.0.1:${(origin.address() as { port: number }).port}`;

const dir = await mkdtemp(join(tmpdir(), "hookgate-amplification-"));
const rulesFile = join(dir, "rules.json");
await writeFile(
  rulesFile,
  JSON.stringify({
    providers: {
      many: { signature: { type: "hmac", header: "X-Sig", algorithm: "sha256", encoding: "hex", format: { type: "list", separator: ",", prefix: "" } } },
    },
    routes: [{ path: "/hooks/many", provider: "many", secrets: SECRETS, origin: originUrl, dedup: false, maxBodyBytes: 2 * MIB }],
  }),
);
if ((await pushCommand(rulesFile, { binding: "RULES", local: true, persistTo: dir })) !== 0) throw new Error("rules push failed");
const dev = await startDev({ persistTo: dir, vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, RULES_CACHE_SECONDS: "600", LOG_REQUESTS: "problems" }, readyPath: "/healthz" });

try {
  const send = async (header: string, want: number): Promise<number> => {
    const start = performance.now();
    const res = await fetch(`${dev.url}/hooks/many`, { method: "POST", body, headers: { "X-Sig": header, "content-type": "application/octet-stream" } });
    await res.arrayBuffer();
    if (res.status !== want) throw new Error(`expected ${want}, got ${res.status}`);
    return performance.now() - start;
  };
  const want = (name: string) => (name.startsWith("worst") ? 401 : 200);
  for (let i = 0; i < 5; i++) for (const [name, h] of Object.entries(cases)) await send(h, want(name));
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) for (const [name, h] of Object.entries(cases)) samples[name]!.push(await send(h, want(name)));

  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  console.log(`1 MiB body, 10 secrets, ${rounds} requests per case, interleaved, through wrangler dev (median wall time):`);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(32)} ${v.toFixed(1)} ms`);
  const worst = m["worst (8 forged × 10 secrets)"]!;
  console.log(`  worst ÷ genuine               ${(worst / m.genuine!).toFixed(2)}×`);
  console.log(`  worst ÷ genuine (last secret) ${(worst / m["genuine (last secret)"]!).toFixed(2)}×`);
} finally {
  await dev.stop();
  origin.close();
  origin.closeAllConnections();
  await rm(dir, { recursive: true, force: true });
}
