/**
 * The canonical DSL text of a file (`funnelform fmt`, `funnelform convert --to dsl`).
 *
 * It prints from the AST, so comments, labels, step labels, the author's duration units,
 * declaration order and omitted defaults survive. The canonical style:
 *
 * - Two-space indentation, `\n` line ends, one final newline (an empty file prints as "").
 * - Declarations keep their order and the author's paragraphs: a blank line the author wrote
 *   between two declarations, stages, steps or feedback outcomes stays (several become one),
 *   and none is added inside a run written without one, except that a blank line always
 *   separates declarations of different groups (version/timezone, fields, events, scores,
 *   rules, segments, suppress, ...) and surrounds pipelines, thresholds, feedback loops and
 *   campaigns (layout.ts).
 * - Comments print above their declaration, stage, step or body item as `# text`; a comment
 *   inside a body stays inside it, above the item it was written above, or below the last
 *   item. A comment written at the end of a line stays at the end of that line, two spaces
 *   after the text (layout.ts says which line belongs to which node).
 * - `score` and `channel` bodies stay on one line (`score fit { kind fit  limit 0..100 }`,
 *   items separated by two spaces) when they have at most three items, no comments inside
 *   and the line fits in 100 columns; otherwise one item per line. Score items print in the
 *   order kind, from, per, limit, decay. `event` props stay on one line when it fits in 100
 *   columns; so does a `segment` condition without comments inside, else it prints one
 *   `and`/`or` operand per line. Pipelines, thresholds, feedback loops and campaigns are
 *   always blocks, settings first, then a blank line, then stages or steps. A stage prints
 *   its label and flags on its line and each `when` on a line of its own below it. A
 *   threshold condition too long for its line continues on lines indented four spaces,
 *   each starting with `and`/`or`.
 * - Rules are one line each. Within a paragraph of two or more rules, the triggers start two
 *   spaces after the longest name, and when the longest trigger is short (at most 60
 *   columns) the scores line up two spaces after it too; feedback outcomes of a paragraph align their `->`.
 * - Conditions get the fewest parentheses that read back as the same tree (condition.ts);
 *   parentheses the author wrote are kept. Strings are re-escaped (`\"`, `\\`, `\n`, `\t`,
 *   `\u{...}` for other control characters). Points always carry a sign.
 */
import type { Decl, FileAst } from "../ast.js";
import {
  alignRows,
  bodyLines,
  campaignLines,
  endLines,
  feedbackLines,
  INDENT,
  pipelineLines,
  thresholdLines,
  withComments,
  type BodyItem,
  type Slotted,
} from "./dsl-blocks.js";
import {
  printAccountFrom,
  printAtMost,
  printCondition,
  printDecay,
  printDimension,
  printLimit,
  printLiteral,
} from "./expr.js";
import { conditionParts, printGuarded } from "./condition.js";
import { canonicalBlank } from "./layout.js";
import { commentLines, printSigned, quote } from "./text.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

const WIDTH = 100;
const MAX_INLINE_ITEMS = 3;
/** A rule paragraph lines up its scores only when its triggers are at most this long. */
const MAX_ALIGNED_TRIGGER = 60;

/** The canonical DSL text of one file. */
export function printDsl(file: FileAst): string {
  const out: string[] = [];
  let previous: Decl | undefined;
  let ruleRun: DeclOf<"rule">[] = [];
  const flushRules = (): void => {
    const rows = ruleRows(ruleRun);
    ruleRun.forEach((r, i) => out.push(...withComments(r, [rows[i] ?? ""])));
    ruleRun = [];
  };

  for (const d of file.decls) {
    const blank = previous !== undefined && (canonicalBlank(previous, d) || d.blankLineBefore === true);
    if (blank || d.kind !== "rule") flushRules();
    if (blank) out.push("");
    if (d.kind === "rule") ruleRun.push(d);
    else out.push(...withComments(d, declLines(d)));
    previous = d;
  }
  flushRules();
  if (file.trailingComments.length > 0) {
    if (out.length > 0) out.push("");
    out.push(...commentLines(file.trailingComments, ""));
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** One paragraph of rules: names, triggers and (when short enough) scores in columns. */
function ruleRows(rules: readonly DeclOf<"rule">[]): string[] {
  const heads = rules.map((r) => `rule ${quote(r.name.text)}`);
  const triggers = rules.map(ruleTrigger);
  const longest = Math.max(0, ...triggers.map((t) => t.length));
  const rows = rules.map((r, i) => {
    const trigger = triggers[i] ?? "";
    const aligned = rules.length >= 2 && longest <= MAX_ALIGNED_TRIGGER;
    return { head: heads[i] ?? "", tail: aligned ? `${trigger.padEnd(longest)}  ${ruleRest(r)}` : `${trigger} ${ruleRest(r)}` };
  });
  return alignRows(rows);
}

/** The lines of one non-rule declaration, without its comments. */
function declLines(d: Exclude<Decl, { kind: "rule" }>): string[] {
  switch (d.kind) {
    case "version":
    case "timezone":
      return [`${d.kind} ${quote(d.value.value)}`];
    case "field":
      return [`field ${d.name.text}: ${d.type.value}${d.default ? ` = ${printLiteral(d.default)}` : ""}`];
    case "event": {
      const props = d.props.map((p) => `${p.name.text}: ${p.type.value}`);
      return inlineOrBlock(`event ${d.name.text}`, props.map((text) => ({ text })), ", ", Infinity, d);
    }
    case "score":
      return inlineOrBlock(scoreHead(d), scoreItems(d), "  ", MAX_INLINE_ITEMS, d);
    case "segment": {
      let head = labelled(`segment ${d.name.text}`, d.label);
      if (d.static) head += " static";
      if (!d.when) return [head];
      const text = printCondition(d.when);
      if (d.bodyComments === undefined && `${head} { ${text} }`.length <= WIDTH) return [`${head} { ${text} }`];
      const parts =
        d.bodyComments === undefined && INDENT.length + text.length <= WIDTH
          ? [{ text }]
          : conditionParts(d.when).map((part, i) => ({ text: part, slot: `when.${i}` }));
      return [`${head} {`, ...[...bodyLines(parts, d), ...endLines(d)].map((l) => INDENT + l), "}"];
    }
    case "suppress":
      return [`suppress ${d.scores.map((s) => s.text).join(", ")} while in ${d.segment.text}`];
    case "pipeline":
      return pipelineLines(d);
    case "threshold":
      return thresholdLines(d);
    case "feedback":
      return feedbackLines(d);
    case "campaign":
      return campaignLines(d);
    case "channel": {
      const items: BodyItem[] = [
        { text: `type ${d.type.value}`, slot: "type" },
        ...d.settings.map((s, i) => ({
          text: `${s.key.text} ${s.value.kind === "env" ? `env(${quote(s.value.name.value)})` : quote(s.value.value.value)}`,
          slot: `setting.${i}`,
        })),
      ];
      return inlineOrBlock(`channel ${d.name.text}`, items, "  ", MAX_INLINE_ITEMS, d);
    }
  }
}

function labelled(head: string, label: { value: string } | undefined): string {
  return label ? `${head} ${quote(label.value)}` : head;
}

function scoreHead(d: DeclOf<"score">): string {
  const head = labelled(`score ${d.name.text}`, d.label);
  return d.account ? `${head} for account` : head;
}

function scoreItems(d: DeclOf<"score">): BodyItem[] {
  const items: BodyItem[] = [];
  if (d.scoreKind) items.push({ text: `kind ${d.scoreKind.value}`, slot: "kind" });
  if (d.from) items.push({ text: `from ${printAccountFrom(d.from)}`, slot: "from" });
  if (d.per) items.push({ text: `per ${printDimension(d.per)}`, slot: "per" });
  if (d.limit) items.push({ text: `limit ${printLimit(d.limit)}`, slot: "limit" });
  if (d.decay) items.push({ text: `decay ${printDecay(d.decay)}`, slot: "decay" });
  return items;
}

function ruleTrigger(r: DeclOf<"rule">): string {
  // The score name follows the condition: a score called `after` must not join it.
  return r.trigger.kind === "fit"
    ? `when ${printGuarded(r.trigger.when, r.score.text)}`
    : `on ${r.trigger.event.text}${r.trigger.if ? ` if ${printGuarded(r.trigger.if, r.score.text)}` : ""}`;
}

function ruleRest(r: DeclOf<"rule">): string {
  let tail = `${r.score.text} ${printSigned(r.points.value)}`;
  if (r.once) tail += " once";
  if (r.atMost) tail += ` at most ${printAtMost(r.atMost)}`;
  return tail;
}

/**
 * `head { a  b }` when it fits and no comment sits inside, else a block with one item per
 * line; no items: `head {}`.
 */
function inlineOrBlock(
  head: string,
  items: readonly BodyItem[],
  separator: string,
  maxInline: number,
  slots: Slotted,
): string[] {
  const body = [...bodyLines(items, slots), ...endLines(slots)];
  if (body.length === 0) return [`${head} {}`];
  const inline = `${head} { ${items.map((i) => i.text).join(separator)} }`;
  if (slots.bodyComments === undefined && items.length <= maxInline && inline.length <= WIDTH) return [inline];
  return [`${head} {`, ...body.map((l) => INDENT + l), "}"];
}
