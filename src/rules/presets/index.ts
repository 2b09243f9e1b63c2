/**
 * All built-in presets by name. They are the same data a tenant can write to
 * KV under `provider:<name>`; a KV provider may not reuse a preset's name.
 */
import type { ProviderInput } from "../schema.ts";
import { corePresets } from "./core.ts";
import { handshakePresets } from "./handshake-providers.ts";

export const presets: Readonly<Record<string, ProviderInput>> = Object.freeze({
  ...corePresets,
  ...handshakePresets,
});

export function isPreset(name: string): boolean {
  return Object.hasOwn(presets, name);
}
