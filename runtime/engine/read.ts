/**
 * Reads for the runtime's SQL side and `contact show`: a stored score row's value now, and
 * when the decay loop must next wake it (`next_transition_at`), with the config's boundaries
 * for that score already applied.
 */
import { decayedValue, nextTransitionAt } from "./decay.js";
import type { Model } from "./model.js";
import type { ScoreCell } from "./types.js";

/** The value of a stored score row at `now` (decay applied; no write needed). */
export function scoreValueAt(model: Model, score: string, cell: ScoreCell, now: number): number {
  const sm = model.scores.get(score);
  if (sm === undefined) return cell.value;
  return decayedValue(sm.decay, cell, Math.max(now, cell.asOf), sm.rest);
}

/**
 * When the row's decayed value next crosses a boundary that matters (a comparison with it
 * anywhere in the config flips, or it comes to rest); undefined when never.
 */
export function scoreTransitionAt(model: Model, score: string, cell: ScoreCell, now: number): number | undefined {
  const sm = model.scores.get(score);
  if (sm === undefined) return undefined;
  return nextTransitionAt(sm.decay, cell, sm.bounds, Math.max(now, cell.asOf), sm.rest);
}
