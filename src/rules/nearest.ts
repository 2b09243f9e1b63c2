/**
 * The known name closest to a mistyped one, for "did you mean" hints (CLI-side
 * validation only; the Worker does not import it). Damerau-Levenshtein distance
 * (a swap counts as one edit), case-insensitive; only close enough names count.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = distance(w, c.toLowerCase());
    if (dist < bestD) [best, bestD] = [c, dist];
  }
  // Close: at most a third of the word's length (at least 1, at most 3 edits), or one contains the other.
  const close = bestD <= Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  const contains = best !== undefined && w.length >= 3 && (best.toLowerCase().includes(w) || w.includes(best.toLowerCase()));
  return best !== undefined && (close || contains) ? best : undefined;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates);
  return n === undefined || n === word ? "" : ` (did you mean "${n}"?)`;
}
