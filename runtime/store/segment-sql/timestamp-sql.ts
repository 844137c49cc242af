/**
 * Times held as text (timestamp fields, or any text a condition compares as a time), read the
 * way the engine reads them: `Date.parse`. The database decides only the forms whose meaning
 * is fixed — `YYYY-MM-DD` (midnight UTC) and `YYYY-MM-DDTHH:MM[:SS[.sss]]` with `Z` or an
 * offset — with JavaScript's arithmetic (a day past the month's end rolls over, as V8 does).
 * Anything else (no offset: the engine reads it in its own time zone; other formats: V8's
 * fallback parser) is undecided: NULL, and the engine decides.
 */

/** Captures: 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 millisecond, 8 sign, 9 offset hours, 10 offset minutes. */
const ISO =
  "^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" +
  "(?:T([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:[.]([0-9]{3}))?)?(?:Z|([+-])([01][0-9]|2[0-3]):([0-5][0-9])))?$";

/**
 * Epoch milliseconds (`float8`) of a text expression, or NULL when the database cannot be sure
 * what `Date.parse` makes of it. The caller handles the empty text (never a time).
 */
export function parseTimeSql(text: string): string {
  // Year 0 is left to the engine: make_date has no year 0.
  return (
    `(SELECT CASE WHEN r IS NULL OR r[1]::int < 1 THEN NULL ELSE ` +
    `((make_date(r[1]::int, r[2]::int, 1) - DATE '1970-01-01') + r[3]::int - 1)::float8 * 86400000 ` +
    `+ COALESCE(r[4]::float8, 0) * 3600000 + COALESCE(r[5]::float8, 0) * 60000 + COALESCE(r[6]::float8, 0) * 1000 + COALESCE(r[7]::float8, 0) ` +
    `- CASE WHEN r[8] IS NULL THEN 0 WHEN r[8] = '-' THEN -(r[9]::float8 * 60 + r[10]::float8) * 60000 ELSE (r[9]::float8 * 60 + r[10]::float8) * 60000 END ` +
    `END FROM regexp_match(${text}, '${ISO}') AS r)`
  );
}

/** A `timestamptz` column as epoch milliseconds (exact: the store writes whole milliseconds). */
export function epochMsSql(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::float8`;
}
