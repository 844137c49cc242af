/**
 * Static scans of conditions, done once by `compileModel`: the numbers each score is compared
 * with (decay transition boundaries) and the history conditions (event windows to keep).
 */
import type { Cond } from "../../schemas/ir.js";
import type { ScoreBound } from "./decay.js";

/** Every number a score is compared with anywhere in \`cond\`, with the comparison (decay transitions). */
export function collectScoreBounds(cond: Cond, out: Map<string, ScoreBound[]>): void {
  switch (cond.op) {
    case "and":
    case "or":
      for (const a of cond.args) collectScoreBounds(a, out);
      return;
    case "not":
      collectScoreBounds(cond.arg, out);
      return;
    case "cmp":
    case "in": {
      if (cond.ref.ref !== "score") return;
      const list = out.get(cond.ref.score) ?? [];
      out.set(cond.ref.score, list);
      if (cond.op === "cmp") {
        if (typeof cond.value === "number" && !list.some((b) => b.value === cond.value && b.op === cond.cmp)) list.push({ value: cond.value, op: cond.cmp });
      } else for (const v of cond.values) if (typeof v === "number") list.push({ value: v, op: "==" });
      return;
    }
    case "history":
      if (cond.where !== undefined) collectScoreBounds(cond.where, out);
      return;
    default:
      return;
  }
}

/** Every history condition inside `cond` (for the per-event-type window index). */
export function collectHistory(cond: Cond, out: Extract<Cond, { op: "history" }>[]): void {
  switch (cond.op) {
    case "and":
    case "or":
      for (const a of cond.args) collectHistory(a, out);
      return;
    case "not":
      collectHistory(cond.arg, out);
      return;
    case "history":
      out.push(cond);
      return;
    default:
      return;
  }
}
