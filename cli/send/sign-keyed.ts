/**
 * `hookgate send` signers for the RSA, JWS and Adyen schemes (node:crypto,
 * independent of the Worker). The fetched-key schemes (aws-sns, paypal,
 * circle) sign with the provider's own certificate: only tests can produce
 * those (test/helpers/keyed-sign.ts, with test-only keys served locally).
 */
import { constants, createHash, createHmac, createPrivateKey, sign as asymmetricSign, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { JwsSignature, RsaSignature } from "../../src/rules/schema.ts";
import { SendError, formatSignatureHeader, renderPayload, signatureFields, type SignContext } from "./sign.ts";

function pemKey(secret: string): KeyObject | null {
  let text = secret.trim();
  if (!text.startsWith("-----BEGIN") && existsSync(text)) text = readFileSync(text, "utf8").trim();
  try {
    return text.startsWith("-----BEGIN") ? createPrivateKey(text) : null;
  } catch {
    return null;
  }
}

export function signRsa(spec: RsaSignature, ctx: SignContext): void {
  const key = pemKey(ctx.secret);
  if (key?.asymmetricKeyType !== "rsa") throw new SendError("--secret must be the RSA PRIVATE key (PEM or a PEM file); the route holds the public key");
  const fields = signatureFields(ctx.provider, ctx.req, ctx.fields);
  const payload = renderPayload(spec.payload, ctx.req, fields, ctx.values, spec);
  // prehash: the provider signs the payload's SHA-256 digest (Bridge); pss: salt as long as the digest (Utila).
  const data = spec.prehash ? createHash("sha256").update(payload).digest() : payload;
  const sig = asymmetricSign(spec.algorithm, data, spec.padding === "pss" ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key);
  const value = formatSignatureHeader(spec.format, sig.toString(spec.encoding), fields);
  const req = ctx.req;
  if (spec.header) req.headers.set(spec.header, value);
  else if (spec.from && "query" in spec.from) req.url.searchParams.set(spec.from.query, value);
  else if (spec.from && "form" in spec.from) {
    // The signature is one more form parameter (Alipay's sign), which the payload leaves out (formExclude).
    const text = req.body.toString("utf8");
    if (new URLSearchParams(text).has(spec.from.form)) throw new SendError(`the body already has a ${spec.from.form} parameter: send adds the signature there; remove it from --body`);
    req.body = Buffer.from(`${text}${text ? "&" : ""}${new URLSearchParams({ [spec.from.form]: value })}`, "utf8");
  } else throw new SendError("hookgate send cannot place an RSA signature in the JSON body yet");
}

export function signJws(spec: JwsSignature, ctx: SignContext): void {
  const key = pemKey(ctx.secret);
  const want = key?.asymmetricKeyType === "rsa" ? ["RS256", "RS512"] : key?.asymmetricKeyType === "ec" ? ["ES256"] : ["HS256"];
  const alg = spec.algorithms.find((a) => want.includes(a));
  if (!alg) throw new SendError(`--secret must be a key for ${spec.algorithms.join(" / ")} (a PEM private key${spec.algorithms.includes("HS256") ? ", or the HS256 secret" : ""})`);
  const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = spec.bodyClaim
    ? { [spec.bodyClaim]: createHash("sha256").update(ctx.req.body).digest("base64"), iat: now, exp: now + 300 }
    : { data: ctx.req.body.toString("utf8"), iat: now, exp: now + 300 };
  const header = b64url(JSON.stringify({ alg, typ: "JWT", kid: "hookgate-send" }));
  const payload = spec.detached ? b64url(ctx.req.body) : b64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const sig =
    alg === "HS256"
      ? createHmac("sha256", ctx.secret).update(input).digest()
      : asymmetricSign(alg === "RS512" ? "sha512" : "sha256", Buffer.from(input), alg === "ES256" ? { key: key!, dsaEncoding: "ieee-p1363" } : key!);
  const token = `${header}.${spec.detached ? "" : payload}.${b64url(sig)}`;
  if (spec.header) ctx.req.headers.set(spec.header, `${spec.prefix}${token}`);
  else {
    ctx.req.body = Buffer.from(token, "utf8");
    ctx.req.headers.set("content-type", "text/plain");
  }
}

export function signAdyen(ctx: SignContext): void {
  if (!/^([0-9a-fA-F]{2}){16,}$/.test(ctx.secret)) throw new SendError("--secret must be Adyen's hex HMAC key");
  const item = {
    pspReference: "7914073381342284",
    originalReference: "",
    merchantAccountCode: "HookgateTest",
    merchantReference: ctx.req.id ?? "hookgate-send",
    amount: { value: 1130, currency: "EUR" },
    eventCode: "AUTHORISATION",
    success: "true",
  };
  const data = [item.pspReference, item.originalReference, item.merchantAccountCode, item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success].join(":");
  const hmacSignature = createHmac("sha256", Buffer.from(ctx.secret, "hex")).update(data).digest("base64");
  ctx.req.body = Buffer.from(JSON.stringify({ live: "false", notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature } } }] }), "utf8");
  ctx.req.headers.set("content-type", "application/json");
}
