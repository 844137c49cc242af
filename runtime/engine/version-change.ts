/**
 * `adoptVersion`: a contact's state, valid under the version that was active, made valid
 * under the newly applied one and then settled against it (docs/semantics.md, "Applying a
 * new version"). In order:
 *  1. what was due before the change happens under the old version (timers, decay);
 *  2. state of what the new version removed is dropped, with a ledger row or stage move
 *     where a person reads one (a removed score's value goes to 0, a removed stage moves the
 *     contact back to the nearest earlier stage that still exists), silently otherwise;
 *     changed fit rules and limits are written as rule and limit rows;
 *  3. enrollments follow their campaign's `on change` policy (version-campaigns.ts);
 *  4. everything derived is settled at once, as a `refresh` input does: new thresholds fire
 *     for contacts that already meet them (edge-triggered: a threshold whose cell says it
 *     already fired does not fire again).
 */
import { catchUpTimers, finish, settle, type ApplyContext } from "./apply.js";
import { ALL_DEPS, Dep } from "./condition.js";
import type { Model, PipelineModel, ScoreModel } from "./model.js";
import { moveStage, stageCell } from "./pipeline.js";
import { clamp, isSuppressed, ledger, newRun, releaseRun, type Run } from "./run.js";
import { round2 } from "./decay.js";
import { materialiseDecay, settleFit } from "./scoring.js";
import type { Pipeline } from "../../schemas/ir.js";
import type { ContactState, Effect } from "./types.js";
import { adoptCampaigns, resumeCampaigns } from "./version-campaigns.js";

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Sets every cell of a score to 0 with one ledger row each (sorted keys), and drops the score. */
function dropScore(run: Run, score: string, reason: string): void {
  const cells = run.st.scores[score] ?? {};
  for (const key of Object.keys(cells).sort()) {
    const v = cells[key]?.value ?? 0;
    if (v !== 0) ledger(run, score, key, -v, 0, reason);
  }
  delete run.st.scores[score];
  run.dirty |= Dep.scores;
}

function adoptScores(run: Run, old: Model, oldSegments: readonly string[]): void {
  const { st } = run;
  for (const name of Object.keys(st.scores).sort()) {
    const sm = run.model.scores.get(name);
    const was = old.scores.get(name);
    if (sm === undefined || sm.def.scope !== "contact") dropScore(run, name, "version: score removed");
    else if (was !== undefined && was.def.kind !== sm.def.kind) dropScore(run, name, "version: score kind changed");
    else if (was !== undefined && !same(was.def.per, sm.def.per)) dropScore(run, name, "version: score dimension changed");
    // A decay the new version adds or changes counts from now: nothing before the change decays under it.
    else if (!same(was?.decay, sm.decay)) for (const cell of Object.values(st.scores[name] ?? {})) cell.asOf = run.now;
  }
  for (const sm of run.model.contactScores) {
    const cells = st.scores[sm.name];
    if (cells === undefined) continue;
    const was = old.scores.get(sm.name)?.suppressedBy.some((s) => oldSegments.includes(s)) ?? false;
    const now = isSuppressed(run, sm);
    if (now && !was) suppress(run, sm);
    else if (was && !now && sm.def.kind === "fit") delete cells[""]?.matched;
    if (now || sm.def.kind === "fit") continue;
    for (const key of Object.keys(cells).sort()) {
      const cell = cells[key];
      if (cell === undefined) continue;
      const v = clamp(sm, cell.value);
      if (v === cell.value) continue;
      ledger(run, sm.name, key, v - cell.value, v, "limit");
      cell.value = v;
      cell.asOf = run.now;
      run.dirty |= Dep.scores;
    }
  }
}

/** A suppression the new version adds for a segment the contact is already in: as on entering it. */
function suppress(run: Run, sm: ScoreModel): void {
  const cells = run.st.scores[sm.name] ?? {};
  for (const key of Object.keys(cells).sort()) {
    const cell = cells[key];
    if (cell === undefined) continue;
    if (cell.value !== 0) ledger(run, sm.name, key, -cell.value, 0, "suppression");
    cell.value = 0;
    cell.asOf = run.now;
    if (sm.def.kind === "fit") cell.matched = [];
  }
  run.dirty |= Dep.scores;
}

/**
 * Fit scores under the new rules: a counted rule the new version removed is taken back, one
 * whose points changed is corrected, then rules that start or stop matching are rows as
 * usual, then the limit — each a ledger row with the rule's name, so the ledger still sums.
 */
function rebaseFit(run: Run, old: Model): void {
  for (const fit of run.model.fitScores) {
    const sm = fit.sm;
    const cell = run.st.scores[fit.score]?.[""];
    if (sm === undefined || cell?.matched === undefined || isSuppressed(run, sm)) continue;
    const oldPoints = new Map((old.fitScores.find((f) => f.score === fit.score)?.rules ?? []).map((r) => [r.name, r.points]));
    const rules = new Map(fit.rules.map((r) => [r.name, r]));
    let raw = cell.value;
    const counted: string[] = [];
    for (const name of cell.matched) {
      const was = oldPoints.get(name) ?? 0;
      const r = rules.get(name);
      const delta = (r?.points ?? 0) - was;
      if (r !== undefined) counted.push(name);
      if (delta === 0) continue;
      raw = round2(raw + delta);
      ledger(run, fit.score, "", delta, raw, `rule:${name}`);
    }
    run.ec.key = undefined;
    run.ec.props = undefined;
    const now = fit.rules.filter((r) => r.when.test(run.ec)).map((r) => r.name);
    settleFit(run, fit, sm, cell, raw, counted, now);
  }
}

/** Condition triggers as compiled (model.ts): bit i ↔ the i-th, known by target stage and condition. */
function triggerIds(def: Pipeline): string[] {
  const ids: string[] = [];
  for (const s of def.stages) for (const t of s.triggers) if (t.on === "condition" && ids.length < 31) ids.push(`${s.name}\u0000${JSON.stringify(t.when)}`);
  return ids;
}

/** Keeps the edge bits of the triggers both versions have: a new or changed trigger that holds now moves the contact now. */
function remapEdges(edges: number, from: readonly string[], to: readonly string[]): number {
  let out = 0;
  to.forEach((id, j) => {
    const i = from.indexOf(id);
    if (i >= 0 && (edges & (1 << i)) !== 0) out |= 1 << j;
  });
  return out;
}

/** The nearest earlier stage (in the old order) the new pipeline still has, else its initial stage. */
function fallbackStage(p: PipelineModel, was: PipelineModel | undefined, stage: string): string {
  const order = was?.def.stages.map((s) => s.name) ?? [];
  for (let i = order.indexOf(stage) - 1; i >= 0; i--) {
    const name = order[i];
    if (name !== undefined && p.stageIndex.has(name)) return name;
  }
  return p.initial;
}

function adoptStages(run: Run, old: Model): void {
  const { st } = run;
  for (const name of Object.keys(st.stages).sort()) {
    const p = run.model.pipelineByName.get(name);
    const was = old.pipelineByName.get(name);
    if (p === undefined || (was !== undefined && !same(was.def.per, p.def.per))) {
      delete st.stages[name];
      continue;
    }
    const from = was === undefined ? [] : triggerIds(was.def);
    const to = triggerIds(p.def);
    const cells = st.stages[name] ?? {};
    for (const key of Object.keys(cells).sort()) {
      const cell = cells[key];
      if (cell === undefined) continue;
      if (!p.stageIndex.has(cell.stage)) {
        const reason = `version: stage ${cell.stage} removed`;
        // A person's lock held a stage that no longer exists: the move ends it.
        delete cell.lock;
        moveStage(run, p, key, cell, fallbackStage(p, was, cell.stage), reason);
      }
      if (same(from, to) || cell.edges === undefined) continue;
      const edges = remapEdges(cell.edges, from, to);
      if (edges === 0) delete cell.edges;
      else cell.edges = edges;
    }
  }
  // A pipeline the new version adds: every contact starts in its initial stage, as a new contact does.
  for (const p of run.model.pipelines) if (p.def.per === undefined && st.stages[p.name]?.[""] === undefined) stageCell(run, p, "");
}

/** Drops what the new version has no use for: thresholds, rule counters, history windows; stops removed loops asking. */
function dropRemoved(run: Run, old: Model): void {
  const { st, model } = run;
  for (const name of Object.keys(st.thresholds)) {
    const t = model.thresholds.find((x) => x.name === name);
    const was = old.thresholds.find((x) => x.name === name);
    if (t === undefined || (was !== undefined && !same(was.per, t.per))) delete st.thresholds[name];
  }
  for (const name of Object.keys(st.rules)) {
    const r = model.ir.rules[name];
    const c = st.rules[name];
    if (r?.kind !== "event" || c === undefined) {
      delete st.rules[name];
      continue;
    }
    if (r.once !== true) delete c.once;
    if (r.atMost === undefined) delete c.times;
    if (c.once === undefined && c.times === undefined) delete st.rules[name];
  }
  const groups = new Map(model.historyGroups.map((g) => [g.id, g]));
  for (const id of Object.keys(st.history)) {
    const g = groups.get(id);
    const w = st.history[id];
    if (g === undefined || w === undefined) {
      delete st.history[id];
      continue;
    }
    if (g.windowMs === 0) {
      delete w.times;
      delete w.values;
    }
    if (!g.allTime) {
      delete w.count;
      delete w.sum;
    }
    if (Object.keys(w).length === 0) delete st.history[id];
  }
  // A removed loop's run is kept (reports count it) but asks no more.
  for (const loop of Object.keys(st.feedback)) if (!model.feedback.has(loop)) delete st.feedback[loop]?.nextAskAt;
}

/**
 * Moves `state` (updated in place) from `oldModel`'s version to `newModel`'s at `at` and
 * returns what happened, in order. `newModel` should be compiled with `previous` including
 * `oldModel.ir` (and the versions kept enrollments run on), so `on change keep` can keep them.
 * A deleted contact stays as it is.
 */
export function adoptVersion(oldModel: Model, newModel: Model, state: ContactState, at: number, ctx: ApplyContext = {}): Effect[] {
  const effects: Effect[] = [];
  if (state.deletedAt !== undefined) return effects;
  const now = Math.max(at, state.updatedAt);
  catchUpTimers(oldModel, state, now, effects, ctx);
  if (state.deletedAt !== undefined) return effects;
  state.updatedAt = now;
  const before = newRun(oldModel, state, now, null, ctx.account, effects, ctx.accountStages, ctx.accountActions);
  materialiseDecay(before);
  releaseRun(before);

  const run = newRun(newModel, state, now, null, ctx.account, effects, ctx.accountStages, ctx.accountActions);
  const oldSegments = [...state.segments];
  state.segments = state.segments.filter((s) => newModel.ir.segments[s] !== undefined);
  adoptScores(run, oldModel, oldSegments);
  rebaseFit(run, oldModel);
  adoptStages(run, oldModel);
  dropRemoved(run, oldModel);
  const resume = adoptCampaigns(run, oldModel);
  run.dirty = ALL_DEPS;
  resumeCampaigns(run, resume);
  if (!run.deleteRequested) settle(run, true);
  finish(run);
  return effects;
}
