/**
 * Segment membership. Dynamic segments are re-evaluated after every state change that their
 * condition reads (and on timers for time-relative conditions); static segments change only
 * by actions. Entering or leaving a suppression segment resets or resumes its scores.
 */
import { Dep } from "./condition.js";
import { addSorted, Quiet, sortedRemove, touched, wants, type Run } from "./run.js";
import { enrollOnSegment } from "./campaign.js";
import { enterSuppression, leaveSuppression } from "./scoring.js";

/** Puts the contact in or out of a segment; emits the entry/exit. */
export function setMembership(run: Run, segment: string, inside: boolean): void {
  const changed = inside ? addSorted(run.st, "segments", segment) : sortedRemove(run.st.segments, segment);
  if (!changed) return;
  if (wants(run, Quiet.segment)) run.effects.push({ type: "segment", contact: run.st.id, segment, entered: inside, at: run.now });
  run.dirty |= Dep.segments;
  if (inside) {
    enterSuppression(run, segment);
    enrollOnSegment(run, segment);
  } else leaveSuppression(run, segment);
}

/** Re-evaluates the dynamic segments whose conditions read something that changed. */
export function evaluateSegments(run: Run): void {
  if (!touched(run, run.model.segmentDeps)) return;
  for (const seg of run.model.dynamicSegments) {
    if (!touched(run, seg.cond.deps)) continue;
    const inside = seg.cond.test(run.ec);
    if (inside !== run.st.segments.includes(seg.name)) setMembership(run, seg.name, inside);
  }
}
