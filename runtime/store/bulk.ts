import type { Db } from "./db.js";

/**
 * How a column's values travel: each column is ONE parameter, a JSON array of its values
 * (`JSON.stringify` of plain strings and numbers: the cheapest thing to build), unpacked by
 * `ROWS FROM (json_array_elements_text($1::json), …)` and cast per column. No JSON object per
 * row to build or parse, nothing repeats the column names, and both drivers send a string
 * the same way.
 *
 * - `text`: string | null
 * - `float8`, `int4`: number | null
 * - `bool`: boolean | null
 * - `timestamptz`: epoch ms | null | undefined
 * - `jsonb`: any JSON value; null or undefined is SQL NULL (parsed once, as one jsonb array)
 * - `text[]`: readonly string[] | null
 */
export type ColumnType = "text" | "float8" | "int4" | "bool" | "timestamptz" | "jsonb" | "text[]";

const NEEDS_ESCAPE = /["\\]/;
const ESCAPE = /["\\]/g;

/** A string as a quoted array-literal element: `"…"` with `"` and `\` escaped. */
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPE, "\\$&")}"` : `"${s}"`;
}

/** `{"a","b"}`: a text[] value as PostgreSQL's array literal (cast per row with `::text[]`). */
export function textArrayLiteral(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) out += (i === 0 ? "" : ",") + quote(values[i] ?? "");
  return `${out}}`;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const YEAR_10000 = 253_402_300_800_000;

/**
 * Epoch ms as `Date.prototype.toISOString` prints it, computed without a `Date` (a third of
 * the time; an ingest batch writes thousands of times). Days to civil date: H. Hinnant's
 * algorithm. Years outside 0000–9999 take the slow path, which prints them signed.
 */
export function isoTime(ms: number): string {
  if (!(ms >= -62_167_219_200_000 && ms < YEAR_10000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let t = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(t / 3_600_000);
  t -= h * 3_600_000;
  const mi = Math.floor(t / 60_000);
  t -= mi * 60_000;
  const sec = Math.floor(t / 1000);
  const milli = t - sec * 1000;
  const yyyy = y < 10 ? `000${y}` : y < 100 ? `00${y}` : y < 1000 ? `0${y}` : `${y}`;
  return `${yyyy}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

/** One column: its name in the statement and how it travels. */
export type Column = readonly [name: string, type: ColumnType];

type Encoder = ((v: unknown) => unknown) | undefined;

// What goes into the column's JSON array; undefined: the value itself.
const ENCODERS: Record<ColumnType, Encoder> = {
  text: undefined,
  float8: undefined,
  int4: undefined,
  bool: undefined,
  timestamptz: (v) => (v === null || v === undefined ? null : isoTime(v as number)),
  jsonb: undefined,
  "text[]": (v) => (v === null || v === undefined ? null : textArrayLiteral(v as readonly string[])),
};

function columnSql(type: ColumnType, c: string): string {
  switch (type) {
    case "text":
      return c;
    case "jsonb":
      // jsonb_array_elements gives JSON null as jsonb 'null', not SQL NULL.
      return `nullif(${c}, 'null'::jsonb)`;
    default:
      return `${c}::${type}`;
  }
}

/**
 * The rows of one bulk statement, kept as columns. `add` takes one row's values in column
 * order; `from` is the SQL row source to select from (`FROM ${rows.from} AS x`): the named
 * columns, typed, plus `ord` (the row's position, from 1), reading `$1`…`$n`.
 */
export class Rows {
  count = 0;
  readonly from: string;
  private readonly encoders: Encoder[];
  private readonly cols: unknown[][];

  constructor(columns: readonly Column[]) {
    this.encoders = columns.map(([, t]) => ENCODERS[t]);
    this.cols = columns.map(() => []);
    const fns = columns.map(([, t], i) => (t === "jsonb" ? `jsonb_array_elements($${i + 1}::jsonb)` : `json_array_elements_text($${i + 1}::json)`));
    const select = columns.map(([name, t], i) => `${columnSql(t, `r.c${i}`)} AS ${name}`);
    this.from = `(SELECT ${select.join(", ")}, r.ord FROM ROWS FROM (${fns.join(", ")}) WITH ORDINALITY AS r(${columns.map((_, i) => `c${i}`).join(", ")}, ord))`;
  }

  add(...values: unknown[]): void {
    for (let i = 0; i < this.cols.length; i++) {
      const v = values[i];
      const enc = this.encoders[i];
      this.cols[i]?.push(enc === undefined ? (v === undefined ? null : v) : enc(v));
    }
    this.count++;
  }

  /** The statement's parameters: one JSON array per column. */
  params(): string[] {
    return this.cols.map((c) => JSON.stringify(c));
  }
}

/**
 * One part of a chained write: a statement whose columns are `$1`…`$n` (as `Rows` encodes
 * them), and its rows; `scalars` are `$n+1`… (a value every row shares, such as the config
 * hash, goes once instead of once per row).
 */
export interface Part {
  sql: string;
  rows: Rows;
  scalars?: readonly unknown[];
}

const partParams = (p: Part): unknown[] => [...p.rows.params(), ...(p.scalars ?? [])];

/** Runs one part on its own (nothing when it has no rows). */
export async function bulk(tx: Db, part: Part): Promise<void> {
  if (part.rows.count > 0) await tx.query(part.sql, partParams(part), { prepare: true });
}

const PARAM = /\$(\d+)/g;

/**
 * Runs the parts as ONE statement (one round trip), nothing when none has rows: each becomes a
 * data-modifying CTE with its parameters renumbered. Empty parts stay in (they write nothing),
 * so the text is the same for every call with the same parts and the server keeps it
 * prepared. All parts see the same snapshot and foreign keys are checked at the end of the
 * statement, so the parts must not touch the same rows (a delete and an upsert of one table
 * take disjoint keys) and no part may read what another writes.
 */
export async function chain(tx: Db, parts: readonly Part[]): Promise<void> {
  if (parts.every((p) => p.rows.count === 0)) return;
  const params: unknown[] = [];
  const ctes = parts.map((p, i) => {
    const base = params.length;
    params.push(...partParams(p));
    return `w${i} AS (${p.sql.replace(PARAM, (_, n: string) => `$${base + Number(n)}`)})`;
  });
  await tx.query(`WITH ${ctes.join(",\n")}\nSELECT 1`, params, { prepare: true });
}

/** Runs the statements one after another: a transaction is one connection. */
export async function inOrder(steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) await step();
}
