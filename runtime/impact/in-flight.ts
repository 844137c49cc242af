/**
 * Work in progress that a change touches, read from the base version's end state of a
 * replayed history or from the runtime's database: contacts inside a campaign that changes
 * (and what its `on change` policy does with them), and open feedback loops whose loop the
 * change removes.
 */
import type { Campaign, CompiledIr, Step } from "../../schemas/ir.js";
import type { CampaignCell, FeedbackCell } from "../engine/types.js";
import type { Replay } from "../scenario/replay.js";

/** One contact's work in progress, wherever it was read from. */
export interface InFlightContact {
  id: string;
  deleted: boolean;
  campaigns: Readonly<Record<string, CampaignCell>>;
  feedback: Readonly<Record<string, FeedbackCell>>;
}

/** The contacts of a replay's end state, sorted by id. */
export function inFlightOfReplay(r: Replay): InFlightContact[] {
  return Object.keys(r.state.contacts)
    .sort()
    .flatMap((id) => {
      const st = r.state.contacts[id];
      return st === undefined ? [] : [{ id, deleted: st.deletedAt !== undefined, campaigns: st.campaigns, feedback: st.feedback }];
    });
}

const FIRST = 10;

export interface CampaignImpact {
  campaign: string;
  change: "changed" | "removed";
  /** The changed campaign's `on change` policy; null when the campaign is removed. */
  policy: "keep" | "migrate" | "restart" | null;
  inFlight: number;
  first: string[];
  /** Enrollments waiting at a step the new version no longer has (by step name). */
  atRemovedSteps: number;
  /** What happens to them, in plain words. */
  effect: string;
}

export interface StrandedLoop {
  loop: string;
  /** Contacts still waiting for a verdict in the removed loop. */
  open: number;
  first: string[];
}

/** The step an enrollment is at: `pc` alternates step index and branch (0 then, 1 else). */
function stepAt(steps: readonly Step[], pc: readonly number[]): Step | undefined {
  let list: readonly Step[] = steps;
  for (let i = 0; i + 2 < pc.length; i += 2) {
    const s = list[pc[i] ?? 0];
    if (s === undefined || s.step !== "if") return undefined;
    list = pc[i + 1] === 0 ? s.then : s.else;
  }
  return list[pc[pc.length - 1] ?? 0];
}

function stepIds(steps: readonly Step[], out = new Set<string>()): Set<string> {
  for (const s of steps) {
    out.add(s.id);
    if (s.step === "if") {
      stepIds(s.then, out);
      stepIds(s.else, out);
    }
  }
  return out;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function effectOf(policy: Campaign["onChange"] | null, n: number, gone: number): string {
  const who = plural(n, "enrollment", "enrollments");
  if (policy === null) return `${who} end: the campaign is removed`;
  if (policy === "keep") return `${who} finish the old version; new entries get the new one`;
  if (policy === "restart") return `${who} start again from the first step`;
  const moved = `${who} move to the same step of the new version`;
  return gone === 0 ? moved : `${moved}; ${plural(gone, "is", "are")} at a step the new version no longer has`;
}

/** `contacts` sorted by id (`inFlightOfReplay`, or the runtime's tables). */
export function campaignImpact(before: CompiledIr, after: CompiledIr, contacts: readonly InFlightContact[]): CampaignImpact[] {
  const out: CampaignImpact[] = [];
  for (const name of Object.keys(before.campaigns).sort()) {
    const old = before.campaigns[name];
    const neu = after.campaigns[name];
    if (old === undefined || JSON.stringify(old) === JSON.stringify(neu)) continue;
    const ids: string[] = [];
    let gone = 0;
    const newSteps = neu === undefined ? new Set<string>() : stepIds(neu.steps);
    for (const c of contacts) {
      const active = c.campaigns[name]?.active;
      if (active === undefined || c.deleted) continue;
      ids.push(c.id);
      const at = stepAt(old.steps, active.pc);
      if (at !== undefined && !newSteps.has(at.id)) gone++;
    }
    if (ids.length === 0) continue;
    const policy = neu === undefined ? null : neu.onChange;
    out.push({
      campaign: name,
      change: neu === undefined ? "removed" : "changed",
      policy,
      inFlight: ids.length,
      first: ids.slice(0, FIRST),
      atRemovedSteps: neu === undefined ? ids.length : gone,
      effect: effectOf(policy, ids.length, gone),
    });
  }
  return out;
}

export function strandedFeedback(before: CompiledIr, after: CompiledIr, contacts: readonly InFlightContact[]): StrandedLoop[] {
  const out: StrandedLoop[] = [];
  for (const loop of Object.keys(before.feedback).sort()) {
    if (after.feedback[loop] !== undefined) continue;
    const ids = contacts.filter((c) => !c.deleted && c.feedback[loop] !== undefined && c.feedback[loop]?.outcome === undefined).map((c) => c.id);
    if (ids.length > 0) out.push({ loop, open: ids.length, first: ids.slice(0, FIRST) });
  }
  return out;
}
