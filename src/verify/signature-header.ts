/**
 * Splits a signature header into candidate signatures (and, for key=value
 * headers, the other fields such as Stripe's `t`). Never throws.
 */
import type { SignatureFormat } from "../rules/schema.ts";

export interface ParsedSignatureHeader {
  signatures: string[];
  fields: Map<string, string>;
}

/** Upper bound on candidates tried per request, so a huge header cannot buy unbounded work. */
export const MAX_SIGNATURES = 8;

export function parseSignatureHeader(value: string, format: SignatureFormat): ParsedSignatureHeader | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  switch (format.type) {
    case "plain": {
      if (!trimmed.startsWith(format.prefix)) return null;
      const sig = trimmed.slice(format.prefix.length);
      return sig ? { signatures: [sig], fields: new Map() } : null;
    }
    case "list": {
      const signatures: string[] = [];
      const named = new Map<string, string>();
      const entries = trimmed.split(format.separator);
      // `first`: the first entry is a named field (Recurly's timestamp), never a signature.
      if (format.first) named.set(format.first, entries.shift()!.trim());
      for (const entry of entries) {
        const e = entry.trim();
        if (e.startsWith(format.prefix) && e.length > format.prefix.length) signatures.push(e.slice(format.prefix.length));
      }
      return signatures.length ? { signatures: signatures.slice(0, MAX_SIGNATURES), fields: named } : null;
    }
    case "pairs": {
      const signatures: string[] = [];
      const fields = new Map<string, string>();
      for (const pair of trimmed.split(format.separator)) {
        const at = pair.indexOf(format.assign);
        if (at <= 0) continue;
        const key = pair.slice(0, at).trim();
        const val = pair.slice(at + format.assign.length).trim();
        if (!val) continue;
        if (key === format.key) signatures.push(val);
        else if (!fields.has(key)) fields.set(key, val);
      }
      return signatures.length ? { signatures: signatures.slice(0, MAX_SIGNATURES), fields } : null;
    }
  }
}
