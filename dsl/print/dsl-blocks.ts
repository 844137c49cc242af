/**
 * The block declarations of the DSL — pipelines, thresholds, feedback loops and campaigns —
 * as lists of lines (without the declaration's own comments). Layout rules are documented at
 * the top of dsl.ts.
 */
import type { Decl, StageNode, StepNode } from "../ast.js";
import {
  printAction,
  printAsk,
  printCondition,
  printDimension,
  printEnter,
  printReentry,
  printStepBody,
  printTrigger,
  printWindow,
} from "./expr.js";
import { commentLines, quote } from "./text.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const INDENT = "  ";

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

export function pipelineLines(d: DeclOf<"pipeline">): string[] {
  const settings: string[] = [];
  if (d.per) settings.push(`per ${printDimension(d.per)}`);
  if (d.account) settings.push("for account");
  if (d.backward) settings.push("allow backward");
  for (const a of d.allows) settings.push(`allow ${a.from.text} -> ${a.to.text}`);
  if (d.manualLock) settings.push(`manual lock ${d.manualLock.text}`);
  const stageLines = stageRows(d.stages);
  const body = settings.length > 0 && stageLines.length > 0 ? [...settings, "", ...stageLines] : [...settings, ...stageLines];
  return block(labelled(`pipeline ${d.name.text}`, d.label), body);
}

function stageRows(stages: readonly StageNode[]): string[] {
  const aligned = alignRows(stages.map((s) => ({ head: `stage ${s.name.text}`, tail: stageTail(s) })));
  return stages.flatMap((s, i) => [...commentLines(s.comments, ""), aligned[i] ?? ""]);
}

function stageTail(s: StageNode): string {
  const parts: string[] = [];
  if (s.label) parts.push(quote(s.label.value));
  if (s.initial) parts.push("initial");
  if (s.manual) parts.push("manual");
  for (const t of s.triggers) parts.push(`when ${printTrigger(t)}`);
  if (s.category) parts.push(`category ${s.category.value}`);
  return parts.join(" ");
}

export function thresholdLines(d: DeclOf<"threshold">): string[] {
  const body: string[] = [];
  if (d.cooldown) body.push(`cooldown ${d.cooldown.text}`);
  if (d.per) body.push(`per ${printDimension(d.per)}`);
  for (const a of d.actions) body.push(printAction(a));
  return block(`threshold ${d.name.text} when ${printCondition(d.when)}`, body);
}

export function feedbackLines(d: DeclOf<"feedback">): string[] {
  const width = Math.max(0, ...d.outcomes.map((o) => o.outcome.text.length));
  const outcomes = d.outcomes.map((o) => {
    const actions = o.actions.length > 0 ? o.actions.map(printAction).join(", ") : "{}";
    return `${o.outcome.text.padEnd(width)} -> ${actions}`;
  });
  return block(`feedback ${d.name.text}`, [`ask ${printAsk(d.ask)}`, ...outcomes]);
}

export function campaignLines(d: DeclOf<"campaign">): string[] {
  const settings: string[] = [];
  if (d.enter) settings.push(`enter ${printEnter(d.enter)}`);
  if (d.leave) settings.push(`leave when ${printCondition(d.leave)}`);
  if (d.goal) settings.push(`goal ${printCondition(d.goal)}`);
  if (d.reentry) settings.push(`reenter ${printReentry(d.reentry)}`);
  if (d.onChange) settings.push(`on change ${d.onChange.value}`);
  if (d.sendWindow) settings.push(`send window ${printWindow(d.sendWindow)}`);
  const steps = stepLines(d.steps);
  const body = settings.length > 0 && steps.length > 0 ? [...settings, "", ...steps] : [...settings, ...steps];
  return block(labelled(`campaign ${d.name.text}`, d.label), body);
}

/** Steps one per line; an `if` opens indented blocks for its branches. */
export function stepLines(steps: readonly StepNode[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    out.push(...commentLines(s.comments, ""));
    const label = s.label ? `${s.label.text}: ` : "";
    if (s.kind !== "if") {
      out.push(label + printStepBody(s));
      continue;
    }
    out.push(`${label}if ${printCondition(s.cond)} {`);
    out.push(...stepLines(s.then).map((l) => INDENT + l));
    if (s.else) {
      out.push("} else {");
      out.push(...stepLines(s.else).map((l) => INDENT + l));
    }
    out.push("}");
  }
  return out;
}
