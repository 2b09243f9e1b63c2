/**
 * Signs requests for the RSA / X.509 / JWS / ECDSA / Adyen schemes with the
 * TEST-ONLY keys in test/fixtures/keyed-keys.ts, per the providers' docs. WebCrypto
 * only, so the same code runs in workerd (unit tests) and Node (e2e, CLI).
 */
import { EC, RSA } from "../fixtures/keyed-keys.ts";

/** Presets whose genuine and forged requests are in test/verify/keyed.test.ts (signed here, keys served by the test). */
export const KEYED_PRESETS = ["alipay", "aws-sns", "paypal", "circle", "fireblocks", "fireblocks-v1", "bridge", "utila", "wix", "fusionauth", "adyen"];

const enc = new TextEncoder();
const b64 = (b: Uint8Array | ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b)));
const b64url = (b: Uint8Array | ArrayBuffer) => b64(b).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const bytes = (d: string | Uint8Array) => (typeof d === "string" ? enc.encode(d) : d);

export function pemDer(pem: string): Uint8Array {
  const body = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

export async function rsaSign(hash: "SHA-1" | "SHA-256" | "SHA-512", data: string | Uint8Array, pem = RSA.key): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("pkcs8", pemDer(pem), { name: "RSASSA-PKCS1-v1_5", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, bytes(data)));
}

/** ECDSA P-256/SHA-256, as ASN.1 DER (what Circle sends). */
export async function ecSignDer(data: string | Uint8Array, pem = EC.key): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("pkcs8", pemDer(pem), { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, bytes(data)));
  const int = (x: Uint8Array) => {
    let i = 0;
    while (i < x.length - 1 && x[i] === 0) i++;
    const v = x.subarray(i);
    return v[0]! & 0x80 ? [0x02, v.length + 1, 0, ...v] : [0x02, v.length, ...v];
  };
  const seq = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
  return new Uint8Array([0x30, seq.length, ...seq]);
}

export const SNS_TOPIC = "arn:aws:sns:us-east-1:123456789012:hookgate-test";

/** An SNS message (Notification or SubscriptionConfirmation), signed per SignatureVersion 1 (SHA1) or 2 (SHA256). */
export async function snsMessage(o: {
  type?: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  version?: "1" | "2";
  certUrl: string;
  topic?: string;
  message?: string;
  subject?: string;
  subscribeUrl?: string;
  timestamp: string;
  id?: string;
  key?: string;
}): Promise<Record<string, string>> {
  const m: Record<string, string> = {
    Type: o.type ?? "Notification",
    MessageId: o.id ?? crypto.randomUUID(),
    TopicArn: o.topic ?? SNS_TOPIC,
    Message: o.message ?? '{"order":42}',
    Timestamp: o.timestamp,
    SignatureVersion: o.version ?? "2",
    SigningCertURL: o.certUrl,
  };
  if (o.subject !== undefined) m.Subject = o.subject;
  if (m.Type !== "Notification") {
    m.Token = "2336412f37fb687f5d51e6e2425dacbba8b7a6e4";
    m.SubscribeURL = o.subscribeUrl ?? `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${m.TopicArn}&Token=${m.Token}`;
  }
  const fields = m.Type === "Notification" ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const text = fields.filter((k) => m[k] !== undefined).map((k) => `${k}\n${m[k]}\n`).join("");
  m.Signature = b64(await rsaSign(m.SignatureVersion === "1" ? "SHA-1" : "SHA-256", text, o.key));
  return m;
}

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export const PAYPAL_WEBHOOK_ID = "1JE4291016473214C";

/** PayPal's headers for `body`: SHA256withRSA over transmissionId|time|webhookId|crc32(body). */
export async function paypalHeaders(body: string, certUrl: string, o: { webhookId?: string; time?: string; key?: string } = {}): Promise<Record<string, string>> {
  const id = crypto.randomUUID();
  const time = o.time ?? "2025-11-24T16:00:00Z";
  const sig = await rsaSign("SHA-256", `${id}|${time}|${o.webhookId ?? PAYPAL_WEBHOOK_ID}|${crc32(enc.encode(body))}`, o.key);
  return {
    "content-type": "application/json",
    "PAYPAL-TRANSMISSION-ID": id,
    "PAYPAL-TRANSMISSION-TIME": time,
    "PAYPAL-TRANSMISSION-SIG": b64(sig),
    "PAYPAL-CERT-URL": certUrl,
    "PAYPAL-AUTH-ALGO": "SHA256withRSA",
  };
}

/** A compact JWS; `detached` leaves the payload segment empty (Fireblocks v2). */
export async function jws(alg: "RS256" | "RS512" | "ES256" | "HS256", header: Record<string, unknown>, payload: string | Uint8Array, o: { key?: string; detached?: boolean } = {}): Promise<string> {
  const h = b64url(enc.encode(JSON.stringify({ alg, ...header })));
  const p = b64url(bytes(payload));
  const input = enc.encode(`${h}.${p}`);
  let sig: Uint8Array;
  if (alg === "HS256") {
    const k = await crypto.subtle.importKey("raw", enc.encode(o.key ?? ""), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, input));
  } else if (alg === "ES256") {
    const k = await crypto.subtle.importKey("pkcs8", pemDer(o.key ?? EC.key), { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
    sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, k, input));
  } else sig = await rsaSign(alg === "RS256" ? "SHA-256" : "SHA-512", input, o.key);
  return `${h}.${o.detached ? "" : p}.${b64url(sig)}`;
}

/** A JWKS holding the test RSA public key under `kid`. */
export async function jwks(kid: string, pub = RSA.pub): Promise<string> {
  const key = await crypto.subtle.importKey("spki", pemDer(pub), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, true, ["verify"]);
  const { kty, n, e } = (await crypto.subtle.exportKey("jwk", key)) as { kty: string; n: string; e: string };
  return JSON.stringify({ keys: [{ kty, kid, use: "sig", alg: "RS512", n, e }] });
}

export async function sha256B64(data: string | Uint8Array): Promise<string> {
  return b64(await crypto.subtle.digest("SHA-256", bytes(data)));
}

export const ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

/** An Adyen notification item with its hmacSignature (HMAC-SHA256, hex key, over the colon-joined fields). */
export async function adyenItem(fields: { pspReference: string; originalReference?: string; merchantAccountCode: string; merchantReference: string; value: number; currency: string; eventCode: string; success: string }, key = ADYEN_KEY) {
  const data = [fields.pspReference, fields.originalReference ?? "", fields.merchantAccountCode, fields.merchantReference, fields.value, fields.currency, fields.eventCode, fields.success].join(":");
  const k = await crypto.subtle.importKey("raw", Uint8Array.from(key.match(/../g)!, (h) => parseInt(h, 16)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = b64(await crypto.subtle.sign("HMAC", k, enc.encode(data)));
  const { value, currency, ...rest } = fields;
  return { NotificationRequestItem: { ...rest, amount: { value, currency }, additionalData: { hmacSignature: sig }, eventDate: "2025-11-24T16:00:00+01:00", paymentMethod: "visa" } };
}
