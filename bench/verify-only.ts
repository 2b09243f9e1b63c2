/** `tsx bench/verify-only.ts`: just the verification micro-benchmark (for profiling). */
import { benchVerify } from "./verify.ts";
import { verifyTable } from "./report.ts";

const results = await benchVerify({ quick: process.argv.includes("--quick") });
console.log(verifyTable(results));
