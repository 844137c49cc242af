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
 * their key or list item, at the end of its first line, or after the last entry of a body;
 * a segment condition with comments between its operands prints as a block scalar of DSL
 * text (layout.ts).
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
import { canonicalBlank } from "./layout.js";
import { commentLines } from "./text.js";
import { bodyMap, condition, lead, segmentWhen, slot } from "./yaml-comments.js";
import { literalValue } from "./yaml-literal.js";
import { bool, emitDocument, map, seq, signed, str, type YEntry, type YItem, type YMap, type YScalar, type YValue } from "./yaml-emit.js";

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
  let previous: Decl | undefined;
  for (const d of file.decls) {
    // The blank lines the DSL printer would write (layout.ts), so convert keeps paragraphs.
    const blank = previous !== undefined && (canonicalBlank(previous, d) || d.blankLineBefore === true);
    previous = d;
    if (d.kind === "version" || d.kind === "timezone") {
      const value: YScalar = d.kind === "version" ? { ...str(d.value.value), quoted: true } : str(d.value.value);
      root.push({ key: d.kind, value, ...lead(d), blankBefore: blank });
      continue;
    }
    const key = SECTION[d.kind];
    let entries = sections.get(key);
    if (entries === undefined) {
      entries = [];
      sections.set(key, entries);
      // In the file's first section, comments up to the last blank line among those of its
      // first declaration are the file's heading and print above the section key; the rest
      // stay with the declaration (the loader gives all of them back to it).
      const gaps = d.commentGaps ?? [];
      const own = lead(d);
      const split = root.length === 0 ? Math.max(0, ...gaps) : 0;
      root.push({
        key,
        value: map(entries, "block"),
        comments: own.comments.slice(0, split),
        gaps: [...gaps.filter((g) => g < split), ...(split > 0 ? [split] : [])],
        blankBefore: blank,
      });
      entries.push({ ...declEntry(d), comments: own.comments.slice(split), gaps: gaps.filter((g) => g > split).map((g) => g - split) });
      continue;
    }
    entries.push({ ...declEntry(d), blankBefore: blank });
  }
  const header = options.schema === undefined ? [] : [`yaml-language-server: $schema=${options.schema}`];
  const text = emitDocument(map(root, "block"), header);
  const trailing = commentLines(file.trailingComments, "").map((c) => `${c}\n`).join("");
  return text + (text !== "" && trailing !== "" ? "\n" : "") + trailing;
}


function declEntry(d: Exclude<Decl, { kind: "version" | "timezone" }>): YEntry {
  const e = (value: YValue): YEntry => ({ key: d.kind === "suppress" ? d.segment.text : d.name.text, value, ...lead(d) });
  switch (d.kind) {
    case "field": {
      const value = d.default ? map([entry("type", str(d.type.value)), entry("default", literalValue(d.default))]) : str(d.type.value);
      return e(value);
    }
    case "event":
      return e(bodyMap(d, d.props.map((p) => entry(p.name.text, str(p.type.value)))));
    case "score":
      return e(bodyMap(d, scoreEntries(d)));
    case "rule":
      return e(map(ruleEntries(d)));
    case "segment": {
      const entries: YEntry[] = [];
      if (d.label) entries.push(entry("label", str(d.label.value)));
      if (d.static) entries.push(entry("static", bool(true)));
      if (d.when) entries.push(segmentWhen(d, d.when));
      return e(bodyMap(d, entries));
    }
    case "suppress":
      return e(seq(d.scores.map((s) => str(s.text))));
    case "pipeline":
      return e(bodyMap(d, pipelineEntries(d), "block"));
    case "threshold": {
      const entries = [entry("when", condition(d.when))];
      if (d.per) entries.push(withSlot(d, "per", str(printDimension(d.per))));
      if (d.cooldown) entries.push(withSlot(d, "cooldown", str(d.cooldown.text)));
      const actions: YItem[] = d.actions.map((a, i) => ({ value: str(printAction(a)), ...slot(d, `action.${i}`) }));
      entries.push(entry("do", { t: "seq", items: actions, layout: "block" }));
      return e(bodyMap(d, entries, "block"));
    }
    case "feedback": {
      const entries: YEntry[] = [{ key: "ask", value: str(printAsk(d.ask)), ...slot(d, "ask") }];
      // Like the DSL: a blank line between `ask` and the outcomes.
      d.outcomes.forEach((o, i) =>
        entries.push({
          key: o.outcome.text,
          value: o.actions.length === 1 && o.actions[0] !== undefined ? str(printAction(o.actions[0])) : seq(o.actions.map((a) => str(printAction(a)))),
          ...slot(d, `outcome.${i}`),
          blankBefore: i === 0 || o.blankLineBefore === true,
        }),
      );
      return e(bodyMap(d, entries, "block"));
    }
    case "campaign":
      return e(bodyMap(d, campaignEntries(d), "block"));
    case "channel": {
      const entries: YEntry[] = [{ key: "type", value: str(d.type.value), ...slot(d, "type") }];
      d.settings.forEach((s, i) =>
        entries.push({
          key: s.key.text,
          value: s.value.kind === "env" ? map([entry("env", str(s.value.name.value))]) : str(s.value.value.value),
          ...slot(d, `setting.${i}`),
        }),
      );
      return e(bodyMap(d, entries));
    }
  }
}

/** `key: value` under the comments of the body slot of the same name. */
function withSlot(d: Parameters<typeof slot>[0], key: string, value: YValue, yamlKey = key): YEntry {
  return { key: yamlKey, value, ...slot(d, key) };
}

function entry(key: string, value: YValue): YEntry {
  return { key, value };
}

function scoreEntries(d: DeclOf<"score">): YEntry[] {
  const body: YEntry[] = [];
  if (d.label) body.push(entry("label", str(d.label.value)));
  if (d.scoreKind) body.push(withSlot(d, "kind", str(d.scoreKind.value)));
  if (d.account) body.push(entry("for", str("account")));
  if (d.from) body.push(withSlot(d, "from", str(printAccountFrom(d.from))));
  if (d.per) body.push(withSlot(d, "per", str(printDimension(d.per))));
  if (d.limit) body.push(withSlot(d, "limit", str(printLimit(d.limit))));
  if (d.decay) body.push(withSlot(d, "decay", str(printDecay(d.decay))));
  return body;
}

function ruleEntries(d: DeclOf<"rule">): YEntry[] {
  const body: YEntry[] = [];
  if (d.trigger.kind === "event") {
    body.push(entry("on", str(d.trigger.event.text)));
    if (d.trigger.if) body.push(entry("if", condition(d.trigger.if)));
  } else {
    body.push(entry("when", condition(d.trigger.when)));
  }
  body.push(entry("score", str(d.score.text)), entry("points", signed(d.points.value)));
  if (d.once) body.push(entry("once", bool(true)));
  if (d.atMost) body.push(entry("at most", str(printAtMost(d.atMost))));
  return body;
}

function pipelineEntries(d: DeclOf<"pipeline">): YEntry[] {
  const body: YEntry[] = [];
  if (d.label) body.push(entry("label", str(d.label.value)));
  if (d.per) body.push(withSlot(d, "per", str(printDimension(d.per))));
  if (d.account) body.push(withSlot(d, "account", str("account"), "for"));
  if (d.backward) body.push(withSlot(d, "backward", bool(true), "allow backward"));
  if (d.allows.length > 0) {
    const items: YItem[] = d.allows.map((a, i) => ({ value: str(printAllow(a)), ...slot(d, `allow.${i}`) }));
    body.push(entry("allow", { t: "seq", items }));
  }
  if (d.manualLock) body.push(withSlot(d, "manualLock", str(d.manualLock.text), "manual lock"));
  body.push(entry("stages", { t: "seq", items: d.stages.map(stageItem), layout: "block" }));
  return body;
}

/** `- name` alone, or `- name: { settings }`. */
function stageItem(s: StageNode): YItem {
  const body: YEntry[] = [];
  if (s.label) body.push(entry("label", str(s.label.value)));
  if (s.initial) body.push(entry("initial", bool(true)));
  if (s.category) body.push(entry("category", str(s.category.value)));
  if (s.manual) body.push(entry("manual", bool(true)));
  if (s.triggers.length > 0) {
    const items: YItem[] = s.triggers.map((t, i) => ({ value: str(printTrigger(t)), ...slot(s, `when.${i}`) }));
    const only = items[0];
    const single = items.length === 1 && only !== undefined && (only.comments ?? []).length === 0;
    body.push(single ? { key: "when", value: only.value, ...(only.lineComment === undefined ? {} : { lineComment: only.lineComment }) } : entry("when", { t: "seq", items }));
  }
  const value: YValue = body.length === 0 ? str(s.name.text) : map([entry(s.name.text, map(body))], "block");
  return { value, ...lead(s), blankBefore: s.blankLineBefore === true };
}

function campaignEntries(d: DeclOf<"campaign">): YEntry[] {
  const body: YEntry[] = [];
  if (d.label) body.push(entry("label", str(d.label.value)));
  if (d.enter) body.push(withSlot(d, "enter", str(printEnter(d.enter))));
  if (d.leave) body.push(withSlot(d, "leave", str(`when ${printCondition(d.leave)}`)));
  if (d.goal) body.push(withSlot(d, "goal", str(printCondition(d.goal))));
  if (d.reentry) body.push(withSlot(d, "reenter", str(printReentry(d.reentry))));
  if (d.onChange) body.push(withSlot(d, "onChange", str(d.onChange.value), "on change"));
  if (d.sendWindow) body.push(withSlot(d, "sendWindow", str(printWindow(d.sendWindow)), "send window"));
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
    return { value: map(body, "block"), ...lead(s), blankBefore: s.blankLineBefore === true };
  }
  const text = str(printStepBody(s));
  if (s.label === undefined) return { value: text, ...lead(s), blankBefore: s.blankLineBefore === true };
  const value: YMap = RESERVED_LABELS.has(s.label.text)
    ? map([entry("label", str(s.label.text)), entry("do", text)])
    : map([entry(s.label.text, text)], "block");
  return { value, ...lead(s), blankBefore: s.blankLineBefore === true };
}
