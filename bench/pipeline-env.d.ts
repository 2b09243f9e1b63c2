/** Types of pipeline-env.js (see its header for why it is JavaScript). */
export function pipelineOp(
  route: { path: string; provider: string; secret: string },
  headers: Record<string, string>,
  body: Uint8Array,
): Promise<() => Promise<Response>>;
