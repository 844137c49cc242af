import type { Step } from "../../schemas/ir.js";
import { hintFor } from "../did-you-mean.js";
import { ptr } from "../lower/pointer.js";
import { eventProps, forEachAction, report, type CheckContext } from "./context.js";
import { neverTrue } from "./satisfiable.js";

/**
 * Does running these steps always end the enrollment (an immediate `delete contact` on every
 * path)? `delete contact after D` deletes later, so the steps after it still run until then.
 */
function alwaysEnds(ctx: CheckContext, steps: readonly Step[], p: string): boolean {
  for (const [i, s] of steps.entries()) {
    const sp = ptr(p, i);
    const ends =
      (s.step === "action" && s.action.do === "delete_contact" && s.action.after === undefined) ||
      (s.step === "if" && [alwaysEnds(ctx, s.then, ptr(sp, "then")), alwaysEnds(ctx, s.else, ptr(sp, "else"))].every(Boolean));
    if (ends) {
      if (i + 1 < steps.length) {
        report(ctx, "warning", "campaign-step-unreachable", "no contact ever gets to this step: the step before always ends the campaign (the contact is deleted)", ptr(p, i + 1), "move it before the `delete contact`, or remove it");
      }
      return true;
    }
  }
  return false;
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Unreachable steps, campaigns nobody enters, `once per` props, waits that always time out, send windows. */
export function checkCampaigns(ctx: CheckContext): void {
  const { ir } = ctx;
  const started = new Set<string>();
  forEachAction(ir, (a) => {
    if (a.do === "start") started.add(a.campaign);
  });
  for (const [name, c] of Object.entries(ir.campaigns)) {
    const cp = ptr("", "campaigns", name);
    alwaysEnds(ctx, c.steps, ptr(cp, "steps"));
    if (c.enter.on === "start" && !started.has(name)) {
      report(ctx, "warning", "campaign-never-entered", `nobody ever enters the campaign \`${name}\`: it has no \`enter\` and no \`start ${name}\` action`, cp, "add `enter when in segment ...` or `enter on EVENT`, or `start` it from a threshold or feedback outcome");
    }
    if (c.reentry.kind === "once_per") {
      const rp = ptr(cp, "reentry", "prop");
      if (c.enter.on !== "event") {
        report(ctx, "error", "unknown-prop", "`once per` names a prop of the entry event, but this campaign is not entered on an event", rp, "enter it with `enter on EVENT`, or use `reenter once`");
      } else {
        const props = eventProps(ir, c.enter.event);
        if (props !== undefined && props[c.reentry.prop] === undefined) {
          const known = Object.keys(props);
          report(ctx, "error", "unknown-prop", `the entry event \`${c.enter.event}\` has no prop \`${c.reentry.prop}\``, rp, hintFor(c.reentry.prop, known) ?? `its props are: ${known.join(", ") || "none"}`);
        }
      }
    }
    if (c.sendWindow !== undefined && minutes(c.sendWindow.from) >= minutes(c.sendWindow.to)) {
      report(ctx, "error", "invalid-time", `the send window opens at ${c.sendWindow.from} but closes at ${c.sendWindow.to}`, ptr(cp, "sendWindow"), "the opening time comes first, e.g. `09:00-18:00`");
    }
    const walk = (steps: readonly Step[], p: string): void =>
      steps.forEach((s, i) => {
        const sp = ptr(p, i);
        if (s.step === "wait_until") {
          const why = neverTrue(ir, s.until, ptr(sp, "until"));
          if (why !== undefined) report(ctx, "warning", "campaign-no-way-out", `this wait always lasts its full \`at most\`: ${why.reason}`, why.pointer);
        }
        if (s.step === "if") {
          walk(s.then, ptr(sp, "then"));
          walk(s.else, ptr(sp, "else"));
        }
      });
    walk(c.steps, ptr(cp, "steps"));
  }
}
