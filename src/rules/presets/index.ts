/**
 * All built-in presets by name. They are the same data a tenant can write to
 * KV under `provider:<name>`; a KV provider may not reuse a preset's name.
 */
import type { ProviderInput } from "../schema.ts";
import { corePresets } from "./core.ts";
import { standardPresets } from "./standard.ts";
import { paymentsPresets } from "./payments.ts";
import { devtoolsPresets } from "./devtools.ts";
import { commsPresets } from "./comms.ts";
import { handshakePresets } from "./handshake-providers.ts";
import { keyedPresets } from "./keyed.ts";

const groups: Record<string, Record<string, ProviderInput>> = {
  core: corePresets,
  standard: standardPresets,
  payments: paymentsPresets,
  devtools: devtoolsPresets,
  comms: commsPresets,
  handshake: handshakePresets,
  keyed: keyedPresets,
};

function merge(): Record<string, ProviderInput> {
  const all: Record<string, ProviderInput> = {};
  for (const [group, presets] of Object.entries(groups)) {
    for (const [name, preset] of Object.entries(presets)) {
      if (Object.hasOwn(all, name)) throw new Error(`preset ${name} (group ${group}) is defined twice`);
      all[name] = preset;
    }
  }
  return all;
}

export const presets: Readonly<Record<string, ProviderInput>> = Object.freeze(merge());

export function isPreset(name: string): boolean {
  return Object.hasOwn(presets, name);
}
