/** `scores:` and `rules:`. */
import type { Decl, Name, NumNode } from "../ast.js";
import { joinSpans } from "../span.js";
import { readFragment } from "./fragment.js";
import type { Entry, Reader } from "./reader.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const SCORE_KEYS = ["label", "kind", "for", "limit", "decay", "per", "from"] as const;
export const RULE_KEYS = ["on", "if", "when", "score", "points", "once", "at most"] as const;

export function readScore(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a score name");
  if (name === undefined) return undefined;
  const decl: DeclOf<"score"> = { kind: "score", name, comments: [], span: e.span };
  for (const b of r.entries(e.value, `score \`${name.text}\``, SCORE_KEYS)) {
    switch (b.key) {
      case "label": {
        const label = r.str(b.value, "`label`", "Engagement");
        if (label) decl.label = label;
        break;
      }
      case "kind": {
        const kind = r.word(b.value, "`kind`", ["engagement", "fit"] as const);
        if (kind) decl.scoreKind = kind;
        break;
      }
      case "for":
        if (r.word(b.value, "`for`", ["account"] as const)) decl.account = b.span;
        break;
      case "limit": {
        const limit = readFragment(r, "limit", b.value, "`limit`", "-20..70");
        if (limit) decl.limit = limit;
        break;
      }
      case "decay": {
        const decay = readFragment(r, "decay", b.value, "`decay`", "10 every 7d");
        if (decay) decl.decay = decay;
        break;
      }
      case "per": {
        const per = readFragment(r, "dimension", b.value, "`per`", "product");
        if (per) decl.per = per;
        break;
      }
      default: {
        const from = readFragment(r, "accountFrom", b.value, "`from`", "contacts sum of engagement");
        if (from) decl.from = from;
      }
    }
  }
  return decl;
}

/**
 * `on: EVENT [if: COND]` (a point rule) or `when: COND` (a fit rule), then `score`,
 * `points`, and optionally `once` or `at most`.
 */
export function readRule(r: Reader, e: Entry): Decl | undefined {
  // Rule names are free text in both syntaxes.
  const name: Name = { text: e.key, span: r.spanOf(e.keyNode) };
  const body = r.entries(e.value, `rule \`${e.key}\``, RULE_KEYS);
  const get = (k: (typeof RULE_KEYS)[number]): Entry | undefined => body.find((b) => b.key === k);
  const on = get("on");
  const cond = get("if");
  const when = get("when");
  let trigger: DeclOf<"rule">["trigger"] | undefined;
  if (on !== undefined) {
    if (when !== undefined)
      r.report("yaml-unknown-key", "a rule has either `on` (an event rule) or `when` (a fit rule), not both", r.spanOf(when.keyNode), "move the condition to `if`");
    const event = r.name(on.value, "`on`", true);
    const where = cond && readFragment(r, "condition", cond.value, "`if`", 'url contains "/pricing"');
    if (event)
      trigger = where
        ? { kind: "event", event, if: where, span: joinSpans(on.span, cond ? cond.span : on.span) }
        : { kind: "event", event, span: on.span };
  } else if (when !== undefined) {
    if (cond !== undefined) r.report("yaml-unknown-key", "`if` belongs to event rules (with `on`)", r.spanOf(cond.keyNode), "a fit rule has its whole condition in `when`");
    const fit = readFragment(r, "condition", when.value, "`when`", 'job_title matches "director|vp"');
    if (fit) trigger = { kind: "fit", when: fit, span: when.span };
  } else {
    r.missing(r.spanOf(e.keyNode), `rule \`${e.key}\``, "on", "email.clicked");
  }
  const scoreEntry = get("score");
  const pointsEntry = get("points");
  if (scoreEntry === undefined) r.missing(r.spanOf(e.keyNode), `rule \`${e.key}\``, "score", "engagement");
  if (pointsEntry === undefined) r.missing(r.spanOf(e.keyNode), `rule \`${e.key}\``, "points", "+3");
  const score = scoreEntry && r.name(scoreEntry.value, "`score`");
  const points: NumNode | undefined = pointsEntry && r.num(pointsEntry.value, "`points`", "+3");
  const onceEntry = get("once");
  const once = onceEntry && r.flag(onceEntry, "`once`");
  const atMostEntry = get("at most");
  const atMost = atMostEntry && readFragment(r, "atMost", atMostEntry.value, "`at most`", "1 per 1d");
  if (trigger === undefined || score === undefined || points === undefined) return undefined;
  const decl: DeclOf<"rule"> = { kind: "rule", name, trigger, score, points, comments: [], span: e.span };
  if (once) decl.once = once;
  if (atMost) decl.atMost = atMost;
  return decl;
}
