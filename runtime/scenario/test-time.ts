/**
 * Times in scenario tests: relative to the test's `start` (`0d`, `0d 1h`, `14d`, `2w 3d`,
 * `90m`) or absolute (`2026-03-01T09:00:00Z`).
 */

/** Where scenario tests start unless they say otherwise (the history generator's default too). */
export const DEFAULT_TEST_START = "2026-01-01T00:00:00Z";

const UNIT: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const RELATIVE = /^(?:\d+(?:\.\d+)?\s*[wdhms]\s*)+$/;
const PART = /(\d+(?:\.\d+)?)\s*([wdhms])/g;

/** Milliseconds after `start`, or undefined when the text is neither form. */
export function parseTestTime(v: unknown, start: number): number | undefined {
  if (v === 0) return start;
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  if (RELATIVE.test(t)) {
    let ms = 0;
    for (const m of t.matchAll(PART)) ms += Number(m[1]) * (UNIT[m[2] ?? "d"] ?? 0);
    return start + ms;
  }
  // An absolute time must carry a date and a zone-independent reading: ISO-8601.
  if (/^\d{4}-\d\d-\d\d/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** How a failure names a time: as the test wrote it. */
export function describeTime(text: string): string {
  return /^\d{4}-/.test(text) ? text : `${text} after the start`;
}
