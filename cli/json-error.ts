/**
 * Where a JSON text stops being JSON, as line and column, with V8's reason but
 * never its excerpt of the text (it may hold a literal secret). V8 reports a
 * position for most errors but not for "Unexpected token"; so the position is
 * found by bisection: the shortest prefix that fails for a reason other than
 * ending too early (a rules file is small: a few dozen parses).
 */
function failsEarly(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return false;
  } catch (e) {
    const m = (e as Error).message;
    if (/Unexpected end of JSON input/.test(m)) return false;
    const at = /at position (\d+)/.exec(m);
    return !(at && Number(at[1]) >= length);
  }
}

export function jsonErrorAt(text: string, error: Error): { line: number; column: number; reason: string } {
  // Ends too early: the position is the end. Otherwise the smallest prefix that fails early ends with the culprit.
  let offset = text.length;
  if (failsEarly(text, text.length)) {
    let lo = 1;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (failsEarly(text, mid)) hi = mid;
      else lo = mid + 1;
    }
    offset = lo - 1;
  }
  const before = text.slice(0, offset).split("\n");
  const reason = error.message
    .replace(/,\s*(?:\.\.\.)?".*$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/^Unexpected end of JSON input$/, "the text ends too early");
  return { line: before.length, column: before[before.length - 1]!.length + 1, reason };
}
