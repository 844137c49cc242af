import type { Ranges } from "./regex-ast.js";

/** `\d`: ASCII digits only (as in JavaScript; PostgreSQL's `\d` follows the locale, so it is never emitted). */
export const DIGIT: Ranges = [[0x30, 0x39]];
/** `\w`: ASCII letters, digits and `_` — also the "word characters" of `\b`. */
export const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** `\s`: JavaScript's WhiteSpace and LineTerminator characters. */
export const SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
/** What `.` does not match: JavaScript's line terminators. */
export const LINE_BREAK: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

/** Sorts and merges overlapping or adjacent ranges. */
export function normalizeRanges(input: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...input].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Binary search over normalized ranges. */
export function inRanges(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (r === undefined) return false;
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Number of code points covered. */
export function rangesSize(ranges: Ranges): number {
  let n = 0;
  for (const [lo, hi] of ranges) n += hi - lo + 1;
  return n;
}

/** Ranges from a list of single code points. */
export function pointsToRanges(points: Iterable<number>): [number, number][] {
  return normalizeRanges([...points].map((p): [number, number] => [p, p]));
}
