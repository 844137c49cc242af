import type { Cond } from "../../schemas/ir.js";
import { LOW_VALUE_EVENTS } from "../lower/catalog.js";
import { ptr } from "../lower/pointer.js";
import { report, type CheckContext } from "./context.js";

/** `SCORE >= N` / `SCORE > N` parts of a threshold condition, by score. */
function thresholdLevels(cond: Cond, into: Map<string, number[]>): void {
  if (cond.op === "and" || cond.op === "or") cond.args.forEach((a) => thresholdLevels(a, into));
  if (cond.op === "cmp" && cond.ref.ref === "score" && (cond.cmp === ">=" || cond.cmp === ">") && typeof cond.value === "number") {
    into.set(cond.ref.score, [...(into.get(cond.ref.score) ?? []), cond.value]);
  }
}

/**
 * Fit scores never decay: a decay on one is a mistake, not a no-op. Fit is the sum of the
 * `when` rules that match the contact's fields and engagement is what events add, so a
 * rule of the other kind on a score would break that model.
 */
export function checkScoreDecl(ctx: CheckContext): void {
  for (const [name, s] of Object.entries(ctx.ir.scores)) {
    if (s.kind === "fit" && s.decay !== undefined) {
      report(ctx, "error", "fit-score-decay", `\`${name}\` is a fit score, and fit scores never decay`, ptr("", "scores", name, "decay"), "remove the decay, or make it an engagement score");
    }
  }
  for (const [name, r] of Object.entries(ctx.ir.rules)) {
    const kind = ctx.ir.scores[r.score]?.kind;
    if (kind === undefined) continue;
    if (r.kind === "event" && kind === "fit") {
      report(ctx, "error", "type-mismatch", `\`${r.score}\` is a fit score: it is computed from fields by \`when\` rules, not changed by events`, ptr("", "rules", name, "score"), "use an engagement score here, or write the rule as `when CONDITION score +N`");
    }
    if (r.kind === "fit" && kind === "engagement") {
      report(ctx, "error", "type-mismatch", `\`${r.score}\` is an engagement score: it is changed by events, not computed from fields`, ptr("", "rules", name, "score"), `declare the score with \`kind fit\`, or write the rule as \`on EVENT ${r.score} +N\``);
    }
  }
}

/**
 * The scoring lints of SPEC section 1 (warnings): rules that weigh too much against the
 * lowest threshold on their score, thresholds on scores that never decay, decay without
 * an upper limit.
 */
export function checkScoringLints(ctx: CheckContext): void {
  const { ir } = ctx;
  const levels = new Map<string, number[]>();
  const used = new Set<string>();
  for (const t of Object.values(ir.thresholds)) thresholdLevels(t.when, levels);
  for (const s of levels.keys()) used.add(s);
  for (const [name, r] of Object.entries(ir.rules)) {
    const lv = levels.get(r.score);
    // Fit rules describe who the contact is, not what they did: the guidance is about events.
    if (r.kind !== "event" || lv === undefined || lv.length === 0 || r.points <= 0) continue;
    const lowest = Math.min(...lv);
    if (lowest <= 0) continue;
    // Pointers are built only for a warning: this loop sees every rule of the workspace.
    const rp = (): string => ptr("", "rules", name, "points");
    if (r.points > lowest) {
      report(ctx, "warning", "high-value-rule-too-heavy", `this rule alone (+${r.points}) is worth more than the lowest threshold on \`${r.score}\` (${lowest})`, rp(), `keep a single rule at or below ${lowest} points (100% of the threshold)`);
    } else if (r.if === undefined && LOW_VALUE_EVENTS.has(r.on) && r.points > lowest * 0.1) {
      report(ctx, "warning", "low-value-rule-too-heavy", `\`${r.on}\` is a low-value event, but this rule gives it more than 10% of the lowest threshold on \`${r.score}\` (${lowest})`, rp(), `give it at most ${Math.floor(lowest * 0.1 * 100) / 100} points, or narrow it with \`if\``);
    }
  }
  for (const [name, s] of Object.entries(ir.scores)) {
    const sp = ptr("", "scores", name);
    if (used.has(name) && s.kind === "engagement" && s.scope === "contact" && s.decay === undefined) {
      report(ctx, "warning", "threshold-without-decay", `\`${name}\` is used by a threshold but never decays, so old activity keeps counting forever`, sp, "add e.g. `decay 10 every 7d` (fixed step) or `decay half-life 30d`");
    }
    if (s.decay !== undefined && s.limit?.max === undefined) {
      const threshold = levels.get(name);
      const cap = threshold === undefined ? 100 : Math.ceil(Math.max(...threshold) * 1.2);
      report(ctx, "warning", "decay-without-upper-limit", `\`${name}\` decays but has no upper limit, so a burst of activity can take months to decay`, ptr(sp, "decay"), `add a limit slightly above your highest threshold, e.g. \`limit ..${cap}\``);
    }
  }
}
