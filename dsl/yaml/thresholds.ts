/** `thresholds:` and `feedback:` — the declarations that run lists of actions. */
import type { ActionNode, Decl } from "../ast.js";
import { readFragment } from "./fragment.js";
import type { Entry, Reader, YNode } from "./reader.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const THRESHOLD_KEYS = ["when", "cooldown", "per", "do"] as const;
export const OUTCOMES = ["good_lead", "bad_timing", "bad_fit", "junk"] as const;
export const FEEDBACK_KEYS = ["ask", ...OUTCOMES] as const;

/** A list of action lines (`[tag hot, start nurture]`); one line alone stands for a list of one. */
export function readActions(r: Reader, node: YNode | undefined, what: string): ActionNode[] {
  const out: ActionNode[] = [];
  for (const item of r.items(node, what, "a list of actions like `tag hot`")) {
    const action = readFragment(r, "action", item, `an action in ${what}`, "tag hot");
    if (action) out.push(action);
  }
  return out;
}

export function readThreshold(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a threshold name");
  if (name === undefined) return undefined;
  const body = r.entries(e.value, `threshold \`${name.text}\``, THRESHOLD_KEYS);
  const get = (k: (typeof THRESHOLD_KEYS)[number]): Entry | undefined => body.find((b) => b.key === k);
  const whenEntry = get("when");
  if (whenEntry === undefined) r.missing(r.spanOf(e.keyNode), `threshold \`${name.text}\``, "when", "engagement >= 60");
  const when = whenEntry && readFragment(r, "condition", whenEntry.value, "`when`", "engagement >= 60 and fit >= 20");
  const cooldownEntry = get("cooldown");
  const cooldown = cooldownEntry && readFragment(r, "duration", cooldownEntry.value, "`cooldown`", "30d");
  const perEntry = get("per");
  const per = perEntry && readFragment(r, "dimension", perEntry.value, "`per`", "product");
  const actions = readActions(r, get("do")?.value, "`do`");
  if (when === undefined) return undefined;
  const decl: DeclOf<"threshold"> = { kind: "threshold", name, when, actions, comments: [], span: e.span };
  if (cooldown) decl.cooldown = cooldown;
  if (per) decl.per = per;
  return decl;
}

export function readFeedback(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a feedback loop name");
  if (name === undefined) return undefined;
  const body = r.entries(e.value, `feedback loop \`${name.text}\``, FEEDBACK_KEYS);
  const askEntry = body.find((b) => b.key === "ask");
  if (askEntry === undefined) {
    r.missing(r.spanOf(e.keyNode), `feedback loop \`${name.text}\``, "ask", "owner via email after 3d, then every 3d, at most 10 times");
    return undefined;
  }
  const ask = readFragment(r, "ask", askEntry.value, "`ask`", "owner via email after 3d, then every 3d, at most 10 times");
  const outcomes: DeclOf<"feedback">["outcomes"] = [];
  for (const b of body) {
    if (b.key === "ask") continue;
    outcomes.push({
      outcome: { text: b.key, span: r.spanOf(b.keyNode) },
      actions: readActions(r, b.value, `\`${b.key}\``),
      span: b.span,
    });
  }
  return ask && { kind: "feedback", name, ask, outcomes, comments: [], span: e.span };
}
