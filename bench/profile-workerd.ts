/**
 * A CPU profile of one bench op inside workerd: starts the bench Worker
 * (bench/verify-worker.ts) under `wrangler dev`, connects to its V8 inspector
 * (CDP over WebSocket), profiles `rounds` requests each running the op `n`
 * times, and prints self time by function and by file.
 *
 *   npx tsx bench/profile-workerd.ts --size 1024 --scheme github --impl "pipeline, dedup: false, delivery direct" [--n 2000] [--rounds 5]
 */
import { join } from "node:path";
import WebSocket from "ws";
import { ROOT } from "../cli/wrangler.ts";
import { startDev } from "./dev.ts";

const arg = (name: string, d: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : d);
const size = Number(arg("size", "1024"));
const schemeStart = arg("scheme", "github");
const impl = arg("impl", "pipeline, dedup: false, delivery direct");
const n = Number(arg("n", "2000"));
const rounds = Number(arg("rounds", "5"));
const top = Number(arg("top", "40"));

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const dev = await startDev({ config: join(ROOT, "bench/verify.wrangler.toml"), readyPath: "/healthz" });
try {
  const schemes = (await (await fetch(`${dev.url}/cases?size=${size}`)).json()) as { scheme: string; impls: string[] }[];
  const scheme = schemes.find((s) => s.scheme.startsWith(schemeStart))!.scheme;
  const run = async (k: number) => {
    const r = await fetch(`${dev.url}/run?size=${size}&scheme=${encodeURIComponent(scheme)}&impl=${encodeURIComponent(impl)}&n=${k}`);
    if (!r.ok) throw new Error(await r.text());
    await r.text();
  };
  await run(1);
  await run(n); // warm up (JIT)
  const targets = (await (await fetch(`http://127.0.0.1:${dev.inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string; title?: string }[];
  const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((r, j) => (ws.once("open", r), ws.once("error", j)));
  let id = 0;
  const pending = new Map<number, (v: any) => void>();
  ws.on("message", (d: unknown) => {
    const m = JSON.parse(String(d));
    if (m.id && pending.has(m.id)) pending.get(m.id)!(m.result ?? m.error);
  });
  const send = (method: string, params: object = {}) => new Promise<any>((r) => (pending.set(++id, r), ws.send(JSON.stringify({ id, method, params }))));
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await run(n);
  const wall = performance.now() - t0;
  const { profile } = (await send("Profiler.stop")) as { profile: Profile };
  ws.close();

  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<number, number>();
  profile.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const [nid, us] of self) {
    const c = byId.get(nid)!.callFrame;
    const f = c.url.replace(/^.*\/(src|bench|node_modules)\//, "$1/");
    const k = `${c.functionName || "(anon)"} ${f}:${c.lineNumber + 1}`;
    fn.set(k, (fn.get(k) ?? 0) + us);
    file.set(f || "(native/none)", (file.get(f || "(native/none)") ?? 0) + us);
  }
  const ops = rounds * n;
  const show = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / ops).toFixed(2).padStart(7)} µs/op  ${name}`).join("\n");
  console.log(`${impl} · ${scheme} · ${size} B · ${ops} ops · wall ${((wall * 1000) / ops).toFixed(1)} µs/op · sampled ${(total / ops).toFixed(1)} µs/op`);
  console.log(`\n## self time by function\n${show(fn, top)}`);
  console.log(`\n## self time by file\n${show(file, 25)}`);
} finally {
  await dev.stop();
}
