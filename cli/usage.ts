/** Usage errors (exit 2) and argument parsing that turns node:util's parse errors into them. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

/** parseArgs, with an unknown option or a missing value reported as a usage error (exit 2), not a crash. */
export function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) throw new UsageError((e as Error).message);
    throw e;
  }
}

/** A non-negative whole number option (ports, limits), or a usage error naming the option. */
export function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}
