/** A real HTTP origin on loopback that records exactly what it received, byte for byte. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

export interface OriginRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Origin {
  url: string;
  port: number;
  received: OriginRequest[];
  /** Decide the response per request (default 200 "ok"). */
  respond: (req: OriginRequest) => { status: number; body?: string; headers?: Record<string, string> } | Promise<{ status: number; body?: string; headers?: Record<string, string> }>;
  close(): Promise<void>;
}

export async function startOrigin(): Promise<Origin> {
  const origin: Origin = {
    url: "",
    port: 0,
    received: [],
    respond: () => ({ status: 200, body: "ok" }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r: OriginRequest = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      origin.received.push(r);
      const answer = await origin.respond(r);
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin.port = (server.address() as { port: number }).port;
  origin.url = `http://127.0.0.1:${origin.port}`;
  server.closeAllConnections?.();
  return origin;
}
