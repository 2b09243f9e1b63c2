/**
 * Which request headers reach the origin, and which response headers go back.
 * Hop-by-hop headers (RFC 9110 §7.6.1, plus any named in Connection) and every
 * client-sent `hookgate-*` header are dropped: only hookgate sets those.
 */
export const HOOKGATE_PREFIX = "hookgate-";
/** Whether hookgate verified the forwarded request ("true"/"false"), and, when not, the first reason code. */
export const VERIFIED_HEADER = "hookgate-verified";
export const UNVERIFIED_REASON_HEADER = "hookgate-unverified-reason";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

function connectionListed(headers: Headers): Set<string> {
  const listed = new Set<string>();
  for (const token of (headers.get("connection") ?? "").split(",")) {
    const t = token.trim().toLowerCase();
    if (t) listed.add(t);
  }
  return listed;
}

/** Headers for the forwarded request: the provider's, minus hop-by-hop and hookgate's own names. */
export function forwardableRequestHeaders(incoming: Headers): Headers {
  const listed = connectionListed(incoming);
  const out = new Headers();
  for (const [name, value] of incoming) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower) || lower.startsWith(HOOKGATE_PREFIX)) continue;
    out.append(name, value);
  }
  return out;
}

/** Headers of the origin's response passed back to the provider. */
export function returnableResponseHeaders(incoming: Headers): Headers {
  const listed = connectionListed(incoming);
  const out = new Headers();
  for (const [name, value] of incoming) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower) || lower.startsWith(HOOKGATE_PREFIX) || lower === "set-cookie") continue;
    out.append(name, value);
  }
  return out;
}
