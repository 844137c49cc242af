/** Damerau-free Levenshtein distance, bounded: returns max+1 as soon as it is exceeded. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The closest known name, if one is close enough to be a likely typo. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  const lower = name.toLowerCase();
  for (const k of known) {
    const d = distance(lower, k.toLowerCase(), max);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/** "did you mean `x`?" or undefined. */
export function hintFor(name: string, known: Iterable<string>): string | undefined {
  const m = didYouMean(name, known);
  return m === undefined ? undefined : `did you mean \`${m}\`?`;
}
