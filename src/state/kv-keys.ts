/**
 * The KV key schema of the STATE namespace (documented in docs/rules.md). Each
 * feature owns one prefix; nothing else writes there.
 *
 *   dedup:<route>:<event id>   event-id claims and completions (src/replay/)
 *   dns:<hostname>             last-known-good DoH answers (src/source-ip/)
 *   dlq:<route>:<id>           dead-lettered deliveries (src/delivery/)
 *   body:<id>                  bodies too large for a queue message (src/delivery/)
 *   problems:<route>           recent rejections and origin failures, for the console (src/admin/problems.ts)
 */
export const STATE_PREFIXES = {
  dedup: "dedup:",
  dns: "dns:",
  dlq: "dlq:",
  body: "body:",
  problems: "problems:",
} as const;
