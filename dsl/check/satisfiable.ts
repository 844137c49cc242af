import type { Cond, Ir } from "../../schemas/ir.js";
import { ptr } from "../lower/pointer.js";

/** Why a condition can never be true, and the pointer of the part that makes it so. */
export interface Impossible {
  pointer: string;
  reason: string;
}

/**
 * A conservative test: a score compared with a number its `limit` keeps it from reaching
 * (`engagement >= 100` with `limit ..70`) can never be true; `and` fails when any part
 * does, `or` when every part does. Anything else is assumed possible.
 */
export function neverTrue(ir: Ir, cond: Cond, p: string): Impossible | undefined {
  switch (cond.op) {
    case "cmp": {
      if (cond.ref.ref !== "score" || typeof cond.value !== "number") return undefined;
      const score = ir.scores[cond.ref.score];
      const lim = score?.limit;
      if (lim === undefined) return undefined;
      const v = cond.value;
      const { min, max } = lim;
      const above = max !== undefined && (cond.cmp === ">=" || cond.cmp === "==" ? max < v : cond.cmp === ">" ? max <= v : false);
      const below = min !== undefined && (cond.cmp === "<=" || cond.cmp === "==" ? min > v : cond.cmp === "<" ? min >= v : false);
      if (above) return { pointer: p, reason: `\`${cond.ref.score}\` never goes above its limit of ${max}` };
      if (below) return { pointer: p, reason: `\`${cond.ref.score}\` never goes below its limit of ${min}` };
      return undefined;
    }
    case "and":
      for (const [i, a] of cond.args.entries()) {
        const r = neverTrue(ir, a, ptr(p, "args", i));
        if (r !== undefined) return r;
      }
      return undefined;
    case "or": {
      const all = cond.args.map((a, i) => neverTrue(ir, a, ptr(p, "args", i)));
      return all.every((r) => r !== undefined) ? all[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The score names a condition reads (through and/or/not; not inside history). */
export function scoresIn(cond: Cond): string[] {
  switch (cond.op) {
    case "and":
    case "or":
      return cond.args.flatMap(scoresIn);
    case "not":
      return scoresIn(cond.arg);
    case "cmp":
    case "text":
    case "in":
    case "set":
    case "true":
    case "ago":
      return cond.ref.ref === "score" ? [cond.ref.score] : [];
    default:
      return [];
  }
}
