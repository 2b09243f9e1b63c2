/**
 * The KV key schema of the STATE namespace (documented in docs/rules.md). Each
 * feature owns one prefix; nothing else writes there.
 *
 *   dedup:<route>:<event id>   event-id claims and completions (src/replay/)
 *   dns:<hostname>             last-known-good DoH answers (src/source-ip/)
 *   dlq:<route>:<id>           dead-lettered deliveries (src/delivery/)
 *   body:<id>                  bodies too large for a queue message (src/delivery/)
 */
export const STATE_PREFIXES = {
  dedup: "dedup:",
  dns: "dns:",
  dlq: "dlq:",
  body: "body:",
} as const;
