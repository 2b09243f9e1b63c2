/**
 * Adyen standard notifications: each item's `additionalData.hmacSignature` is
 * the base64 HMAC-SHA256 (hex key) of its
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`
 * (absent fields empty, as Adyen's libraries do). Every item must verify; the
 * fields outside that string are not signed (the preset says bodySigned: false).
 * https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures/
 */
import type { Inbound } from "../shared/inbound.ts";
import { fail, type Result } from "../shared/verdict.ts";
import { decodeBase64, decodeHex, utf8 } from "./encoding.ts";
import { jsonObject } from "../handshake/challenge.ts";

const FIELDS = ["pspReference", "originalReference", "merchantAccountCode", "merchantReference", "amount.value", "amount.currency", "eventCode", "success"];

export async function verifyAdyen(secrets: readonly string[], req: Inbound): Promise<Result<{ secretIndex: number }>> {
  const items = jsonObject(req.json())?.notificationItems;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) return fail({ code: "signature_missing", detail: "no notificationItems" });
  const keys = await Promise.all(
    secrets.map((s) => crypto.subtle.importKey("raw", decodeHex(s) ?? new Uint8Array(1), { name: "HMAC", hash: "SHA-256" }, false, ["verify"])),
  );
  let first = -1;
  for (const wrapper of items) {
    const item = jsonObject(jsonObject(wrapper)?.NotificationRequestItem);
    const sig = decodeBase64(String(jsonObject(item?.additionalData)?.hmacSignature));
    if (!item || !sig) return fail({ code: "signature_malformed", detail: "a notification item has no base64 additionalData.hmacSignature" });
    const data = utf8.encode(
      FIELDS.map((f) => {
        const v = f.split(".").reduce<unknown>((o, k) => jsonObject(o)?.[k], item);
        return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
      }).join(":"),
    );
    let index = -1;
    for (let i = 0; i < keys.length && index < 0; i++) if (await crypto.subtle.verify("HMAC", keys[i]!, sig, data)) index = i;
    if (index < 0) return fail({ code: "signature_mismatch", detail: "a notification item's HMAC matches no key" });
    if (first < 0) first = index;
  }
  return { ok: true, value: { secretIndex: first } };
}
