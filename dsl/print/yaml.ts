/**
 * The canonical YAML text of a file (`funnelform fmt` on `.funnel.yaml`, `convert --to yaml`).
 *
 * Layout (docs/language.md, as dsl/yaml/ reads it): one top-level key per declaration kind
 * (`fields:`, `scores:`, ...), in the order each kind first appears in the file, each mapping
 * names to bodies in declaration order. Bodies are flow mappings (`{ kind: fit, limit: 0..100 }`)
 * when they fit in 120 columns; pipelines, thresholds, feedback loops and campaigns are
 * always blocks. Conditions, actions, steps, durations and the other fragments are the DSL
 * text of expr.ts, so both syntaxes share one expression grammar. Scalars are quoted only
 * where a plain scalar would read back differently (yaml-emit.ts). Comments print above
 * their key or list item.
 *
 * YAML groups declarations by kind, so a DSL file that interleaves kinds comes back from
 * YAML grouped (the DSL printer keeps whatever order it is given).
 */
import type { Decl, FileAst, StageNode, StepNode } from "../ast.js";
import {
  printAccountFrom,
  printAction,
  printAllow,
  printAsk,
  printAtMost,
  printCondition,
  printDecay,
  printDimension,
  printEnter,
  printLimit,
  printReentry,
  printStepBody,
  printTrigger,
  printWindow,
} from "./expr.js";
import { commentLines } from "./text.js";
import { literalValue } from "./yaml-literal.js";
import { bool, emitDocument, map, num, seq, str, type YEntry, type YItem, type YMap, type YValue } from "./yaml-emit.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

/** Top-level key of each declaration kind; `version` and `timezone` hold a value, not a map. */
export const SECTION: Record<Decl["kind"], string> = {
  version: "version",
  timezone: "timezone",
  field: "fields",
  event: "events",
  score: "scores",
  rule: "rules",
  segment: "segments",
  suppress: "suppress",
  pipeline: "pipelines",
  threshold: "thresholds",
  feedback: "feedback",
  campaign: "campaigns",
  channel: "channels",
};

export interface YamlPrintOptions {
  /**
   * Where editors find the JSON Schema, written as the first line
   * `# yaml-language-server: $schema=...`. The loader drops that line from the AST (it is
   * not a comment of any declaration), so callers pass it: `convert` a path relative to the
   * output file, `fmt` what `schemaOf` found in the original text.
   */
  schema?: string;
}

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/m;

/** The `$schema=` of a YAML file's `# yaml-language-server:` line, if it has one. */
export function schemaOf(text: string): string | undefined {
  return MODELINE.exec(text)?.[1];
}

/** The canonical YAML text of one file. */
export function printYaml(file: FileAst, options: YamlPrintOptions = {}): string {
  const root: YEntry[] = [];
  const sections = new Map<string, YEntry[]>();
  for (const d of file.decls) {
    if (d.kind === "version" || d.kind === "timezone") {
      root.push({ key: d.kind, value: str(d.value.value), comments: d.comments });
      continue;
    }
    const key = SECTION[d.kind];
    let entries = sections.get(key);
    if (entries === undefined) {
      entries = [];
      sections.set(key, entries);
      root.push({ key, value: map(entries, "block") });
    }
    entries.push(declEntry(d));
  }
  const header = options.schema === undefined ? [] : [`yaml-language-server: $schema=${options.schema}`];
  const text = emitDocument(map(root, "block"), header);
  const trailing = commentLines(file.trailingComments, "").map((c) => `${c}\n`).join("");
  return text + trailing;
}

function declEntry(d: Exclude<Decl, { kind: "version" | "timezone" }>): YEntry {
  const comments = d.comments;
  switch (d.kind) {
    case "field": {
      const value = d.default ? map([entry("type", str(d.type.value)), entry("default", literalValue(d.default))]) : str(d.type.value);
      return { key: d.name.text, value, comments };
    }
    case "event":
      return { key: d.name.text, value: map(d.props.map((p) => entry(p.name.text, str(p.type.value)))), comments };
    case "score":
      return { key: d.name.text, value: map(scoreEntries(d)), comments };
    case "rule":
      return { key: d.name.text, value: map(ruleEntries(d)), comments };
    case "segment": {
      const body: YEntry[] = [];
      if (d.label) body.push(entry("label", str(d.label.value)));
      if (d.static) body.push(entry("static", bool(true)));
      if (d.when) body.push(entry("when", str(printCondition(d.when))));
      return { key: d.name.text, value: map(body), comments };
    }
    case "suppress":
      return { key: d.segment.text, value: seq(d.scores.map((s) => str(s.text))), comments };
    case "pipeline":
      return { key: d.name.text, value: map(pipelineEntries(d), "block"), comments };
    case "threshold": {
      const body = [entry("when", str(printCondition(d.when)))];
      if (d.cooldown) body.push(entry("cooldown", str(d.cooldown.text)));
      if (d.per) body.push(entry("per", str(printDimension(d.per))));
      body.push(entry("do", seq(d.actions.map((a) => str(printAction(a))), "block")));
      return { key: d.name.text, value: map(body, "block"), comments };
    }
    case "feedback": {
      const body = [entry("ask", str(printAsk(d.ask)))];
      for (const o of d.outcomes) body.push(entry(o.outcome.text, seq(o.actions.map((a) => str(printAction(a))))));
      return { key: d.name.text, value: map(body, "block"), comments };
    }
    case "campaign":
      return { key: d.name.text, value: map(campaignEntries(d), "block"), comments };
    case "channel": {
      const body = [entry("type", str(d.type.value))];
      for (const s of d.settings)
        body.push(entry(s.key.text, s.value.kind === "env" ? map([entry("env", str(s.value.name.value))]) : str(s.value.value.value)));
      return { key: d.name.text, value: map(body), comments };
    }
  }
}

function entry(key: string, value: YValue): YEntry {
  return { key, value };
}

function scoreEntries(d: DeclOf<"score">): YEntry[] {
  const body: YEntry[] = [];
  if (d.label) body.push(entry("label", str(d.label.value)));
  if (d.scoreKind) body.push(entry("kind", str(d.scoreKind.value)));
  if (d.account) body.push(entry("for", str("account")));
  if (d.from) body.push(entry("from", str(printAccountFrom(d.from))));
  if (d.limit) body.push(entry("limit", str(printLimit(d.limit))));
  if (d.decay) body.push(entry("decay", str(printDecay(d.decay))));
  if (d.per) body.push(entry("per", str(printDimension(d.per))));
  return body;
}

function ruleEntries(d: DeclOf<"rule">): YEntry[] {
  const body: YEntry[] = [];
  if (d.trigger.kind === "event") {
    body.push(entry("on", str(d.trigger.event.text)));
    if (d.trigger.if) body.push(entry("if", str(printCondition(d.trigger.if))));
  } else {
    body.push(entry("when", str(printCondition(d.trigger.when))));
  }
  body.push(entry("score", str(d.score.text)), entry("points", num(d.points.value)));
  if (d.once) body.push(entry("once", bool(true)));
  if (d.atMost) body.push(entry("at most", str(printAtMost(d.atMost))));
  return body;
}

function pipelineEntries(d: DeclOf<"pipeline">): YEntry[] {
  const body: YEntry[] = [];
  if (d.label) body.push(entry("label", str(d.label.value)));
  if (d.per) body.push(entry("per", str(printDimension(d.per))));
  if (d.account) body.push(entry("for", str("account")));
  if (d.backward) body.push(entry("allow backward", bool(true)));
  if (d.allows.length > 0) body.push(entry("allow", seq(d.allows.map((a) => str(printAllow(a))))));
  if (d.manualLock) body.push(entry("manual lock", str(d.manualLock.text)));
  body.push(entry("stages", { t: "seq", items: d.stages.map(stageItem), layout: "block" }));
  return body;
}

/** `- name` alone, or `- name: { settings }`. */
function stageItem(s: StageNode): YItem {
  const body: YEntry[] = [];
  if (s.label) body.push(entry("label", str(s.label.value)));
  if (s.initial) body.push(entry("initial", bool(true)));
  if (s.manual) body.push(entry("manual", bool(true)));
  if (s.triggers.length > 0) body.push(entry("when", seq(s.triggers.map((t) => str(printTrigger(t))))));
  if (s.category) body.push(entry("category", str(s.category.value)));
  const value: YValue = body.length === 0 ? str(s.name.text) : map([entry(s.name.text, map(body))], "block");
  return { value, comments: s.comments };
}

function campaignEntries(d: DeclOf<"campaign">): YEntry[] {
  const body: YEntry[] = [];
  if (d.label) body.push(entry("label", str(d.label.value)));
  if (d.enter) body.push(entry("enter", str(printEnter(d.enter))));
  if (d.leave) body.push(entry("leave", str(`when ${printCondition(d.leave)}`)));
  if (d.goal) body.push(entry("goal", str(printCondition(d.goal))));
  if (d.reentry) body.push(entry("reenter", str(printReentry(d.reentry))));
  if (d.onChange) body.push(entry("on change", str(d.onChange.value)));
  if (d.sendWindow) body.push(entry("send window", str(printWindow(d.sendWindow))));
  body.push(entry("steps", stepSeq(d.steps, "block")));
  return body;
}

function stepSeq(steps: readonly StepNode[], layout: "auto" | "block"): YValue {
  return { t: "seq", items: steps.map(stepItem), layout };
}

/** Labels the loader would take for step keys (`if`, `do`) use the `{ label, do }` form. */
const RESERVED_LABELS = new Set(["if", "do", "label", "then", "else"]);

function stepItem(s: StepNode): YItem {
  if (s.kind === "if") {
    const body: YEntry[] = [];
    if (s.label) body.push(entry("label", str(s.label.text)));
    body.push(entry("if", str(printCondition(s.cond))), entry("then", stepSeq(s.then, "auto")));
    if (s.else) body.push(entry("else", stepSeq(s.else, "auto")));
    return { value: map(body, "block"), comments: s.comments };
  }
  const text = str(printStepBody(s));
  if (s.label === undefined) return { value: text, comments: s.comments };
  const value: YMap = RESERVED_LABELS.has(s.label.text)
    ? map([entry("label", str(s.label.text)), entry("do", text)])
    : map([entry(s.label.text, text)], "block");
  return { value, comments: s.comments };
}
