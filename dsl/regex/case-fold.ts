/**
 * Case-insensitivity for `matches`. Two characters are the same letter when their
 * canonical forms are equal, where the canonical form is ECMAScript's `Canonicalize` for a
 * regex with the `i` flag and without `u`: the upper case of the character when that is a
 * single character, except that a non-ASCII character never becomes an ASCII one (so the
 * Kelvin sign is not `k`, `ſ` is not `s`). Applied per code point. This makes the matcher
 * agree with JavaScript's own `/.../i` on every BMP character, and it is written out
 * explicitly in the PostgreSQL text (see to-postgres.ts), so no database collation plays a part.
 */
import type { Ranges } from "./regex-ast.js";
import { inRanges, normalizeRanges, pointsToRanges, rangesSize } from "./char-set.js";

/** Case mappings exist only below this code point (checked by a test over all of Unicode). */
const SCAN_LIMIT = 0x20000;
/** Sets up to this size are folded member by member; larger ones through the table. */
const SMALL_SET = 4096;

/** The canonical form of one code point (see the module comment). */
export function canon(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 0x20 : cp;
  return foldTable().canonOf.get(cp) ?? cp;
}

function computeCanon(cp: number): number {
  if (cp >= SCAN_LIMIT || (cp >= 0xd800 && cp <= 0xdfff)) return cp;
  const upper = String.fromCodePoint(cp).toUpperCase();
  const u = upper.codePointAt(0);
  if (u === undefined) return cp;
  // A BMP character must map to one UTF-16 unit, as in ECMAScript; an astral one to one code point.
  const single = cp <= 0xffff ? upper.length === 1 : upper.length === (u > 0xffff ? 2 : 1);
  if (!single) return cp;
  return u < 0x80 ? cp : u;
}

interface FoldTable {
  /** Non-ASCII code points whose canonical form differs from themselves → that form. */
  canonOf: Map<number, number>;
  /** Code points whose canonical form differs from themselves, ascending. */
  changing: number[];
  /** canonical form → the code points (other than itself) that have it. */
  inverse: Map<number, number[]>;
}

let table: FoldTable | undefined;

/** Built once per process, on the first non-ASCII character (~10 ms). */
function foldTable(): FoldTable {
  if (table !== undefined) return table;
  const canonOf = new Map<number, number>();
  const changing: number[] = [];
  const inverse = new Map<number, number[]>();
  for (let cp = 0x80; cp < SCAN_LIMIT; cp++) {
    const c = computeCanon(cp);
    if (c === cp) continue;
    canonOf.set(cp, c);
    changing.push(cp);
    const list = inverse.get(c);
    if (list === undefined) inverse.set(c, [cp]);
    else list.push(cp);
  }
  // ASCII letters are folded by arithmetic in canon(); the table needs them for the inverse.
  for (let cp = 0x61; cp <= 0x7a; cp++) {
    changing.push(cp);
    inverse.set(cp - 0x20, [cp, ...(inverse.get(cp - 0x20) ?? [])]);
  }
  changing.sort((a, b) => a - b);
  table = { canonOf, changing, inverse };
  return table;
}

/** Every code point of `ranges`, for small sets only. */
function* members(ranges: Ranges): Generator<number> {
  for (const [lo, hi] of ranges) for (let cp = lo; cp <= hi; cp++) yield cp;
}

/** `ranges` without the given ascending points. */
function withoutPoints(ranges: Ranges, points: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  for (const [lo, hi] of ranges) {
    let start = lo;
    while (i < points.length && (points[i] ?? Infinity) < lo) i++;
    while (i < points.length && (points[i] ?? Infinity) <= hi) {
      const p = points[i] ?? hi;
      if (p > start) out.push([start, p - 1]);
      start = p + 1;
      i++;
    }
    if (start <= hi) out.push([start, hi]);
  }
  return out;
}

/** `{ canon(s) | s in ranges }`: what a character's canonical form is tested against. */
export function canonicalSet(ranges: Ranges): Ranges {
  if (rangesSize(ranges) <= SMALL_SET) {
    const points = new Set<number>();
    for (const cp of members(ranges)) points.add(canon(cp));
    return pointsToRanges(points);
  }
  const { changing } = foldTable();
  const folded: [number, number][] = [];
  for (const cp of changing) if (inRanges(ranges, cp)) folded.push([canon(cp), canon(cp)]);
  return normalizeRanges([...withoutPoints(ranges, changing), ...folded]);
}

/**
 * Every character that matches a class of `ranges` case-insensitively:
 * `{ y | canon(y) in canonicalSet(ranges) }`. This is the set written out for PostgreSQL.
 */
export function caseClosure(ranges: Ranges): Ranges {
  const target = canonicalSet(ranges);
  const { changing, inverse } = foldTable();
  const extra: [number, number][] = [];
  if (rangesSize(target) <= SMALL_SET) {
    for (const c of members(target)) for (const y of inverse.get(c) ?? []) extra.push([y, y]);
  } else {
    for (const y of changing) if (inRanges(target, canon(y))) extra.push([y, y]);
  }
  // A changing character is in the closure only through its canonical form (added above).
  return normalizeRanges([...withoutPoints(target, changing), ...extra]);
}
