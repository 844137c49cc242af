/**
 * The block declarations of the DSL — pipelines, thresholds, feedback loops and campaigns —
 * as lists of lines (without the declaration's own comments). Layout rules are documented at
 * the top of dsl.ts.
 */
import type { CondNode, Decl, StageNode, StepNode, TriggerNode } from "../ast.js";
import {
  printAction,
  printAsk,
  printCondition,
  printDimension,
  printEnter,
  printReentry,
  printStepBody,
  printWindow,
} from "./expr.js";
import { conditionParts, printGuarded } from "./condition.js";
import { splitComments } from "./layout.js";
import { commentLines, quote, withLineComment } from "./text.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const INDENT = "  ";
const WIDTH = 100;
/** Continuation lines of a long declaration head. */
const CONTINUATION = "    ";

/** One item of a block body and the `bodyComments` slot its comments live in. */
export interface BodyItem {
  text: string;
  slot?: string;
}

/** A node with body comment slots (dsl/print/layout.ts). */
export interface Slotted {
  bodyComments?: Record<string, string[]>;
  bodyLineComments?: Record<string, true>;
}

/** A node with comments of its own. */
interface Commented {
  comments: readonly string[];
  commentGaps?: readonly number[];
  lineComment?: true;
}

/** The comments of one body slot: above its item, and at the end of its line. */
export function slotComments(n: Slotted | undefined, slot: string | undefined): { above: readonly string[]; line?: string } {
  if (slot === undefined) return { above: [] };
  return splitComments(n?.bodyComments?.[slot] ?? [], n?.bodyLineComments?.[slot]);
}

/** Body items one per line, each under the comments written above it and with its line comment. */
export function bodyLines(items: readonly BodyItem[], n: Slotted | undefined): string[] {
  return items.flatMap((i) => {
    const c = slotComments(n, i.slot);
    return [...commentLines(c.above, ""), withLineComment(i.text, c.line)];
  });
}

/** The comments after the last item of a body. */
export function endLines(n: Slotted): string[] {
  return commentLines(n.bodyComments?.["end"] ?? [], "");
}

/** A node's lines under the comments written above it, its line comment on its first line. */
export function withComments(n: Commented, lines: readonly string[]): string[] {
  const { above, line } = splitComments(n.comments, n.lineComment);
  const [first = "", ...rest] = lines;
  return [...commentLines(above, "", n.commentGaps), withLineComment(first, line), ...rest];
}

/**
 * Pads each head so the tails line up: when two or more rows have a tail, heads are padded
 * to the longest such head plus two spaces; otherwise a single space separates them.
 */
export function alignRows(rows: readonly { head: string; tail: string }[]): string[] {
  const withTail = rows.filter((r) => r.tail !== "");
  const width = Math.max(0, ...withTail.map((r) => r.head.length));
  return rows.map((r) => {
    if (r.tail === "") return r.head;
    return withTail.length >= 2 ? `${r.head.padEnd(width)}  ${r.tail}` : `${r.head} ${r.tail}`;
  });
}

function labelled(head: string, label: { value: string } | undefined): string {
  return label ? `${head} ${quote(label.value)}` : head;
}

/** A `{ ... }` block; an empty body prints as `{}`. */
function block(head: string, body: readonly string[]): string[] {
  if (body.length === 0) return [`${head} {}`];
  return [`${head} {`, ...body.map((l) => (l === "" ? "" : INDENT + l)), "}"];
}

/** Settings, then a blank line, then the stages or steps. */
function settingsThen(settings: readonly string[], rest: readonly string[]): string[] {
  return settings.length > 0 && rest.length > 0 ? [...settings, "", ...rest] : [...settings, ...rest];
}

export function pipelineLines(d: DeclOf<"pipeline">): string[] {
  const settings: BodyItem[] = [];
  if (d.per) settings.push({ text: `per ${printDimension(d.per)}`, slot: "per" });
  if (d.account) settings.push({ text: "for account", slot: "account" });
  if (d.backward) settings.push({ text: "allow backward", slot: "backward" });
  d.allows.forEach((a, i) => settings.push({ text: `allow ${a.from.text} -> ${a.to.text}`, slot: `allow.${i}` }));
  if (d.manualLock) settings.push({ text: `manual lock ${d.manualLock.text}`, slot: "manualLock" });
  const stageLines = d.stages.flatMap((s, i) => [...(i > 0 && s.blankLineBefore ? [""] : []), ...withComments(s, stageLinesOf(s))]);
  return block(labelled(`pipeline ${d.name.text}`, d.label), [...settingsThen(bodyLines(settings, d), stageLines), ...endLines(d)]);
}

/** `stage NAME "label" initial category X manual`, then each `when` on its own line. */
function stageLinesOf(s: StageNode): string[] {
  const parts = [`stage ${s.name.text}`];
  if (s.label) parts.push(quote(s.label.value));
  if (s.initial) parts.push("initial");
  if (s.category) parts.push(`category ${s.category.value}`);
  if (s.manual) parts.push("manual");
  const triggers = bodyLines(s.triggers.map((t, i) => ({ text: `when ${triggerText(t)}`, slot: `when.${i}` })), s);
  return [parts.join(" "), ...triggers.map((l) => INDENT + l)];
}

/** A stage trigger; more stage text may follow it, so a condition that would run on is enclosed. */
function triggerText(t: TriggerNode): string {
  if (t.kind === "condition") return printGuarded(t.when, "*");
  return t.if ? `event ${t.event.text} if ${printGuarded(t.if, "*")}` : `event ${t.event.text}`;
}

/**
 * A declaration head ending in ` {` whose condition may be too long for one line: it
 * continues on lines indented four spaces, each starting with `and`/`or`, filled greedily.
 */
function wrappedHead(prefix: string, cond: CondNode): string[] {
  const parts = conditionParts(cond);
  const lines: string[] = [];
  let line = `${prefix} ${parts[0] ?? ""}`;
  for (const part of parts.slice(1)) {
    if (`${line} ${part} {`.length <= WIDTH) line += ` ${part}`;
    else {
      lines.push(line);
      line = CONTINUATION + part;
    }
  }
  lines.push(`${line} {`);
  return lines;
}

export function thresholdLines(d: DeclOf<"threshold">): string[] {
  const body: BodyItem[] = [];
  if (d.per) body.push({ text: `per ${printDimension(d.per)}`, slot: "per" });
  if (d.cooldown) body.push({ text: `cooldown ${d.cooldown.text}`, slot: "cooldown" });
  d.actions.forEach((a, i) => body.push({ text: printAction(a), slot: `action.${i}` }));
  const head = wrappedHead(`threshold ${d.name.text} when`, d.when);
  const lines = [...bodyLines(body, d), ...endLines(d)];
  if (lines.length === 0) {
    const last = head.pop() ?? "";
    return [...head, `${last}}`];
  }
  return [...head, ...lines.map((l) => INDENT + l), "}"];
}

export function feedbackLines(d: DeclOf<"feedback">): string[] {
  const outcomes: string[] = [];
  // Outcomes align their `->` within a paragraph (a run without blank lines).
  let start = 0;
  for (let i = 0; i <= d.outcomes.length; i++) {
    if (i < d.outcomes.length && (i === 0 || d.outcomes[i]?.blankLineBefore !== true)) continue;
    const run = d.outcomes.slice(start, i);
    const width = Math.max(0, ...run.map((o) => o.outcome.text.length));
    run.forEach((o, j) => {
      const k = start + j;
      if (k > 0 && o.blankLineBefore) outcomes.push("");
      const actions = o.actions.length > 0 ? o.actions.map(printAction).join(", ") : "{}";
      outcomes.push(...bodyLines([{ text: `${o.outcome.text.padEnd(width)} -> ${actions}`, slot: `outcome.${k}` }], d));
    });
    start = i;
  }
  const ask = bodyLines([{ text: `ask ${printAsk(d.ask)}`, slot: "ask" }], d);
  return block(`feedback ${d.name.text}`, [...settingsThen(ask, outcomes), ...endLines(d)]);
}

export function campaignLines(d: DeclOf<"campaign">): string[] {
  const settings: BodyItem[] = [];
  if (d.enter) settings.push({ text: `enter ${printEnter(d.enter)}`, slot: "enter" });
  if (d.leave) settings.push({ text: `leave when ${printGuarded(d.leave, "*")}`, slot: "leave" });
  if (d.goal) settings.push({ text: `goal ${printGuarded(d.goal, "*")}`, slot: "goal" });
  if (d.reentry) settings.push({ text: `reenter ${printReentry(d.reentry)}`, slot: "reenter" });
  if (d.onChange) settings.push({ text: `on change ${d.onChange.value}`, slot: "onChange" });
  if (d.sendWindow) settings.push({ text: `send window ${printWindow(d.sendWindow)}`, slot: "sendWindow" });
  return block(labelled(`campaign ${d.name.text}`, d.label), [...settingsThen(bodyLines(settings, d), stepLines(d.steps)), ...endLines(d)]);
}

/** Steps one per line; an `if` opens indented blocks for its branches. */
export function stepLines(steps: readonly StepNode[]): string[] {
  const out: string[] = [];
  steps.forEach((s, i) => {
    if (i > 0 && s.blankLineBefore) out.push("");
    const label = s.label ? `${s.label.text}: ` : "";
    if (s.kind !== "if") {
      out.push(...withComments(s, [label + printStepBody(s)]));
      return;
    }
    out.push(...withComments(s, [`${label}if ${printCondition(s.cond)} {`]));
    out.push(...stepLines(s.then).map((l) => (l === "" ? "" : INDENT + l)));
    if (s.else) {
      out.push("} else {");
      out.push(...stepLines(s.else).map((l) => (l === "" ? "" : INDENT + l)));
    }
    out.push("}");
  });
  return out;
}
