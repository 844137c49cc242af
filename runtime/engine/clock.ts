/**
 * Wall-clock times in a time zone (`wait until mon 09:00`, send windows), computed from the
 * `now` passed in — never from the machine's clock. Uses the Intl time-zone database; an
 * unknown zone falls back to UTC.
 */
import type { Weekday } from "../../schemas/ir.js";

const WEEKDAYS: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      f = formatter("UTC");
    }
    formatters.set(tz, f);
  }
  return f;
}

interface Local {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function localSlow(ms: number, tz: string): Local {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { y: parts["year"] ?? 1970, m: parts["month"] ?? 1, d: parts["day"] ?? 1, h: parts["hour"] ?? 0, mi: parts["minute"] ?? 0, s: parts["second"] ?? 0 };
}

// Zone offsets change at most on quarter hours: cache the offset per (zone, quarter hour).
const QUARTER = 900_000;
// zone → quarter-hour slot → offset (numeric keys: no key string per call).
const offsets = new Map<string, Map<number, number>>();

function slotOffset(slot: number, tz: string): number {
  let zone = offsets.get(tz);
  if (zone === undefined) offsets.set(tz, (zone = new Map<number, number>()));
  let off = zone.get(slot);
  if (off === undefined) {
    const l = localSlow(slot, tz);
    off = Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s) - slot;
    if (zone.size > 50_000) zone.clear();
    zone.set(slot, off);
  }
  return off;
}

const DAY = 86_400_000;
// zone → UTC day → the offset of the whole day, or null when it changes during the day.
const days = new Map<string, Map<number, number | null>>();

function offsetAt(ms: number, tz: string): number {
  // A UTC day that starts and ends on the same offset has it throughout (no zone changes its
  // offset twice within a day): one look-up in the zone database per day, not per quarter hour.
  const day = Math.floor(ms / DAY) * DAY;
  let zone = days.get(tz);
  if (zone === undefined) days.set(tz, (zone = new Map<number, number | null>()));
  let whole = zone.get(day);
  if (whole === undefined) {
    const start = slotOffset(day, tz);
    whole = slotOffset(day + DAY, tz) === start ? start : null;
    if (zone.size > 50_000) zone.clear();
    zone.set(day, whole);
  }
  return whole ?? slotOffset(Math.floor(ms / QUARTER) * QUARTER, tz);
}

function local(ms: number, tz: string): Local {
  const d = new Date(ms + offsetAt(ms, tz));
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

/** The UTC instant of a local wall-clock time (the first one, across a DST change). */
function zonedToUtc(y: number, m: number, d: number, h: number, mi: number, tz: string): number {
  const wanted = Date.UTC(y, m - 1, d, h, mi);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const l = local(guess, tz);
    const seen = Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s);
    guess += wanted - seen;
  }
  return guess;
}

const clocks = new Map<string, [number, number]>();

function parseClock(time: string): [number, number] {
  let hm = clocks.get(time);
  if (hm === undefined) {
    const [h, m] = time.split(":").map(Number);
    clocks.set(time, (hm = [h ?? 0, m ?? 0]));
  }
  return hm;
}

/** The first instant >= `now` that is `time` on one of `days` (any day when absent) in `tz`. */
export function nextClockTime(now: number, tz: string, time: string, days?: readonly Weekday[]): number {
  const [h, mi] = parseClock(time);
  const today = local(now, tz);
  for (let i = 0; i <= 8; i++) {
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d + i));
    const wd = WEEKDAYS[day.getUTCDay()] ?? "sun";
    if (days !== undefined && !days.includes(wd)) continue;
    const at = zonedToUtc(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), h, mi, tz);
    if (at >= now) return at;
  }
  return now;
}

/** Inside a send window (`mon-fri 09:00-18:00`)? Otherwise, when it next opens. */
export function windowOpenAt(now: number, tz: string, window: { days: readonly Weekday[]; from: string; to: string }): number {
  const l = local(now, tz);
  const wd = WEEKDAYS[new Date(Date.UTC(l.y, l.m - 1, l.d)).getUTCDay()] ?? "sun";
  const minutes = l.h * 60 + l.mi;
  const [fh, fm] = parseClock(window.from);
  const [th, tm] = parseClock(window.to);
  if (window.days.includes(wd) && minutes >= fh * 60 + fm && minutes < th * 60 + tm) return now;
  return nextClockTime(now, tz, window.from, window.days);
}
