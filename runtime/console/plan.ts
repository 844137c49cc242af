/** The plan between two applied versions, rendered by `funnelform plan`'s own text renderer. */
import type { Ir } from "../../schemas/ir.js";
import { diffIr } from "../../dsl/plan/diff.js";
import { renderDiffText, summaryLine, type PlanStyle } from "../../dsl/plan/render-diff.js";
import { readVersionIr } from "../store/console-versions.js";
import type { Db } from "../store/db.js";

/** No colours: the page shows the text in a `<pre>`. */
const PLAIN: PlanStyle = { add: (s) => s, change: (s) => s, remove: (s) => s, bold: (s) => s, dim: (s) => s };

export type PlanResult = { ok: true; from: string; to: string; summary: string; text: string } | { ok: false; error: string };

/** What applying `to` over `from` changes, as `plan` prints it. */
export async function readPlan(db: Db, from: string, to: string): Promise<PlanResult> {
  const [before, after] = await Promise.all([readVersionIr(db, from), readVersionIr(db, to)]);
  if (before === undefined) return { ok: false, error: `there is no applied version with the hash ${JSON.stringify(from)}` };
  if (after === undefined) return { ok: false, error: `there is no applied version with the hash ${JSON.stringify(to)}` };
  // Stored IR is what `apply` validated and hashed: the same shape `plan` diffs.
  const diff = diffIr(before as Ir, after as Ir);
  return { ok: true, from, to, summary: summaryLine(diff), text: renderDiffText(diff, PLAIN) };
}
