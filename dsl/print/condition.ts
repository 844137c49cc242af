/**
 * Conditions as DSL text, with the fewest parentheses that parse back to the same tree.
 *
 * Precedence, loosest first: `or`, `and`, `not`, atoms. Parentheses the author wrote are
 * `paren` nodes and always print. A child that the grammar would otherwise read differently
 * gets parentheses even without a `paren` node (hand-built or converted trees): a looser
 * operator under a tighter one, a nested `and` in an `and` (the parser flattens runs), and an
 * "open" history test (`did E if C` with no `within`) that is not last, because its `if`
 * condition would swallow whatever follows. Inside such an `if`, `within` belongs to the
 * history test, so an `x within D` test there is enclosed too.
 */
import type { CondNode, RefNode } from "../ast.js";
import { printLiteral } from "./literal.js";
import { printKey, printNumber } from "./text.js";

type HistoryCond = Extract<CondNode, { kind: "history" }>;

/** The DSL text of one condition. */
export function printCondition(c: CondNode): string {
  switch (c.kind) {
    case "or":
    case "and":
      return c.args
        .map((arg, i) => wrapIf(arg, needsParensInList(c.kind, arg, i === c.args.length - 1)))
        .join(` ${c.kind} `);
    case "not":
      return `not ${wrapIf(c.arg, precedence(c.arg) < NOT)}`;
    case "paren":
      return `(${printCondition(c.inner)})`;
    case "compare":
      return `${printRef(c.ref)} ${c.op.value} ${printLiteral(c.value)}`;
    case "is_set":
      return `${printRef(c.ref)} is ${c.negated ? "not " : ""}set`;
    case "bare":
      return printRef(c.ref);
    case "tagged":
      return `tagged ${c.tag.text}`;
    case "in_segment":
      return `in segment ${c.segment.text}`;
    case "in_stage": {
      const head = `stage ${c.pipeline.text}${c.key ? printKey(c.key) : ""}`;
      if (c.mode === "in") return `${head} in [${c.stages.map((s) => s.text).join(", ")}]`;
      const stage = c.stages[0]?.text ?? "";
      return c.mode === "is" ? `${head} is ${stage}` : `${head} at least ${stage}`;
    }
    case "history":
      return printHistory(c);
    case "ago":
      return c.dir === "within" ? `${printRef(c.ref)} within ${c.dur.text}` : `${printRef(c.ref)} ${c.dir} ${c.dur.text} ago`;
  }
}

/** `interest[crm]`, `engagement`. */
/** Words that continue a condition after a bare name (`x startswith ...`, `x after 7d ago`). */
const REF_CONTINUATIONS = new Set(["contains", "startswith", "endswith", "matches", "before", "after", "within"]);
/** Names that start a longer condition when a name follows them (`did x`, `tagged x`). */
const PREFIX_WORDS = new Set(["did", "tagged"]);

/**
 * Whether the parser would read `next` (the word printed after the condition; `*` for
 * "some name", undefined for `{`, `}` or the end) as part of the condition: a score named
 * `after` after `when vip`, or anything after a field named `did`.
 */
export function continuesInto(c: CondNode, next: string | undefined): boolean {
  if (next === undefined) return false;
  switch (c.kind) {
    case "bare":
      return c.ref.key === undefined && (PREFIX_WORDS.has(c.ref.name.text) || REF_CONTINUATIONS.has(next));
    case "and":
    case "or": {
      const last = c.args[c.args.length - 1];
      return last !== undefined && continuesInto(last, next);
    }
    case "not":
      return continuesInto(c.arg, next);
    case "history":
      if (c.op !== undefined || c.within !== undefined) return false;
      return next === "within" || (c.where !== undefined ? continuesInto(c.where, next) : next === "if");
    default:
      return false;
  }
}

/** A condition followed by `next`, in parentheses when the parser would otherwise run on into it. */
export function printGuarded(c: CondNode, next: string | undefined): string {
  return continuesInto(c, next) ? `(${printCondition(c)})` : printCondition(c);
}

/**
 * The operands of a top-level `and`/`or` chain, each but the first led by its operator
 * (`["a", "or b", "or c"]`), for printers that break a long condition over lines; any
 * other condition is one part.
 */
export function conditionParts(c: CondNode): string[] {
  if (c.kind !== "and" && c.kind !== "or") return [printCondition(c)];
  const op = c.kind;
  return c.args.map((arg, i) => {
    const text = wrapIf(arg, needsParensInList(op, arg, i === c.args.length - 1));
    return i === 0 ? text : `${op} ${text}`;
  });
}

export function printRef(ref: RefNode): string {
  return ref.key ? `${ref.name.text}${printKey(ref.key)}` : ref.name.text;
}

function printHistory(c: HistoryCond): string {
  let inner = c.event.text;
  if (c.agg === "sum" && c.prop) inner = `${c.prop.text} of ${inner}`;
  if (c.where) inner += ` if ${wrapIf(c.where, whereNeedsParens(c.where, c.within !== undefined))}`;
  if (c.within) inner += ` within ${c.within.text}`;
  if (c.agg === "did") return `did ${inner}`;
  if (c.agg === "did_not") return `did not ${inner}`;
  const tail = c.op && c.value ? ` ${c.op.value} ${printNumber(c.value.value)}` : "";
  return `${c.agg}(${inner})${tail}`;
}

const OR = 1;
const AND = 2;
const NOT = 3;
const ATOM = 4;

function precedence(c: CondNode): number {
  if (c.kind === "or") return OR;
  if (c.kind === "and") return AND;
  if (c.kind === "not") return NOT;
  return ATOM;
}

/**
 * Whether `arg`, written as an item of an `and`/`or` list, needs parentheses. Shared with the
 * tests' tree generators, which use it to build only trees the parser can produce.
 */
export function needsParensInList(op: "and" | "or", arg: CondNode, last: boolean): boolean {
  if (precedence(arg) <= (op === "or" ? OR : AND)) return true;
  return !last && isOpenEnded(arg);
}

/** Whether the operand of `not` needs parentheses. */
export function needsParensUnderNot(arg: CondNode): boolean {
  return precedence(arg) < NOT;
}

/**
 * Whether the `if` condition of a history test needs parentheses. Inside that condition a
 * `within` belongs to the history test (`did E if x within 7d`), so a `last_active within 7d`
 * test must be enclosed; and when the history test has its own `within`, an inner `did`
 * test at the end of the condition would take it.
 */
export function whereNeedsParens(where: CondNode, hasWithin: boolean): boolean {
  return hasLooseWithin(where) || (hasWithin && endsWithDid(where, false));
}

/** An `x within D` test outside parentheses (and outside the `if` of an inner history test). */
function hasLooseWithin(c: CondNode): boolean {
  switch (c.kind) {
    case "ago":
      return c.dir === "within";
    case "and":
    case "or":
      return c.args.some(hasLooseWithin);
    case "not":
      return hasLooseWithin(c.arg);
    default:
      return false;
  }
}

/** Whether the text of `c` ends with an `if` condition that could absorb what follows. */
export function isOpenEnded(c: CondNode): boolean {
  return endsWithDid(c, true);
}

/**
 * Whether the text of `c` ends with a `did`/`did not` test that has no `within` (and, when
 * `withWhere`, has an `if`): a following `within` would be read as that test's.
 */
function endsWithDid(c: CondNode, withWhere: boolean): boolean {
  switch (c.kind) {
    case "history":
      return (c.agg === "did" || c.agg === "did_not") && c.within === undefined && (!withWhere || c.where !== undefined);
    case "and":
    case "or": {
      const last = c.args[c.args.length - 1];
      return last !== undefined && precedence(last) > precedence(c) && endsWithDid(last, withWhere);
    }
    case "not":
      return precedence(c.arg) >= NOT && endsWithDid(c.arg, withWhere);
    default:
      return false;
  }
}

function wrapIf(c: CondNode, parens: boolean): string {
  const text = printCondition(c);
  return parens && c.kind !== "paren" ? `(${text})` : text;
}
