/** The score lines a chart draws: every threshold's comparisons of a score with a number. */
import type { Model } from "../engine/index.js";
import type { Cond } from "../../schemas/ir.js";

export interface ThresholdLine {
  threshold: string;
  score: string;
  value: number;
}

function collect(cond: Cond, threshold: string, out: ThresholdLine[]): void {
  if (cond.op === "and" || cond.op === "or") for (const a of cond.args) collect(a, threshold, out);
  else if (cond.op === "not") collect(cond.arg, threshold, out);
  else if (cond.op === "cmp" && cond.ref.ref === "score" && typeof cond.value === "number") out.push({ threshold, score: cond.ref.score, value: cond.value });
}

/** One line per (threshold, score, number) the active version compares, sorted by threshold. */
export function thresholdLines(model: Model): ThresholdLine[] {
  const out: ThresholdLine[] = [];
  for (const name of Object.keys(model.ir.thresholds).sort()) {
    const t = model.ir.thresholds[name];
    if (t !== undefined) collect(t.when, name, out);
  }
  return out;
}
