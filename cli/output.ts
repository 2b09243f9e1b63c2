/** Terminal output: colour only on a TTY and without NO_COLOR. */
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const dim = paint(2);
export const bold = paint(1);
export const cyan = paint(36);

export const out = (line = "") => process.stdout.write(`${line}\n`);
export const err = (line = "") => process.stderr.write(`${line}\n`);
