/** Signs test payloads with WebCrypto directly (not hookgate's code), for handshake bodies made up in tests. */
const utf8 = new TextEncoder();

export async function hmacSign(secret: string, data: string, encoding: "hex" | "base64" = "hex"): Promise<string> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(data)));
  if (encoding === "base64") return btoa(String.fromCharCode(...mac));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}
