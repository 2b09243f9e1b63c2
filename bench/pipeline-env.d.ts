/** Types of pipeline-env.js (see its header for why it is JavaScript). */
export function pipelineOp(
  route: { path: string; provider: string; secret: string },
  headers: Record<string, string>,
  body: Uint8Array,
  extra?: Record<string, unknown>,
  /** The pipeline module (default: src/pipeline/handle.ts); another tree's, to compare versions in one run. */
  load?: () => Promise<{ handleWebhook: (...args: any[]) => Promise<Response> }>,
): Promise<() => Promise<Response>>;
export function requestOp(headers: Record<string, string>, body: Uint8Array): () => Promise<Uint8Array>;
