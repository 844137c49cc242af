/**
 * The MQL quality table: of the leads sales judged in the history (`feedback.given`), how
 * many of each verdict a version would have sent to sales, and its precision.
 */
import type { CompiledIr } from "../../schemas/ir.js";
import type { SimulationResult } from "../engine/simulate.js";
import { parseTime } from "../engine/validate.js";

/** The verdicts of the standard MQL feedback loop; other outcomes are counted too. */
export const VERDICTS = ["good_lead", "bad_timing", "bad_fit", "junk"] as const;
/** Verdicts that say the lead was right to send: the numerator of precision. */
const GOOD = new Set(["good_lead", "bad_timing"]);

export interface Quality {
  /** Judged leads this version sent to sales. */
  judged: number;
  /** Verdict → leads sent (every verdict of VERDICTS is present, 0 when none). */
  outcomes: Record<string, number>;
  /** (good_lead + bad_timing) / judged; null when nothing judged was sent. */
  precision: number | null;
}

/** Each contact's latest verdict in the history (by event time, then file order). */
export function judgedOutcomes(events: readonly unknown[]): Map<string, string> {
  const latest = new Map<string, { at: number; outcome: string }>();
  for (const raw of events) {
    if (raw === null || typeof raw !== "object") continue;
    const e = raw as Record<string, unknown>;
    if (e["type"] !== "feedback.given" || typeof e["contact"] !== "string") continue;
    const props = e["props"];
    const outcome = props !== null && typeof props === "object" ? (props as Record<string, unknown>)["outcome"] : undefined;
    const at = parseTime(e["at"]);
    if (typeof outcome !== "string" || at === undefined) continue;
    const prev = latest.get(e["contact"]);
    if (prev === undefined || at >= prev.at) latest.set(e["contact"], { at, outcome });
  }
  return new Map([...latest].map(([id, v]) => [id, v.outcome]));
}

/**
 * "Sent to sales" means fired a threshold that asks for feedback (the MQL alert); when no
 * threshold asks for feedback, any threshold fire counts.
 */
export function qualityOf(ir: CompiledIr, result: SimulationResult, outcomes: ReadonlyMap<string, string>): Quality {
  const asking = new Set(
    Object.entries(ir.thresholds)
      .filter(([, t]) => t.actions.some((a) => a.do === "feedback"))
      .map(([n]) => n),
  );
  const counts = (name: string): boolean => asking.size === 0 || asking.has(name.replace(/\[.*\]$/, ""));
  const out: Record<string, number> = Object.fromEntries(VERDICTS.map((v) => [v, 0]));
  let judged = 0;
  let good = 0;
  for (const c of result.contacts) {
    const verdict = outcomes.get(c.id);
    if (verdict === undefined || !c.thresholds.some((t) => counts(t.name))) continue;
    judged++;
    out[verdict] = (out[verdict] ?? 0) + 1;
    if (GOOD.has(verdict)) good++;
  }
  return { judged, outcomes: out, precision: judged === 0 ? null : Math.round((good / judged) * 1000) / 1000 };
}
