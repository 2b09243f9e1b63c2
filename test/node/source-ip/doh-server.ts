/**
 * A loopback DNS-over-HTTPS JSON server for end-to-end tests: 127.0.0.1 on a
 * free port, answers from a zone the test changes, and can go down (503 / reset),
 * hang, or answer garbage. Stops itself when the test calls close().
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answer, type Mode, type Zone } from "../../source-ip/doh-stub.ts";

export interface DohServer {
  url: string;
  zone: Zone;
  mode: Mode;
  queries: { name: string; type: string }[];
  close(): Promise<void>;
}

export async function startDohServer(zone: Zone = {}): Promise<DohServer> {
  const hanging = new Set<import("node:http").ServerResponse>();
  const state: DohServer = {
    url: "",
    zone,
    mode: "ok",
    queries: [],
    close: () => new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = url.searchParams.get("name") ?? "";
    const type = url.searchParams.get("type") ?? "";
    state.queries.push({ name, type });
    switch (state.mode) {
      case "down":
        req.socket.destroy();
        return;
      case "hang":
        hanging.add(res);
        return;
      case "garbage":
        res.writeHead(200, { "content-type": "application/dns-json" }).end("<html>not json");
        return;
      case "servfail":
        res.writeHead(200, { "content-type": "application/dns-json" }).end(JSON.stringify({ Status: 2 }));
        return;
      case "http500":
        res.writeHead(500).end("oops");
        return;
      case "ok":
        res.writeHead(200, { "content-type": "application/dns-json" }).end(JSON.stringify(answer(state.zone, name, type)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`;
  return state;
}
