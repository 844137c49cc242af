import { FEEDBACK_OUTCOMES } from "../lower/catalog.js";
import { ptr } from "../lower/pointer.js";
import { report, type CheckContext } from "./context.js";

/** Every outcome handled; no loop started from an outcome (it would ask the owner again about the same lead). */
export function checkFeedback(ctx: CheckContext): void {
  for (const [name, f] of Object.entries(ctx.ir.feedback)) {
    const fp = ptr("", "feedback", name);
    const missing = FEEDBACK_OUTCOMES.filter((o) => f.outcomes[o] === undefined);
    if (missing.length > 0) {
      report(
        ctx,
        "warning",
        "feedback-outcome-not-covered",
        `the feedback loop \`${name}\` does nothing when the answer is ${missing.map((m) => `\`${m}\``).join(" or ")}`,
        fp,
        `add ${missing.map((m) => `\`${m} -> ...\``).join(", ")}`,
      );
    }
    for (const [outcome, actions] of Object.entries(f.outcomes)) {
      actions.forEach((a, i) => {
        if (a.do === "feedback") {
          report(ctx, "error", "feedback-action-not-allowed", "an outcome cannot start another feedback loop", ptr(fp, "outcomes", outcome, i), "start it from a threshold instead");
        }
      });
    }
  }
}
