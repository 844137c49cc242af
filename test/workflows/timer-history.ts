/**
 * A generated examples/b2b history that exercises every kind of timer the workflows fire:
 * decay ticks, feedback asks and escalation, outcomes (junk: deletion after a grace period),
 * nurture campaign waits (`wait until mon 09:00`, send windows), cooldowns, time-relative
 * segments, and manual stage locks that expire (the lifecycle pipeline gets `manual lock 14d`
 * here; the example's locks hold until unlocked, so they would never fire a timer).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateHistory, type HistoryEvent } from "../../bench/history/generate.js";
import { createRng } from "../../bench/prng.js";
import { compileWorkspace } from "../../dsl/index.js";
import { simulate } from "../../runtime/engine/index.js";
import type { CompiledIr } from "../../schemas/ir.js";

const PIPELINE_HEAD = 'pipeline lifecycle "Lifecycle" {';

/**
 * A time-relative segment (contacts leave it by themselves, a `recheck` timer) with a
 * campaign that follows it: entries come from the refresh sweep, not only from ingest, and a
 * contact who leaves the segment during the 9-day wait leaves the campaign.
 */
const EXTRA = `
segment pricing_week "Looked at pricing this week" { did page.visited if url contains "/pricing" within 7d }

campaign pricing_follow_up "Pricing follow-up" {
  enter when in segment pricing_week
  faq: send email "pricing-faq"
  wait 9d
  call: send email "pricing-call"
}
`;

/** examples/b2b with a 14-day manual lock on the lifecycle pipeline, and `EXTRA`. */
export function b2bWithLockIr(): CompiledIr {
  const dir = join(import.meta.dirname, "../../examples/b2b");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel"))
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      return { path: f, text: text.includes(PIPELINE_HEAD) ? text.replace(PIPELINE_HEAD, `${PIPELINE_HEAD}\n  manual lock 14d`) : text };
    });
  if (!files.some((f) => f.text.includes("manual lock 14d"))) throw new Error("examples/b2b: the lifecycle pipeline was not found");
  const r = compileWorkspace([...files, { path: "pricing-week.funnel", text: EXTRA }]);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.value.ir;
}

export interface TimerHistory {
  events: HistoryEvent[];
  /** Generated events the engine refuses (dropped, so the runtime and `simulate` see the same input). */
  dropped: number;
}

/**
 * `generateHistory` from `start`, plus a sales rep moving some known contacts by hand (each
 * a lock that expires 14 days later), minus the events the engine refuses (the generator
 * may send `feedback.given` for a contact the engine never made an MQL).
 */
export function timerHistory(ir: CompiledIr, opts: { contacts: number; days: number; seed: number; start: number }): TimerHistory {
  const generated = [...generateHistory({ workspace: "b2b", contacts: opts.contacts, days: opts.days, seed: opts.seed, start: new Date(opts.start).toISOString() })];
  const rng = createRng(opts.seed + 1);
  const firstSeen = new Map<string, number>();
  for (const e of generated) if (!firstSeen.has(e.contact)) firstSeen.set(e.contact, Date.parse(e.at));
  const manual: HistoryEvent[] = [];
  let n = 0;
  for (const [contact, first] of firstSeen) {
    if (rng.next() > 0.15) continue;
    const at = first + rng.int(1, Math.max(2, Math.floor((opts.start + opts.days * 86_400_000 - first) / 1000) - 1)) * 1000;
    const stage = rng.next() < 0.5 ? "sales_accepted" : "opportunity";
    manual.push({ id: `manual-${n++}`, type: "stage.set", contact, at: new Date(at).toISOString(), props: { pipeline: "lifecycle", stage, by: "rep" } });
  }
  const all = [...generated, ...manual].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  const refused = new Set(simulate(ir, all).errors.map((e) => e.event));
  const events = all.filter((e) => !refused.has(e.id));
  return { events, dropped: all.length - events.length };
}
