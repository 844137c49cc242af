/**
 * Campaign enrollments as a timer-driven step interpreter. The position is a path of indexes
 * into the nested step list: [i] at top level, [i, branch, j] inside an `if` (branch 0 =
 * then, 1 = else). An enrollment runs steps until it must wait (a timer wakes it), reaches
 * the end (completed), meets its goal (converted) or its leave condition (left).
 */
import type { Step } from "../../schemas/ir.js";
import { runActions } from "./actions.js";
import { nextClockTime, windowOpenAt } from "./clock.js";
import type { CampaignModel } from "./model.js";
import { iso, ownRecord, Quiet, touched, wants, type Run } from "./run.js";
import type { CampaignCell } from "./types.js";

type Active = NonNullable<CampaignCell["active"]>;

/** The step at a position, or undefined at the end of its list. */
export function stepAt(steps: Step[], pc: number[]): Step | undefined {
  let list = steps;
  for (let i = 0; i + 2 < pc.length; i += 2) {
    const s = list[pc[i] ?? 0];
    if (s?.step !== "if") return undefined;
    list = pc[i + 1] === 0 ? s.then : s.else;
  }
  return list[pc[pc.length - 1] ?? 0];
}

/** Moves past the current step; at the end of a branch, continues after its `if`. */
function nextPc(steps: Step[], pc: number[]): number[] {
  const out = [...pc];
  out[out.length - 1] = (out[out.length - 1] ?? 0) + 1;
  while (out.length > 1 && stepAt(steps, out) === undefined) {
    out.splice(out.length - 2, 2);
    out[out.length - 1] = (out[out.length - 1] ?? 0) + 1;
  }
  return out;
}

function timezone(run: Run): string {
  const tz = run.st.fields["timezone"];
  return typeof tz === "string" && tz !== "" ? tz : run.model.ir.timezone;
}

function exit(run: Run, cm: CampaignModel, cell: CampaignCell, what: "left" | "converted" | "completed", step?: string): void {
  delete cell.active;
  cell.lastExitAt = run.now;
  if (what === "converted") cell.converted = (cell.converted ?? 0) + 1;
  if (wants(run, Quiet.campaign)) run.effects.push({
    type: "campaign",
    contact: run.st.id,
    campaign: cm.name,
    what,
    ...(step === undefined ? {} : { step }),
    at: run.now,
  });
}

const SENDS = new Set(["send_email", "notify"]);

/** Runs the enrollment's steps from its position until it waits or ends. */
export function advance(run: Run, cm: CampaignModel, cell: CampaignCell): void {
  const steps = cm.def.steps;
  // Bounded: a step list is finite and `if` only goes deeper.
  for (let guard = 0; guard < 10_000; guard++) {
    const a: Active | undefined = cell.active;
    if (a === undefined || run.st.deletedAt !== undefined || run.deleteRequested) return;
    const s = stepAt(steps, a.pc);
    if (s === undefined) return exit(run, cm, cell, "completed");
    run.ec.key = undefined;
    run.ec.props = undefined;
    switch (s.step) {
      case "action": {
        const window = cm.def.sendWindow;
        if (window !== undefined && SENDS.has(s.action.do) && a.waitUntil === undefined) {
          const open = windowOpenAt(run.now, timezone(run), window);
          if (open > run.now) {
            a.waitUntil = open;
            return;
          }
        }
        delete a.waitUntil;
        if (wants(run, Quiet.campaign)) run.effects.push({ type: "campaign", contact: run.st.id, campaign: cm.name, what: "step", step: s.id, at: run.now });
        runActions(run, [s.action], {
          reason: `campaign:${cm.name}`,
          key: "",
          idBase: `campaign:${cm.name}:${run.st.id}:${iso(a.enteredAt)}:${s.id}`,
        });
        a.pc = nextPc(steps, a.pc);
        break;
      }
      case "wait":
      case "wait_time": {
        if (a.waitUntil === undefined) {
          a.waitUntil = s.step === "wait" ? run.now + s.seconds * 1000 : nextClockTime(run.now, timezone(run), s.time, s.days);
          if (a.waitUntil > run.now) return;
        }
        if (a.waitUntil > run.now) return;
        delete a.waitUntil;
        a.pc = nextPc(steps, a.pc);
        break;
      }
      case "wait_until": {
        const met = cm.stepConds.get(s.id)?.test(run.ec) ?? false;
        if (!met) {
          a.waitUntil ??= run.now + s.atMost * 1000;
          if (a.waitUntil > run.now) return;
        }
        delete a.waitUntil;
        a.pc = nextPc(steps, a.pc);
        break;
      }
      case "if": {
        const yes = cm.stepConds.get(s.id)?.test(run.ec) ?? false;
        const branch = yes ? s.then : s.else;
        a.pc = branch.length === 0 ? nextPc(steps, a.pc) : [...a.pc, yes ? 0 : 1, 0];
        break;
      }
    }
  }
}

/**
 * The definition an enrollment runs on: the active version's, or the earlier version's it
 * was kept on (`on change keep`) — the active one's when that version was not given to
 * `compileModel` (the runtime always gives it).
 */
export function campaignOf(run: Run, current: CampaignModel, a: Active): CampaignModel {
  if (a.hash === undefined || a.hash === run.model.hash) return current;
  return run.model.pinned.get(a.hash)?.get(current.name) ?? current;
}

/** Enrolls the contact if the campaign's re-entry rule allows it. */
export function enroll(run: Run, name: string, props: Record<string, unknown> | undefined): void {
  const cm = run.model.campaignByName.get(name);
  if (cm === undefined || run.st.deletedAt !== undefined) return;
  const cell = (ownRecord(run.st, "campaigns")[name] ??= { entries: 0 });
  if (cell.active !== undefined) return;
  const re = cm.def.reentry;
  if (re.kind === "once" && cell.entries > 0) return;
  if (re.kind === "after" && cell.lastExitAt !== undefined && run.now < cell.lastExitAt + re.seconds * 1000) return;
  let onceKey: string | undefined;
  if (re.kind === "once_per") {
    const v = props?.[re.prop];
    if (typeof v !== "string" && typeof v !== "number") return;
    onceKey = String(v);
    if (cell.keys?.includes(onceKey)) return;
    (cell.keys ??= []).push(onceKey);
  }
  cell.entries++;
  cell.active = onceKey === undefined ? { enteredAt: run.now, pc: [0] } : { enteredAt: run.now, pc: [0], onceKey };
  if (wants(run, Quiet.campaign)) run.effects.push({ type: "campaign", contact: run.st.id, campaign: name, what: "entered", at: run.now });
  advance(run, cm, cell);
}

/** Event entries: campaigns entered on this event type. */
export function enrollOnEvent(run: Run, type: string, props: Record<string, unknown>): void {
  for (const cm of run.model.campaigns) {
    const e = cm.def.enter;
    if (e.on !== "event" || e.event !== type) continue;
    run.ec.props = props;
    const ok = cm.enterIf === undefined || cm.enterIf(run.ec);
    run.ec.props = undefined;
    if (ok) enroll(run, cm.name, props);
  }
}

/** Segment entries: campaigns entered when the contact enters this segment. */
export function enrollOnSegment(run: Run, segment: string): void {
  for (const cm of run.model.campaigns) {
    const e = cm.def.enter;
    if (e.on === "segment" && e.segment === segment) enroll(run, cm.name, undefined);
  }
}

/**
 * Checks goal and leave for every active enrollment and moves waiting ones whose wait is
 * over or whose `wait until` condition now holds. Called after every state change.
 */
export function stepCampaigns(run: Run): void {
  for (const current of run.model.campaigns) {
    const cell = run.st.campaigns[current.name];
    const a = cell?.active;
    if (cell === undefined || a === undefined) continue;
    const cm = campaignOf(run, current, a);
    if (!touched(run, cm.deps) && (a.waitUntil === undefined || a.waitUntil > run.now)) continue;
    run.ec.key = undefined;
    run.ec.props = undefined;
    const step = stepAt(cm.def.steps, a.pc);
    if (cm.goal?.test(run.ec) === true) {
      exit(run, cm, cell, "converted", step?.id);
      continue;
    }
    const e = cm.def.enter;
    const leave = cm.leave !== undefined ? cm.leave.test(run.ec) : e.on === "segment" && !run.st.segments.includes(e.segment);
    if (leave) {
      exit(run, cm, cell, "left", step?.id);
      continue;
    }
    if (a.waitUntil !== undefined && a.waitUntil <= run.now) advance(run, cm, cell);
    else if (step?.step === "wait_until") advance(run, cm, cell);
  }
}

/** Ends every enrollment (contact deleted). */
export function endAllCampaigns(run: Run): void {
  for (const cm of run.model.campaigns) {
    const cell = run.st.campaigns[cm.name];
    if (cell?.active !== undefined) exit(run, cm, cell, "left");
  }
}
