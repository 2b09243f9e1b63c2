/**
 * Schemes whose key is fetched at run time (src/verify/key-fetch.ts):
 * - aws-sns: the body is the SNS message; its SigningCertURL names the
 *   certificate, SignatureVersion 1/2 picks SHA1/SHA256withRSA over SNS's
 *   canonical `Key\nValue\n` string; the TopicArn must be one of the route's secrets.
 * - paypal: PAYPAL-CERT-URL, SHA256withRSA over `id|time|webhookId|crc32(body)`.
 * - circle: ECDSA P-256 (DER, base64) of the body; the key by X-Circle-Key-Id.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
 * https://developer.paypal.com/api/rest/webhooks/rest/#link-verifysignature
 * https://developers.circle.com/api-reference/verify-webhook-signatures
 */
import type { RemoteKeySignature } from "../rules/schema.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { decodeBase64, utf8 } from "./encoding.ts";
import { certificateSpki, pemBytes } from "./x509.ts";
import { fetchedKey, keyUrlAllowed, type KeyNet } from "./key-fetch.ts";
import { hostPattern } from "./embedded-secrets.ts";
import { crc32 } from "./crc32.ts";
import { derToRaw } from "./der.ts";
import { jsonObject } from "../handshake/challenge.ts";

type Verified = Result<{ secretIndex: number }>;
const malformed = (detail: string) => fail({ code: "signature_malformed", detail });
const mismatch = (detail: string) => fail({ code: "signature_mismatch", detail });

const RSA = "RSASSA-PKCS1-v1_5";
const certKey = (hash: string) => async (pem: string) => {
  const der = pemBytes(pem, "CERTIFICATE");
  const spki = der && certificateSpki(der);
  return spki && crypto.subtle.importKey("spki", spki, { name: RSA, hash }, false, ["verify"]);
};

const SIGNED_FIELDS: Record<string, string[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};
SIGNED_FIELDS.UnsubscribeConfirmation = SIGNED_FIELDS.SubscriptionConfirmation!;

/** Fetches (or reuses) the key at a request-carried URL, refusing any URL outside `hosts` before fetching. */
async function keyAt(url: string | null | undefined, spec: RemoteKeySignature, net: KeyNet, tag: string, toKey: (t: string) => Promise<CryptoKey | null>) {
  let u: URL | undefined;
  try {
    u = new URL(url ?? "");
  } catch {}
  if (!u || !keyUrlAllowed(u, hostPattern(spec.hosts), net)) return mismatch(`key URL ${String(url).slice(0, 120)} is not https on ${spec.hosts.join(", ")}`);
  return fetchedKey(u.href, tag, net, toKey);
}

async function sns(spec: RemoteKeySignature, secrets: readonly string[], req: Inbound, net: KeyNet): Promise<Verified> {
  const m = jsonObject(req.json());
  const fields = m && typeof m.Type === "string" ? SIGNED_FIELDS[m.Type] : undefined;
  if (!m || !fields) return malformed("the body is not an SNS message of a known Type");
  let text = "";
  for (const k of fields) {
    const v = m[k];
    if (v === undefined && k === "Subject") continue;
    if (typeof v !== "string") return malformed(`SNS field ${k} is missing`);
    text += `${k}\n${v}\n`;
  }
  const hash = m.SignatureVersion === "1" ? "SHA-1" : m.SignatureVersion === "2" ? "SHA-256" : null;
  const sig = typeof m.Signature === "string" ? decodeBase64(m.Signature) : null;
  if (!hash || !sig) return malformed("SignatureVersion is not 1 or 2, or Signature is not base64");
  const secretIndex = secrets.indexOf(m.TopicArn as string);
  if (secretIndex < 0) return mismatch("TopicArn is not one of the route's topics");
  const key = await keyAt(m.SigningCertURL as string, spec, net, hash, certKey(hash));
  if (!key.ok) return key;
  return (await crypto.subtle.verify(RSA, key.value, sig, utf8.encode(text))) ? { ok: true, value: { secretIndex } } : mismatch("SNS signature does not verify");
}

async function paypal(spec: RemoteKeySignature, secrets: readonly string[], req: Inbound, net: KeyNet): Promise<Verified> {
  const h = (n: string) => req.headers.get(`paypal-${n}`);
  const sig = decodeBase64(h("transmission-sig") ?? "");
  if (!sig || h("auth-algo") !== "SHA256withRSA") return malformed("PAYPAL-TRANSMISSION-SIG is not base64, or PAYPAL-AUTH-ALGO is not SHA256withRSA");
  const key = await keyAt(h("cert-url"), spec, net, "SHA-256", certKey("SHA-256"));
  if (!key.ok) return key;
  const crc = crc32(req.body);
  for (let i = 0; i < secrets.length; i++) {
    const message = utf8.encode(`${h("transmission-id")}|${h("transmission-time")}|${secrets[i]}|${crc}`);
    if (await crypto.subtle.verify(RSA, key.value, sig, message)) return { ok: true, value: { secretIndex: i } };
  }
  return mismatch(`PayPal signature matches none of ${secrets.length} webhook id(s)`);
}

async function circle(spec: RemoteKeySignature, secrets: readonly string[], req: Inbound, net: KeyNet): Promise<Verified> {
  const kid = req.headers.get("X-Circle-Key-Id") ?? "";
  const der = decodeBase64(req.headers.get("X-Circle-Signature") ?? "");
  const sig = der && derToRaw(der);
  if (!/^[0-9a-fA-F-]{36}$/.test(kid) || !sig) return malformed("X-Circle-Key-Id is not a UUID, or X-Circle-Signature is not base64 DER ECDSA");
  for (let i = 0; i < secrets.length; i++) {
    if (!keyUrlAllowed(new URL(secrets[i]!), hostPattern(spec.hosts), net))
      return fail({ code: "config_invalid", detail: `the key endpoint is not https on ${spec.hosts.join(", ")}` });
    const key = await keyAt(`${secrets[i]!.replace(/\/?$/, "/")}${kid}`, spec, net, "circle", async (text) => {
      const spki = decodeBase64(String(jsonObject(jsonObject(JSON.parse(text))?.data)?.publicKey));
      return spki && crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    });
    if (!key.ok) return key;
    if (await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key.value, sig, req.body)) return { ok: true, value: { secretIndex: i } };
  }
  return mismatch("Circle signature does not verify");
}

const SCHEMES = { "aws-sns": sns, paypal, circle };

export function verifyRemoteKey(spec: RemoteKeySignature, secrets: readonly string[], req: Inbound, net: KeyNet): Promise<Verified> {
  return SCHEMES[spec.scheme](spec, secrets, req, net);
}
