/**
 * The leaves that read a value (`cmp`, `text`, `in`, `set`, `true`, `ago`), each following the
 * engine's JavaScript (condition.ts) on every JSON type the value may hold — a field keeps its
 * value when the config later changes the field's type, so a number field can hold text.
 * Each returns a definite TRUE or FALSE, or NULL only when the database cannot be sure (see
 * timestamp-sql.ts, lower-case.ts, decay-sql.ts); NULL never stands for a missing value.
 */
import type { CmpOp, Cond, Ir, Literal } from "../../../schemas/ir.js";
import { toPostgresRegex } from "../../../dsl/regex/safe-regex.js";
import { lowerSql, sigmaGuard } from "./lower-case.js";
import { parseTimeSql } from "./timestamp-sql.js";
import { unsupported, type SqlParams } from "./sql-params.js";
import { refSql, type Val } from "./value-sql.js";

const OPS: Record<CmpOp, string> = { "==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };
const bool = (b: boolean): string => (b ? "TRUE" : "FALSE");

function sqlOp(op: CmpOp): string {
  const o = OPS[op] as string | undefined;
  return o ?? unsupported(`unknown comparison "${String(op)}"`);
}

/** Binds the value once as `v.x` for a body that reads it several times. */
function bind(val: Exclude<Val, { kind: "missing" }>, body: string): string {
  return `(SELECT ${body} FROM (SELECT ${val.sql} AS x) AS v)`;
}

/** A time test on whatever `toTime` makes of the value: a number as is, a text parsed, else no time (FALSE / `otherwise`). */
function timeTest(val: Val, test: (ms: string) => string, otherwise: string): string {
  switch (val.kind) {
    case "missing":
      return otherwise;
    case "number":
      return bind(val, test("v.x"));
    case "text":
      return bind(val, `CASE WHEN v.x = '' THEN ${otherwise} ELSE ${test(parseTimeSql("v.x"))} END`);
    case "json":
      return bind(
        val,
        `CASE jsonb_typeof(v.x) WHEN 'number' THEN ${test("(v.x)::float8")} ` +
          `WHEN 'string' THEN (CASE WHEN v.x = '""'::jsonb THEN ${otherwise} ELSE ${test(parseTimeSql("v.x #>> '{}'"))} END) ` +
          `ELSE ${otherwise} END`,
      );
  }
}

/** JavaScript orders text by UTF-16 units; "C" by code points. They differ only at U+E000..U+FFFF against a character beyond U+FFFF. */
function orderSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0xd800) return false;
  return true;
}

function parseLiteralTime(v: string): number | undefined {
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

export function cmpSql(ir: Ir, cond: Extract<Cond, { op: "cmp" }>, now: string, p: SqlParams): string {
  const val = refSql(ir, cond.ref, now, p);
  const op = cond.cmp;
  const o = sqlOp(op);
  const ne = bool(op === "!=");
  const lit: Literal = cond.value;
  if (Array.isArray(lit)) {
    // JSON.stringify(value) === JSON.stringify(literal): only an equal list of texts.
    if (val.kind !== "json") return bool(op !== "==");
    const eq = `COALESCE(v.x = ${p.json(lit)}, FALSE)`;
    return bind(val, op === "==" ? eq : `NOT ${eq}`);
  }
  if (typeof lit === "string" && op !== "==" && op !== "!=" && !orderSafe(lit)) {
    unsupported("the text compared with holds characters the database orders differently from JavaScript (beyond U+D7FF)");
  }
  const litTime = val.kind !== "missing" && val.kind !== "text" && val.timestamp && typeof lit === "string" ? parseLiteralTime(lit) : undefined;
  switch (val.kind) {
    case "missing":
      return ne;
    case "number": {
      if (litTime !== undefined) return bind(val, `v.x ${o} ${p.add(litTime, "float8")}`);
      return typeof lit === "number" ? bind(val, `v.x ${o} ${p.add(lit, "float8")}`) : ne;
    }
    case "text":
      return typeof lit === "string" ? bind(val, `CASE WHEN v.x = '' THEN ${ne} ELSE v.x COLLATE "C" ${o} ${p.add(lit, "text")} COLLATE "C" END`) : ne;
    case "json": {
      let typed: string;
      if (litTime !== undefined) {
        const t = p.add(litTime, "float8");
        typed = `WHEN jsonb_typeof(v.x) = 'number' THEN (v.x)::float8 ${o} ${t} WHEN jsonb_typeof(v.x) = 'string' THEN ${parseTimeSql("v.x #>> '{}'")} ${o} ${t} `;
      } else if (typeof lit === "number") typed = `WHEN jsonb_typeof(v.x) = 'number' THEN (v.x)::float8 ${o} ${p.add(lit, "float8")} `;
      else if (typeof lit === "string") typed = `WHEN jsonb_typeof(v.x) = 'string' THEN (v.x #>> '{}') COLLATE "C" ${o} ${p.add(lit, "text")} COLLATE "C" `;
      else typed = `WHEN jsonb_typeof(v.x) = 'boolean' THEN (v.x)::boolean ${o} ${p.add(lit, "boolean")} `;
      return bind(val, `CASE WHEN v.x IS NULL OR v.x = '""'::jsonb OR jsonb_typeof(v.x) = 'array' THEN ${ne} ${typed}ELSE ${ne} END`);
    }
  }
}

/** Kleene "some": TRUE when one is TRUE, else NULL when one is undecided, else FALSE. */
function someOf(rows: string): string {
  return `(SELECT CASE WHEN bool_or(k.b) THEN TRUE WHEN bool_or(k.b IS NULL) THEN NULL ELSE FALSE END FROM (${rows}) AS k)`;
}

export function textSql(ir: Ir, cond: Extract<Cond, { op: "text" }>, now: string, p: SqlParams): string {
  const val = refSql(ir, cond.ref, now, p);
  if (val.kind === "missing" || val.kind === "number") return "FALSE";
  let one: (s: string) => string;
  let member: ((s: string) => string) | undefined;
  if (cond.fn === "matches") {
    let re: string | undefined;
    try {
      re = toPostgresRegex(cond.value);
    } catch {
      // The engine's matcher for a pattern outside the safe subset matches nothing.
      re = undefined;
    }
    const r = re === undefined ? undefined : p.add(re, "text");
    one = (s) => (r === undefined ? "FALSE" : `(${s} ~ ${r})`);
  } else {
    const needle = cond.value.toLowerCase();
    const n = p.add(needle, "text");
    const len = p.add([...needle].length, "int4");
    const fn = cond.fn;
    const test = (l: string): string =>
      fn === "contains" ? `(strpos(${l}, ${n}) > 0)` : fn === "startswith" ? `(left(${l}, ${len}) COLLATE "C" = ${n} COLLATE "C")` : `(right(${l}, ${len}) COLLATE "C" = ${n} COLLATE "C")`;
    one = (s) => sigmaGuard(s, needle, test(lowerSql(s, p)));
    // On a list, `contains` is membership.
    if (fn === "contains") member = (s) => sigmaGuard(s, needle, `(${lowerSql(s, p)} COLLATE "C" = ${n} COLLATE "C")`);
  }
  if (val.kind === "text") return bind(val, one("v.x"));
  const item = member ?? one;
  const items = `SELECT ${item("e.s")} AS b FROM (SELECT el #>> '{}' AS s FROM jsonb_array_elements(v.x) AS el WHERE jsonb_typeof(el) = 'string') AS e`;
  return bind(val, `CASE jsonb_typeof(v.x) WHEN 'string' THEN ${one("(v.x #>> '{}')")} WHEN 'array' THEN ${someOf(items)} ELSE FALSE END`);
}

export function inSql(ir: Ir, cond: Extract<Cond, { op: "in" }>, now: string, p: SqlParams): string {
  const val = refSql(ir, cond.ref, now, p);
  const set = p.json(cond.values.filter((v) => !Array.isArray(v)));
  switch (val.kind) {
    case "missing":
      return "FALSE";
    case "number":
      return bind(val, `CASE WHEN v.x IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM jsonb_array_elements(${set}) AS s WHERE jsonb_typeof(s) = 'number' AND (s)::float8 = v.x) END`);
    case "text":
      return bind(val, `EXISTS (SELECT 1 FROM jsonb_array_elements(${set}) AS s WHERE jsonb_typeof(s) = 'string' AND (s #>> '{}') COLLATE "C" = v.x COLLATE "C")`);
    case "json":
      return bind(
        val,
        `CASE WHEN jsonb_typeof(v.x) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(v.x) AS el, jsonb_array_elements(${set}) AS s WHERE el = s) ` +
          `ELSE EXISTS (SELECT 1 FROM jsonb_array_elements(${set}) AS s WHERE s = v.x) END`,
      );
  }
}

/** `is set`: not missing, not "", not []. A number is always set. */
export function setSql(ir: Ir, cond: Extract<Cond, { op: "set" }>, now: string, p: SqlParams): string {
  const val = refSql(ir, cond.ref, now, p);
  if (val.kind === "missing") return "FALSE";
  if (val.kind === "number") return "TRUE";
  if (val.kind === "text") return bind(val, "v.x <> ''");
  return bind(val, `(v.x IS NOT NULL AND v.x <> '""'::jsonb AND v.x <> '[]'::jsonb)`);
}

/** A boolean alone: true only for the JSON value true. */
export function trueSql(ir: Ir, cond: Extract<Cond, { op: "true" }>, now: string, p: SqlParams): string {
  const val = refSql(ir, cond.ref, now, p);
  return val.kind === "json" ? bind(val, `COALESCE(v.x = 'true'::jsonb, FALSE)`) : "FALSE";
}

/** `before D ago`: t <= now - D; `after D ago`: t > now - D; no time: false. */
export function agoSql(ir: Ir, cond: Extract<Cond, { op: "ago" }>, now: string, p: SqlParams): string {
  const val = refSql(ir, cond.ref, now, p);
  const bound = `(${now} - ${p.add(cond.seconds * 1000, "float8")})`;
  const before = cond.dir === "before";
  return timeTest(val, (t) => (before ? `(${t} <= ${bound})` : `(${t} > ${bound})`), "FALSE");
}
