/** Required values (e.g. Lean's app token in the body), compared in constant time. */
import type { CompiledRequirement } from "../rules/compiled.ts";
import type { Inbound } from "../shared/inbound.ts";
import { fail, pass, type Check } from "../shared/verdict.ts";
import { describeSource, readSource } from "../verify/sources.ts";
import { secretEquals } from "./equal.ts";

export async function checkRequired(
  required: readonly CompiledRequirement[],
  req: Inbound,
  signatureFields?: Map<string, string>,
): Promise<Check> {
  for (const r of required) {
    const got = readSource(r.from, req, signatureFields);
    if (got === undefined) return fail({ code: "required_value_missing", detail: `no value in ${describeSource(r.from)}` });
    if (!(await secretEquals(got, r.value)))
      return fail({ code: "required_value_mismatch", detail: `${describeSource(r.from)} does not equal the configured value` });
  }
  return pass;
}
