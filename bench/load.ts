/**
 * The load generator, run as its own process (`tsx bench/load.ts '<json>'`)
 * so it does not share an event loop with the origin. Every request is a
 * distinct genuine GitHub delivery (fresh body, fresh X-GitHub-Delivery, real
 * signature), so dedup never turns the load into duplicates. Prints autocannon's
 * figures as one JSON line.
 */
import autocannon from "autocannon";
import { createHmac } from "node:crypto";

export interface LoadArgs {
  url: string;
  secret: string;
  durationSec: number;
  connections: number;
  idPrefix: string;
}

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const args = JSON.parse(process.argv[2]!) as LoadArgs;
let n = 0;
const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.durationSec,
  method: "POST",
  requests: [
    {
      setupRequest(req: Record<string, unknown>) {
        n += 1;
        const id = `${args.idPrefix}-${n}`;
        const body = JSON.stringify({ action: "bench", delivery: id, payload: "x".repeat(900) });
        return {
          ...req,
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "x-github-event": "push",
            "x-github-delivery": id,
            "x-hub-signature-256": `sha256=${createHmac("sha256", args.secret).update(body).digest("hex")}`,
          },
        };
      },
    },
  ],
});
const out: LoadResult = {
  requestsPerSec: result.requests.average,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  total: result.requests.total,
  ok2xx: result["2xx"],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
};
console.log(JSON.stringify(out));
