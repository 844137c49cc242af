/**
 * Comments in every place the printers keep one (dsl/print/layout.ts): at the end of the
 * first line of declarations, stages and steps, above and at the end of the line of each
 * body item, between a segment's operands, and after the last item of a body. Added to a
 * generated file as the front ends would record them, so print → parse must give them back.
 */
import fc from "fast-check";
import type { Decl, FileAst, StageNode, StepNode } from "../../../dsl/ast.js";
import { conditionParts } from "../../../dsl/print/condition.js";
import { hasEndSlot } from "../../../dsl/print/layout.js";

const TEXTS = ["why", "two words", "", "#", "a: b", " indented", "or c"] as const;

/** One choice per place: the comments written there, and whether the last one ends the line. */
type Choice = readonly [readonly string[], boolean];
export const arbChoices: fc.Arbitrary<Choice[]> = fc.array(
  fc.tuple(fc.array(fc.constantFrom(...TEXTS), { maxLength: 2 }), fc.boolean()),
  { minLength: 1, maxLength: 40 },
);

type Slotted = { bodyComments?: Record<string, string[]>; bodyLineComments?: Record<string, true> };
type Commented = { comments: string[]; lineComment?: true };

/** The body slots a declaration's printers write, in order. */
function slotsOf(d: Decl): string[] {
  const list = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}.${i}`);
  const keys: string[] = [];
  const add = (key: string, present: unknown): void => {
    if (present !== undefined && present !== false) keys.push(key);
  };
  switch (d.kind) {
    case "score":
      add("kind", d.scoreKind);
      add("from", d.from);
      add("per", d.per);
      add("limit", d.limit);
      add("decay", d.decay);
      break;
    case "segment":
      if (d.when) keys.push(...list("when", conditionParts(d.when).length));
      break;
    case "pipeline":
      add("per", d.per);
      add("account", d.account);
      add("backward", d.backward);
      keys.push(...list("allow", d.allows.length));
      add("manualLock", d.manualLock);
      break;
    case "threshold":
      add("per", d.per);
      add("cooldown", d.cooldown);
      keys.push(...list("action", d.actions.length));
      break;
    case "feedback":
      keys.push("ask", ...list("outcome", d.outcomes.length));
      break;
    case "campaign":
      add("enter", d.enter);
      add("leave", d.leave);
      add("goal", d.goal);
      add("reenter", d.reentry);
      add("onChange", d.onChange);
      add("sendWindow", d.sendWindow);
      break;
    case "channel":
      keys.push("type", ...list("setting", d.settings.length));
      break;
    default:
      break;
  }
  if (hasEndSlot(d)) keys.push("end");
  return keys;
}

/** A deep copy of `file` with comments from `choices` (used round-robin) in every place. */
export function addComments(file: FileAst, choices: readonly Choice[]): FileAst {
  const out = structuredClone(file);
  let i = 0;
  const next = (): Choice => choices[i++ % choices.length] ?? [[], false];
  const line = (n: Commented): void => {
    const [texts, on] = next();
    const text = texts[0];
    if (!on || text === undefined) return;
    n.comments = [...n.comments, text];
    n.lineComment = true;
  };
  const slots = (n: Slotted, keys: readonly string[]): void => {
    for (const key of keys) {
      const [texts, on] = next();
      if (texts.length === 0) continue;
      (n.bodyComments ??= {})[key] = [...texts];
      if (on && key !== "end") (n.bodyLineComments ??= {})[key] = true;
    }
  };
  const stage = (s: StageNode): void => {
    line(s);
    slots(s, s.triggers.map((_, k) => `when.${k}`));
  };
  const steps = (list: readonly StepNode[]): void => {
    for (const s of list) {
      line(s);
      if (s.kind !== "if") continue;
      steps(s.then);
      if (s.else) steps(s.else);
    }
  };
  for (const d of out.decls) {
    line(d);
    slots(d, slotsOf(d));
    if (d.kind === "pipeline") d.stages.forEach(stage);
    if (d.kind === "campaign") steps(d.steps);
  }
  return out;
}
