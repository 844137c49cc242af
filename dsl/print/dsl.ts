/**
 * The canonical DSL text of a file (`funnelform fmt`, `funnelform convert --to dsl`).
 *
 * It prints from the AST, so comments, labels, step labels, the author's duration units,
 * declaration order and omitted defaults survive. The canonical style:
 *
 * - Two-space indentation, `\n` line ends, one final newline (an empty file prints as "").
 * - Declarations keep their order. Consecutive one-line declarations of the same group sit
 *   together; a blank line separates groups (version/timezone, fields, events, scores, rules,
 *   segments/suppress, ...), surrounds every multi-line block, and precedes a declaration
 *   that has comments (the comment heads what follows).
 * - Comments print above their declaration, stage or step as `# text`.
 * - `score` and `channel` bodies stay on one line (`score fit { kind fit  limit 0..100 }`,
 *   items separated by two spaces) when they have at most three items and the line fits in
 *   100 columns; otherwise one item per line. Score items print in the order kind, from,
 *   limit, decay, per. `event` props and `segment` conditions stay on one line when it fits
 *   in 100 columns. Pipelines, thresholds, feedback loops and campaigns are always blocks,
 *   settings first, then a blank line, then stages or steps.
 * - Rules are one line each. In a run of consecutive rules (no blank line between them) of
 *   two or more, what follows the name is aligned two spaces after the longest name; stages
 *   of a pipeline align the same way; feedback outcomes align their `->`.
 * - Conditions get the fewest parentheses that read back as the same tree (condition.ts);
 *   parentheses the author wrote are kept. Strings are re-escaped (`\"`, `\\`, `\n`, `\t`,
 *   `\u{...}` for other control characters). Points always carry a sign.
 */
import type { Decl, FileAst } from "../ast.js";
import { campaignLines, feedbackLines, INDENT, pipelineLines, thresholdLines, alignRows } from "./dsl-blocks.js";
import {
  printAccountFrom,
  printAtMost,
  printCondition,
  printDecay,
  printDimension,
  printLimit,
  printLiteral,
} from "./expr.js";
import { commentLines, printSigned, quote } from "./text.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

const WIDTH = 100;
const MAX_INLINE_ITEMS = 3;

/** The canonical DSL text of one file. */
export function printDsl(file: FileAst): string {
  const out: string[] = [];
  let previous: Decl | undefined;
  let previousLines = 0;
  let ruleRun: DeclOf<"rule">[] = [];
  const flushRules = (): void => {
    const rows = alignRows(ruleRun.map((r) => ({ head: `rule ${quote(r.name.text)}`, tail: ruleTail(r) })));
    ruleRun.forEach((r, i) => out.push(...commentLines(r.comments, ""), rows[i] ?? ""));
    ruleRun = [];
  };

  for (const d of file.decls) {
    const lines = d.kind === "rule" ? [] : declLines(d);
    const multiLine = lines.length > 1;
    const blank =
      previous !== undefined &&
      (group(previous) !== group(d) || previousLines > 1 || multiLine || d.comments.length > 0);
    if (blank || d.kind !== "rule") flushRules();
    if (blank) out.push("");
    if (d.kind === "rule") {
      ruleRun.push(d);
    } else {
      out.push(...commentLines(d.comments, ""), ...lines);
    }
    previous = d;
    previousLines = d.kind === "rule" ? 1 : lines.length;
  }
  flushRules();
  if (file.trailingComments.length > 0) {
    if (out.length > 0) out.push("");
    out.push(...commentLines(file.trailingComments, ""));
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

function group(d: Decl): string {
  if (d.kind === "timezone") return "version";
  if (d.kind === "suppress") return "segment";
  return d.kind;
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
      return inlineOrBlock(`event ${d.name.text}`, props, ", ", Infinity);
    }
    case "score":
      return inlineOrBlock(scoreHead(d), scoreItems(d), "  ", MAX_INLINE_ITEMS);
    case "segment": {
      let head = labelled(`segment ${d.name.text}`, d.label);
      if (d.static) head += " static";
      return d.when ? inlineOrBlock(head, [printCondition(d.when)], "", 1) : [head];
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
      const items = [
        `type ${d.type.value}`,
        ...d.settings.map((s) => `${s.key.text} ${s.value.kind === "env" ? `env(${quote(s.value.name.value)})` : quote(s.value.value.value)}`),
      ];
      return inlineOrBlock(`channel ${d.name.text}`, items, "  ", MAX_INLINE_ITEMS);
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

function scoreItems(d: DeclOf<"score">): string[] {
  const items: string[] = [];
  if (d.scoreKind) items.push(`kind ${d.scoreKind.value}`);
  if (d.from) items.push(`from ${printAccountFrom(d.from)}`);
  if (d.limit) items.push(`limit ${printLimit(d.limit)}`);
  if (d.decay) items.push(`decay ${printDecay(d.decay)}`);
  if (d.per) items.push(`per ${printDimension(d.per)}`);
  return items;
}

function ruleTail(r: DeclOf<"rule">): string {
  const trigger =
    r.trigger.kind === "fit"
      ? `when ${printCondition(r.trigger.when)}`
      : `on ${r.trigger.event.text}${r.trigger.if ? ` if ${printCondition(r.trigger.if)}` : ""}`;
  let tail = `${trigger} ${r.score.text} ${printSigned(r.points.value)}`;
  if (r.once) tail += " once";
  if (r.atMost) tail += ` at most ${printAtMost(r.atMost)}`;
  return tail;
}

/** `head { a  b }` when it fits, else a block with one item per line; no items: `head {}`. */
function inlineOrBlock(head: string, items: readonly string[], separator: string, maxInline: number): string[] {
  if (items.length === 0) return [`${head} {}`];
  const inline = `${head} { ${items.join(separator)} }`;
  if (items.length <= maxInline && inline.length <= WIDTH) return [inline];
  return [`${head} {`, ...items.map((i) => INDENT + i), "}"];
}
