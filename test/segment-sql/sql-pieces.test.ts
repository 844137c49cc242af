import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Db } from "../../runtime/store/db.js";
import { lowerSql } from "../../runtime/store/segment-sql/lower-case.js";
import { SqlParams } from "../../runtime/store/segment-sql/sql-params.js";
import { parseTimeSql } from "../../runtime/store/segment-sql/timestamp-sql.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";

async function one<T>(db: Db, build: (p: SqlParams) => string): Promise<T | undefined> {
  const p = new SqlParams();
  const q = p.finish(`SELECT ${build(p)} AS v`);
  const [row] = await db.query<{ v: T }>(q.sql, q.params);
  return row?.v;
}

/** Times in the exact ISO forms, days 29-31 of every month included (V8 rolls them over). */
const isoText = fc
  .record({
    t: fc.integer({ min: Date.parse("1000-01-01T00:00:00Z"), max: Date.parse("9999-12-01T00:00:00Z") }),
    day: fc.integer({ min: 1, max: 31 }),
    form: fc.constantFrom("date", "minutes", "seconds", "millis"),
    zone: fc.constantFrom("Z", "+05:30", "-11:45", "+00:00", "-00:00", "+23:59"),
  })
  .map(({ t, day, form, zone }) => {
    const iso = new Date(t).toISOString();
    const date = `${iso.slice(0, 8)}${String(day).padStart(2, "0")}`;
    if (form === "date") return date;
    const time = form === "minutes" ? iso.slice(11, 16) : form === "seconds" ? iso.slice(11, 19) : iso.slice(11, 23);
    return `${date}T${time}${zone}`;
  });

describe.each(BACKENDS)("SQL pieces on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), () => Promise.resolve());

  it("reads every exact ISO time as Date.parse does, and leaves other forms to the engine", async () => {
    await fc.assert(
      fc.asyncProperty(isoText, async (text) => {
        expect(await one<number | null>(db, (p) => parseTimeSql(p.add(text, "text")))).toBe(Date.parse(text));
      }),
      { numRuns: 100 },
    );
    for (const local of ["2026-03-01T10:00:00", "March 3, 2026", "2026/03/02", "0000-01-01", "2026-03-01T24:00:00Z", "+002026-03-01T00:00:00Z"]) {
      expect(await one<number | null>(db, (p) => parseTimeSql(p.add(local, "text")))).toBeNull();
    }
  });

  it("lower-cases text as JavaScript does, character by character (Σ as σ)", async () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom("İSTANBUL", "\u212Aelvin", "ΟΔΟΣ Σ", "STRASSE ß ẞ", "ǅ ǈ ǋ", "𐐀𐐁 Ꭰ", "'; DROP TABLE contacts; --"),
    ).filter((s) => !s.includes("\u0000") && Buffer.from(s, "utf8").toString("utf8") === s);
    await fc.assert(
      fc.asyncProperty(text, async (s) => {
        const want = [...s].map((ch) => (ch === "Σ" ? "σ" : ch.toLowerCase())).join("");
        expect(await one<string>(db, (p) => lowerSql(p.add(s, "text"), p))).toBe(want);
        if (!s.includes("Σ")) expect(want).toBe(s.toLowerCase());
      }),
      { numRuns: 100 },
    );
  });
});
