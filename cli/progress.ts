/**
 * A spinner line on stderr while a slow call (a wrangler process: 1–10 s) runs.
 * Only on a TTY: piped or captured output never gets it. Cleared when done.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export async function withProgress<T>(
  label: string,
  work: () => Promise<T>,
  opts: { stream?: ProgressStream; delayMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const stream = opts.stream ?? process.stderr;
  if (!stream.isTTY) return work();
  const started = Date.now();
  let frame = 0;
  let shown = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const delay = setTimeout(() => {
    const draw = () => {
      shown = true;
      const s = ((Date.now() - started) / 1000).toFixed(0);
      stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label} (${s} s)`);
    };
    draw();
    timer = setInterval(draw, opts.intervalMs ?? 100);
  }, opts.delayMs ?? 400);
  try {
    return await work();
  } finally {
    clearTimeout(delay);
    if (timer) clearInterval(timer);
    if (shown) stream.write("\r\x1b[K");
  }
}
