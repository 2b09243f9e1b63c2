/**
 * Sends one HTTP/1.1 request as raw bytes over a TCP socket on loopback, for
 * requests `fetch` and `http.request` refuse to build (TRACE, non-ASCII
 * request targets, duplicated Content-Length, oversized headers). Returns the
 * response status (0 when the peer closed without answering).
 */
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  head: string;
  body: Buffer;
}

export function sendRaw(port: number, request: Buffer | string, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: "127.0.0.1", port });
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      const head = (split >= 0 ? all.subarray(0, split) : all).toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: m ? Number(m[1]) : 0, head, body: split >= 0 ? all.subarray(split + 4) : Buffer.alloc(0) });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", finish);
    socket.write(request);
  });
}

/** Builds a raw request with `Connection: close`; `target` is written exactly as given (bytes). */
export function rawRequest(method: string, target: Buffer | string, headers: [string, string][], body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.concat([
    Buffer.from(`${method} `, "latin1"),
    Buffer.isBuffer(target) ? target : Buffer.from(target, "latin1"),
    Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`, "latin1"),
  ]);
  return Buffer.concat([head, body]);
}
