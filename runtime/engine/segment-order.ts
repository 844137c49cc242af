/** Dynamic segments are evaluated after the segments they read, so one pass settles them. */
import type { Cond } from "../../schemas/ir.js";

function segmentRefs(cond: Cond, out = new Set<string>()): Set<string> {
  if (cond.op === "segment") out.add(cond.segment);
  else if (cond.op === "and" || cond.op === "or") for (const a of cond.args) segmentRefs(a, out);
  else if (cond.op === "not") segmentRefs(cond.arg, out);
  return out;
}

/** Segments that read other segments come after them (cycles: declaration order is kept). */
export function orderSegments(defs: [string, Cond][]): [string, Cond][] {
  const deps = new Map(defs.map(([n, c]) => [n, segmentRefs(c)]));
  const done = new Set<string>();
  const out: [string, Cond][] = [];
  const visiting = new Set<string>();
  const visit = (entry: [string, Cond]): void => {
    const [name] = entry;
    if (done.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const d of deps.get(name) ?? []) {
      const dep = defs.find(([n]) => n === d);
      if (dep !== undefined) visit(dep);
    }
    visiting.delete(name);
    done.add(name);
    out.push(entry);
  };
  for (const d of defs) visit(d);
  return out;
}
