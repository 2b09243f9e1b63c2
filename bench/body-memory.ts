/**
 * Peak memory of the Worker for one large body, inside workerd (`wrangler dev`):
 * for each size, a fresh wrangler dev, one small warm-up delivery, then one
 * signed GitHub delivery of SIZE bytes forwarded to a local origin. Reported:
 * the workerd process's peak RSS (VmHWM) over the large request minus the
 * peak after the warm-up. A Worker isolate may use 128 MB.
 *
 *   npx tsx bench/body-memory.ts 8 16 32          # sizes in MiB (default: 16 32)
 *   CHUNKED=1 npx tsx bench/body-memory.ts 32     # no Content-Length (Transfer-Encoding: chunked)
 */
import { createServer } from "node:http";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pushCommand } from "../cli/rules.ts";
import { startDev } from "./dev.ts";

const MIB = 1024 * 1024;
const SECRET = "bench-memory-secret";
const ORIGIN_SECRET = "whsec_YmVuY2gtb3JpZ2luLXNlY3JldC0zMi1ieXRlcy1sb25n";

/** Peak and current RSS (KiB) of the workerd processes in a process group. */
async function workerdMemory(pgid: number): Promise<{ hwm: number; rss: number }> {
  let hwm = 0;
  let rss = 0;
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid || !stat.includes("(workerd)")) continue;
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      hwm += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return { hwm, rss };
}

async function deliver(url: string, body: Uint8Array, chunked: boolean): Promise<number> {
  const sig = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  const headers = { "content-type": "application/json", "x-hub-signature-256": sig, "x-github-delivery": randomUUID() };
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (let o = 0; o < body.length; o += 64 * 1024) c.enqueue(body.subarray(o, o + 64 * 1024));
        c.close();
      },
    });
  const res = await fetch(`${url}/hooks/mem`, chunked ? { method: "POST", headers, body: stream(), duplex: "half" } as RequestInit : { method: "POST", headers, body });
  await res.arrayBuffer();
  return res.status;
}

async function measure(sizeMiB: number, chunked: boolean, originUrl: string) {
  const dir = await mkdtemp(join(tmpdir(), "hookgate-mem-"));
  try {
    const rules = join(dir, "rules.json");
    const route = { path: "/hooks/mem", provider: "github", secrets: [SECRET], origin: originUrl, dedup: false, maxBodyBytes: Math.max(sizeMiB * MIB, 1024) };
    await writeFile(rules, JSON.stringify({ routes: [route] }));
    if ((await pushCommand(rules, { binding: "RULES", local: true, persistTo: dir })) !== 0) throw new Error("rules push failed");
    const dev = await startDev({ persistTo: dir, vars: { HOOKGATE_ORIGIN_SECRET: ORIGIN_SECRET, RULES_CACHE_SECONDS: "0" }, readyPath: "/healthz" });
    try {
      if (!dev.pgid) throw new Error("no process group");
      const warm = await deliver(dev.url, new TextEncoder().encode('{"warm":true}'), chunked);
      const before = await workerdMemory(dev.pgid);
      const body = new Uint8Array(sizeMiB * MIB).fill(0x61);
      const status = await deliver(dev.url, body, chunked);
      const after = await workerdMemory(dev.pgid);
      return { sizeMiB, chunked, warm, status, baselineMiB: before.hwm / 1024, peakMiB: after.hwm / 1024, deltaMiB: (after.hwm - before.hwm) / 1024 };
    } finally {
      await dev.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const chunked = process.env.CHUNKED === "1";
const origin = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.end("ok"));
});
await new Promise<void>((r) => origin.listen(0, "127.0.0.1", r));
const addr = origin.address();
const originUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
try {
  for (const size of sizes.length ? sizes : [16, 32]) {
    const r = await measure(size, chunked, originUrl);
    console.log(
      `${r.sizeMiB} MiB ${r.chunked ? "chunked" : "content-length"}: status ${r.status} (warm-up ${r.warm}); workerd peak RSS ${r.baselineMiB.toFixed(1)} → ${r.peakMiB.toFixed(1)} MiB, +${r.deltaMiB.toFixed(1)} MiB = ${(r.deltaMiB / r.sizeMiB).toFixed(2)} × body`,
    );
  }
} finally {
  origin.close();
}
