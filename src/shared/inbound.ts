/**
 * The request as the checks see it: read once, never re-serialised. The JSON
 * view of the body is parsed lazily, at most once, and only for reading values
 * (ids, timestamps); verification always uses `body`, the raw bytes.
 */
export interface Inbound {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array;
  /** Parsed JSON body, or undefined when the body is not JSON. Parses the whole body: prefer `field`. */
  json(): unknown;
  /** The JSON value at a dotted path in the body (JSON.parse's answer), found without parsing the rest. */
  field(path: string): unknown;
}

export { jsonPath } from "./json-path.ts";
import { jsonField } from "./json-scan.ts";

export function makeInbound(request: Request, url: URL, body: Uint8Array): Inbound {
  let parsed: { value: unknown } | undefined;
  return {
    method: request.method,
    url,
    headers: request.headers,
    body,
    json() {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body)) };
        } catch {
          parsed = { value: undefined };
        }
      }
      return parsed.value;
    },
    field: (path) => jsonField(body, path),
  };
}
