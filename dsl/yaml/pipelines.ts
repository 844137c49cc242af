/** `pipelines:` and their `stages:`. */
import { isMap, isScalar } from "yaml";
import type { Decl, StageNode } from "../ast.js";
import { hintFor } from "../did-you-mean.js";
import { readFragment } from "./fragment.js";
import type { Entry, Reader, YNode } from "./reader.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const PIPELINE_KEYS = ["label", "per", "for", "allow backward", "allow", "manual lock", "stages"] as const;
export const STAGE_KEYS = ["label", "initial", "manual", "category", "when"] as const;
export const CATEGORIES = ["in_progress", "succeeded", "not_succeeded"] as const;

export function readPipeline(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a pipeline name");
  if (name === undefined) return undefined;
  const decl: DeclOf<"pipeline"> = { kind: "pipeline", name, allows: [], stages: [], comments: [], span: e.span };
  for (const b of r.entries(e.value, `pipeline \`${name.text}\``, PIPELINE_KEYS)) {
    switch (b.key) {
      case "label": {
        const label = r.str(b.value, "`label`", "Lifecycle");
        if (label) decl.label = label;
        break;
      }
      case "per": {
        const per = readFragment(r, "dimension", b.value, "`per`", "product");
        if (per) decl.per = per;
        break;
      }
      case "for":
        if (r.word(b.value, "`for`", ["account"] as const)) decl.account = b.span;
        break;
      case "allow backward": {
        const backward = r.flag(b, "`allow backward`");
        if (backward) decl.backward = backward;
        break;
      }
      case "allow":
        for (const item of r.items(b.value, "`allow`", "a list of moves like `mql -> recycled`")) {
          // `allow: [backward]` reads like the DSL line `allow backward`; accept it too.
          if (isScalar(item) && item.value === "backward") {
            decl.backward = r.spanOf(item);
            continue;
          }
          const move = readFragment(r, "allow", item, "a move in `allow`", "mql -> recycled");
          if (move) decl.allows.push(move);
        }
        break;
      case "manual lock": {
        const lock = readFragment(r, "duration", b.value, "`manual lock`", "30d");
        if (lock) decl.manualLock = lock;
        break;
      }
      default:
        decl.stages = readStages(r, b.value);
    }
  }
  return decl;
}

/** `stages:` is a list (`- name: { ... }` or `- name`); a mapping of names is accepted too. */
function readStages(r: Reader, node: YNode | undefined): StageNode[] {
  if (isMap(node)) {
    const out: StageNode[] = [];
    for (const s of r.entries(node, "`stages`")) {
      const stage = readStage(r, s, s.value);
      if (stage) out.push(stage);
    }
    return out;
  }
  const out: StageNode[] = [];
  for (const item of r.items(node, "`stages`", "a list of stages like `- mql: { when: engagement >= 60 }`", false)) {
    if (isScalar(item)) {
      const name = r.name(item, "a stage name");
      if (name) out.push({ name, triggers: [], comments: [], span: r.spanOf(item) });
      continue;
    }
    const entries = r.entries(item, "a stage");
    const first = entries[0];
    if (first === undefined) continue;
    if (entries.length === 1) {
      const stage = readStage(r, first, first.value);
      if (stage) out.push(stage);
    } else if (r.present(first.value) === undefined) {
      // `- mql:` followed by its settings at the same indentation: the body is the rest of the mapping.
      const stage = readStage(r, first, item, entries.slice(1));
      if (stage) out.push(stage);
    } else {
      r.wrongType(item, "each stage", "one `name: { settings }` per list item", r.tightSpan(item));
    }
  }
  return out;
}

function readStage(r: Reader, e: Entry, body: YNode | undefined, given?: Entry[]): StageNode | undefined {
  const name = r.keyName(e, "a stage name");
  if (name === undefined) return undefined;
  const stage: StageNode = { name, triggers: [], comments: [], span: given && body ? r.tightSpan(body) : e.span };
  const entries = given ?? r.entries(body, `stage \`${name.text}\``, STAGE_KEYS);
  for (const b of entries) {
    switch (b.key) {
      case "label": {
        const label = r.str(b.value, "`label`", "Marketing qualified");
        if (label) stage.label = label;
        break;
      }
      case "initial": {
        const initial = r.flag(b, "`initial`");
        if (initial) stage.initial = initial;
        break;
      }
      case "manual": {
        const manual = r.flag(b, "`manual`");
        if (manual) stage.manual = manual;
        break;
      }
      case "category": {
        const category = r.word(b.value, "`category`", CATEGORIES);
        if (category) stage.category = category;
        break;
      }
      case "when":
        for (const item of r.items(b.value, "`when`", "a list of triggers like `event page.visited`")) {
          const trigger = readFragment(r, "trigger", item, "a trigger in `when`", "event page.visited");
          if (trigger) stage.triggers.push(trigger);
        }
        break;
      default:
        r.report("yaml-unknown-key", `\`${b.key}\` is not a setting of stage \`${name.text}\``, r.spanOf(b.keyNode), hintFor(b.key, STAGE_KEYS));
    }
  }
  return stage;
}
