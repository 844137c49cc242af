/**
 * What a new version does with enrollments in flight, by the campaign's `on change` policy
 * (the new version's declaration): `keep` finishes on the version the enrollment started
 * under, `migrate` moves to the step with the same id, `restart` starts again from the first
 * step. A removed campaign, or a migrated enrollment whose step is gone, ends (left).
 */
import type { Step } from "../../schemas/ir.js";
import { advance, stepAt } from "./campaign.js";
import { campaignBehaviour, type CampaignModel, type Model } from "./model.js";
import type { Run } from "./run.js";
import type { CampaignCell, CampaignEffect } from "./types.js";

type Active = NonNullable<CampaignCell["active"]>;

/** The position of the step `id` in `steps` (the `pc` format of campaign.ts), or undefined. */
export function stepPath(steps: readonly Step[], id: string, prefix: readonly number[] = []): number[] | undefined {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (s === undefined) continue;
    if (s.id === id) return [...prefix, i];
    if (s.step === "if") {
      const found = stepPath(s.then, id, [...prefix, i, 0]) ?? stepPath(s.else, id, [...prefix, i, 1]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function note(run: Run, campaign: string, what: CampaignEffect["what"], step: string | undefined, reason: string): void {
  run.effects.push({
    type: "campaign",
    contact: run.st.id,
    campaign,
    what,
    ...(step === undefined ? {} : { step }),
    reason,
    at: run.now,
  });
}

function leave(run: Run, campaign: string, cell: CampaignCell, step: string | undefined, reason: string): void {
  delete cell.active;
  cell.lastExitAt = run.now;
  note(run, campaign, "left", step, reason);
}

/**
 * A migrated wait keeps the time it has already waited: `wait 3d` → `wait 5d` ends 5 days
 * after the wait began. Any other change of step starts the new step afresh (at `now`).
 */
function migratedWaitUntil(a: Active, from: Step | undefined, to: Step): number | undefined {
  if (a.waitUntil === undefined || from === undefined) return undefined;
  if (from.step === "wait" && to.step === "wait") return a.waitUntil + (to.seconds - from.seconds) * 1000;
  if (from.step === "wait_until" && to.step === "wait_until") return a.waitUntil + (to.atMost - from.atMost) * 1000;
  if (from.step === "wait_time" && to.step === "wait_time" && JSON.stringify([from.time, from.days]) === JSON.stringify([to.time, to.days])) {
    return a.waitUntil;
  }
  return undefined;
}

/** The definition the enrollment ran on until now. */
function runningOn(old: Model, name: string, a: Active): CampaignModel | undefined {
  const pinned = a.hash !== undefined && a.hash !== old.hash ? old.pinned.get(a.hash)?.get(name) : undefined;
  return pinned ?? old.campaignByName.get(name);
}

function migrate(run: Run, name: string, cell: CampaignCell, a: Active, from: Step | undefined, cm: CampaignModel, resume: CampaignModel[]): void {
  const pc = from === undefined ? undefined : stepPath(cm.def.steps, from.id);
  const to = pc === undefined ? undefined : stepAt(cm.def.steps, pc);
  if (pc === undefined || to === undefined) {
    leave(run, name, cell, from?.id, from === undefined ? "version: the enrollment's step is gone" : `version: step ${from.id} removed`);
    return;
  }
  const until = migratedWaitUntil(a, from, to);
  if (until === undefined) delete a.waitUntil;
  else a.waitUntil = until;
  a.pc = pc;
  delete a.hash;
  note(run, name, "migrated", to.id, `version: moved to step ${to.id}`);
  resume.push(cm);
}

/**
 * Applies each changed campaign's policy to the contact's enrollments. Returns the campaigns
 * whose enrollments must run on from their new position (after the rest of the state has
 * been made valid, so their steps see it).
 */
export function adoptCampaigns(run: Run, old: Model): CampaignModel[] {
  const resume: CampaignModel[] = [];
  for (const name of Object.keys(run.st.campaigns).sort()) {
    const cell = run.st.campaigns[name];
    const a = cell?.active;
    if (cell === undefined || a === undefined) continue;
    const was = runningOn(old, name, a);
    const from = was === undefined ? undefined : stepAt(was.def.steps, a.pc);
    const cm = run.model.campaignByName.get(name);
    if (cm === undefined) {
      leave(run, name, cell, from?.id, "version: campaign removed");
      continue;
    }
    if (was !== undefined && campaignBehaviour(was.def) === campaignBehaviour(cm.def)) {
      // Its definition is the new version's: it simply runs on the active version now.
      delete a.hash;
      continue;
    }
    const policy = cm.def.onChange;
    const hash = a.hash ?? old.hash;
    // `keep` needs the earlier definition at step time; without it (a model compiled without
    // that version) the enrollment can only follow the new one, as `migrate` does.
    if (policy === "keep" && was !== undefined && run.model.pinned.get(hash)?.has(name) === true) {
      a.hash = hash;
      note(run, name, "kept", from?.id, `version: finishes on version ${hash.slice(0, 12)}`);
    } else if (policy === "restart") {
      a.pc = [0];
      a.enteredAt = run.now;
      delete a.waitUntil;
      delete a.hash;
      note(run, name, "restarted", undefined, "version: restarted from the first step");
      resume.push(cm);
    } else migrate(run, name, cell, a, from, cm, resume);
  }
  return resume;
}

/** Runs the migrated and restarted enrollments from their new positions until they wait or end. */
export function resumeCampaigns(run: Run, campaigns: readonly CampaignModel[]): void {
  for (const cm of campaigns) {
    const cell = run.st.campaigns[cm.name];
    if (cell?.active !== undefined) advance(run, cm, cell);
  }
}
