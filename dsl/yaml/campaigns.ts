/** `campaigns:` and their `steps:`. */
import { isMap, isScalar } from "yaml";
import type { Decl, Name, StepNode } from "../ast.js";
import { parseFragment } from "../syntax/index.js";
import { readFragment } from "./fragment.js";
import type { Entry, Reader, YNode } from "./reader.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const CAMPAIGN_KEYS = ["label", "enter", "leave", "goal", "reenter", "on change", "send window", "steps"] as const;
export const IF_STEP_KEYS = ["label", "if", "then", "else"] as const;
export const LABELLED_STEP_KEYS = ["label", "do"] as const;
export const ON_CHANGE = ["keep", "migrate", "restart"] as const;

export function readCampaign(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a campaign name");
  if (name === undefined) return undefined;
  const decl: DeclOf<"campaign"> = { kind: "campaign", name, steps: [], comments: [], span: e.span };
  for (const b of r.entries(e.value, `campaign \`${name.text}\``, CAMPAIGN_KEYS)) {
    switch (b.key) {
      case "label": {
        const label = r.str(b.value, "`label`", "Win back lapsed buyers");
        if (label) decl.label = label;
        break;
      }
      case "enter": {
        const enter = readFragment(r, "enter", b.value, "`enter`", "when in segment lapsed_buyers");
        if (enter) decl.enter = enter;
        break;
      }
      case "leave": {
        // Written `leave: when COND` like the DSL line; the `when` may be left out.
        const leave = readFragment(r, "condition", b.value, "`leave`", "when stage lifecycle is customer", /^when\s+/);
        if (leave) decl.leave = leave;
        break;
      }
      case "goal": {
        const goal = readFragment(r, "condition", b.value, "`goal`", "did purchase.completed");
        if (goal) decl.goal = goal;
        break;
      }
      case "reenter": {
        const reentry = readFragment(r, "reentry", b.value, "`reenter`", "after 90d");
        if (reentry) decl.reentry = reentry;
        break;
      }
      case "on change": {
        const onChange = r.word(b.value, "`on change`", ON_CHANGE);
        if (onChange) decl.onChange = onChange;
        break;
      }
      case "send window": {
        const window = readFragment(r, "window", b.value, "`send window`", "mon-fri 09:00-18:00");
        if (window) decl.sendWindow = window;
        break;
      }
      default:
        decl.steps = readSteps(r, b.value, "`steps`");
    }
  }
  return decl;
}

/**
 * A list of steps. Each item is a step line (`wait 3d`), a labelled step line
 * (`intro: send email "hi"`, or `{ label: intro, do: ... }`), or an `if` step
 * (`{ if: COND, then: [...], else: [...], label?: NAME }`).
 */
function readSteps(r: Reader, node: YNode | undefined, what: string): StepNode[] {
  const out: StepNode[] = [];
  for (const item of r.items(node, what, "a list of steps like `- wait 3d`")) {
    const step = readStep(r, item);
    if (step) out.push(step);
  }
  return out;
}

function readStep(r: Reader, item: YNode): StepNode | undefined {
  if (isScalar(item)) return readFragment(r, "step", item, "a step", "wait 3d");
  if (!isMap(item)) {
    r.wrongType(item, "a step", 'a step line like `wait 3d` or `if:` with `then:`');
    return undefined;
  }
  const keys = item.items.map((p) => (isScalar(p.key) ? p.key.value : undefined));
  if (keys.includes("if")) return readIfStep(r, item);
  if (keys.includes("do")) {
    const body = r.entries(item, "a step", LABELLED_STEP_KEYS);
    const label = body.find((b) => b.key === "label");
    const doEntry = body.find((b) => b.key === "do");
    return doEntry && labelled(r, doEntry.value, label && r.name(label.value, "a step label"), r.tightSpan(item));
  }
  const entries = r.entries(item, "a step");
  const only = entries[0];
  if (entries.length !== 1 || only === undefined) {
    if (entries.length > 1) r.wrongType(item, "a step", 'one step per list item, like `- intro: send email "hi"`');
    return undefined;
  }
  if (only.key === "then" || only.key === "else") {
    r.missing(r.spanOf(only.keyNode), "an `if` step", "if", "tagged vip");
    return undefined;
  }
  if (only.key === "label") {
    r.missing(r.spanOf(only.keyNode), "a labelled step", "do", 'send email "hi"');
    return undefined;
  }
  return labelled(r, only.value, r.keyName(only, "a step label"), only.span);
}

function labelled(r: Reader, node: YNode | undefined, label: Name | undefined, span: StepNode["span"]): StepNode | undefined {
  const step = readFragment(r, "step", node, "a step", "wait 3d");
  if (step === undefined) return undefined;
  const out: StepNode = { ...step, span };
  if (label && labelOk(r, label)) out.label = label;
  return out;
}

/**
 * A step label must read back as a label in the DSL (`intro: wait 3d`); a word of the
 * language such as `wait` or `if` would not, so `convert` could not keep it.
 */
function labelOk(r: Reader, label: Name): boolean {
  const probe = parseFragment("step", `${label.text}: wait 1d`, label.span.file, 0);
  if (probe.value?.label?.text === label.text) return true;
  r.report("reserved-name", `\`${label.text}\` cannot be a step label: it is a word of the funnel language`, label.span, "choose another label, e.g. `intro` or `reminder`");
  return false;
}

function readIfStep(r: Reader, item: YNode): StepNode | undefined {
  const body = r.entries(item, "an `if` step", IF_STEP_KEYS);
  const get = (k: (typeof IF_STEP_KEYS)[number]): Entry | undefined => body.find((b) => b.key === k);
  const ifEntry = get("if");
  const cond = ifEntry && readFragment(r, "condition", ifEntry.value, "`if`", "did email.clicked within 3d");
  const thenEntry = get("then");
  if (thenEntry === undefined) r.missing(ifEntry ? r.spanOf(ifEntry.keyNode) : r.tightSpan(item), "an `if` step", "then", '[send email "offer"]');
  const then = readSteps(r, thenEntry?.value, "`then`");
  const elseEntry = get("else");
  const labelEntry = get("label");
  const label = labelEntry && r.name(labelEntry.value, "a step label");
  if (cond === undefined) return undefined;
  const step: StepNode = { kind: "if", cond, then, comments: [], span: r.tightSpan(item) };
  if (elseEntry) step.else = readSteps(r, elseEntry.value, "`else`");
  if (label && labelOk(r, label)) step.label = label;
  return step;
}
