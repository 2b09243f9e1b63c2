/**
 * Attack-corpus cases for issue 12 defects 2 and 7 (abuse, not forgery), run by
 * attack-corpus.e2e.test.ts through wrangler dev:
 *  - rate limit: replays of a captured delivery (answered "duplicate") and
 *    forgeries on a report-only route never use the route's budget, so the
 *    genuine deliveries after them are delivered, not 429;
 *  - memory: a body of the largest allowed size (MAX_BODY_BYTES_CAP) is
 *    delivered byte for byte, forged it is refused, one byte over is 413.
 */
import { createHmac, randomUUID } from "node:crypto";
import { MAX_BODY_BYTES_CAP } from "../../src/rules/schema.ts";
import { sameBytes, type Case, type Outcome, type Plain } from "./helpers/corpus.ts";

const RATE = 3;
const RATE_PATH = "/abuse/rate";
const REPORT_PATH = "/abuse/rate-report";
const MAX_PATH = "/abuse/max-body";

export function abuseRoutes(secret: string, origin: string, local: Record<string, unknown>): Record<string, unknown>[] {
  const gh = { provider: "github", secrets: [secret], origin, ...local };
  return [
    { ...gh, path: RATE_PATH, rateLimit: { requestsPerMinute: RATE } },
    { ...gh, path: REPORT_PATH, enforce: false, rateLimit: { requestsPerMinute: RATE } },
    { ...gh, path: MAX_PATH, maxBodyBytes: MAX_BODY_BYTES_CAP },
  ];
}

/** A GitHub delivery signed with `secret` (a fresh delivery id unless given). */
function github(path: string, body: Buffer, secret: string, id = randomUUID()): Plain & { body: Buffer } {
  const sig = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return { path, headers: { "content-type": "application/json", "x-hub-signature-256": sig, "x-github-delivery": id }, body };
}

export function abuseCases(secret: string, send: (s: Plain) => Promise<Outcome>): Case[] {
  const cases: Case[] = [];
  const genuine = (name: string, s: Plain & { body: Buffer }): Case => ({ name, kind: "genuine", run: async () => ({ ...(await send(s)), check: sameBytes(s.body) }) });
  const json = (o: unknown) => Buffer.from(JSON.stringify(o));

  // Defect 2: replays answered "duplicate" do not use the budget.
  const captured = github(RATE_PATH, json({ n: "captured" }), secret);
  cases.push(genuine("rate limit: genuine delivery (captured by the attacker)", captured));
  for (let i = 0; i < RATE + 2; i++)
    cases.push({ name: `rate limit: captured delivery replayed #${i + 1} (answered duplicate, not 429)`, kind: "hostile", allow: (s) => s === 200, run: () => send(captured) });
  for (let i = 0; i < RATE - 1; i++) cases.push(genuine(`rate limit: genuine delivery #${i + 2} after the replays`, github(RATE_PATH, json({ n: i + 2 }), secret)));

  // Defect 2: forgeries on a report-only route (forwarded marked unverified) do not use the genuine budget.
  for (let i = 0; i < RATE; i++) {
    const forged = github(REPORT_PATH, json({ forged: i }), "attacker-secret");
    cases.push({ name: `rate limit, report-only: forgery #${i + 1} (forwarded marked unverified)`, kind: "unverified", run: () => send(forged) });
  }
  for (let i = 0; i < RATE; i++) cases.push(genuine(`rate limit, report-only: genuine delivery #${i + 1} after the forgeries`, github(REPORT_PATH, json({ g: i }), secret)));

  // Defect 7: the largest allowed body, genuine and forged; one byte more is refused from its Content-Length.
  const big = Buffer.alloc(MAX_BODY_BYTES_CAP, 0x61);
  big.write('{"a":"', 0);
  big.write('"}', MAX_BODY_BYTES_CAP - 2);
  cases.push(genuine(`memory: genuine body of the maximum ${MAX_BODY_BYTES_CAP} bytes`, github(MAX_PATH, big, secret)));
  cases.push({ name: "memory: forged body of the maximum size", kind: "hostile", allow: (s) => s === 401, run: () => send(github(MAX_PATH, big, "attacker-secret")) });
  const over = Buffer.concat([big, Buffer.from(" ")]);
  cases.push({ name: "memory: genuine body one byte over the maximum (413)", kind: "hostile", allow: (s) => s === 413, run: () => send(github(MAX_PATH, over, secret)) });
  return cases;
}
