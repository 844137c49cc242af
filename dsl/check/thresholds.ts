import { ptr } from "../lower/pointer.js";
import { report, type CheckContext } from "./context.js";
import { neverTrue, scoresIn } from "./satisfiable.js";

/**
 * Thresholds that can never fire, and thresholds on fit scores only. Fit never decays: a
 * fit-only threshold turns false again only when fields change, so it cannot re-arm the
 * way a decayed engagement score does; usually engagement was meant to be part of it.
 */
export function checkThresholds(ctx: CheckContext): void {
  const { ir } = ctx;
  for (const [name, t] of Object.entries(ir.thresholds)) {
    const tp = ptr("", "thresholds", name);
    const why = neverTrue(ir, t.when, ptr(tp, "when"));
    if (why !== undefined) {
      report(ctx, "warning", "threshold-never-fires", `the threshold \`${name}\` never fires: ${why.reason}`, why.pointer, "lower the number or raise the score's limit");
    }
    const scores = scoresIn(t.when).filter((s) => ir.scores[s] !== undefined);
    if (scores.length > 0 && scores.every((s) => ir.scores[s]?.kind === "fit")) {
      report(
        ctx,
        "warning",
        "threshold-on-fit-only",
        `the threshold \`${name}\` reads only fit scores, which never decay: it fires when fields change, never on engagement`,
        ptr(tp, "when"),
        "add an engagement score to the condition, e.g. `and engagement >= 60`",
      );
    }
    // `send email` is a campaign step (send windows, unsubscribes); a threshold notifies.
    // `points` and `delete contact` are allowed: the engine runs them (docs/semantics.md).
    t.actions.forEach((a, i) => {
      if (a.do === "send_email") {
        report(ctx, "error", "action-not-allowed", "a threshold cannot `send email`; that is a campaign step", ptr(tp, "actions", i), 'use `notify owner "template"`, or start a campaign that sends it');
      }
    });
  }
}
