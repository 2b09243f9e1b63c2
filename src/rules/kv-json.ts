/** Reads one JSON value stored in KV (routes and providers in RULES). */

export class NotJson extends Error {}

/** null when the key is absent; throws NotJson when the stored value is not JSON. */
export async function readKvJson(kv: KVNamespace, key: string): Promise<unknown> {
  const text = await kv.get(key, "text");
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new NotJson(`${key}: the stored value is not JSON`);
  }
}
