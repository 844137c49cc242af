/**
 * Pipelines: one stage per (pipeline, key). Automatic moves (event triggers, condition
 * triggers, actions) go forward only unless the pipeline allows the backward move; when
 * several triggers match at once the furthest stage wins; a manual stage (`stage.set`) holds
 * against automatic moves until unlocked or until `manual lock D` has passed.
 * Condition triggers are edge-triggered: they move a contact when they become true, so a
 * level condition never drags a contact back and forth.
 */
import { Dep } from "./condition.js";
import type { PipelineModel } from "./model.js";
import { Quiet, touched, wants, type Run } from "./run.js";
import type { StageCell } from "./types.js";

export function isAllowed(p: PipelineModel, from: number, to: number): boolean {
  if (to >= from) return true;
  if (p.def.backward === "any") return true;
  const f = p.def.stages[from]?.name;
  const t = p.def.stages[to]?.name;
  return p.def.allow.some((m) => m.from === f && m.to === t);
}

export function isLocked(cell: StageCell, now: number): boolean {
  return cell.lock !== undefined && (cell.lock.until === undefined || cell.lock.until > now);
}

/** The cell of (pipeline, key), created at the initial stage when it does not exist yet. */
export function stageCell(run: Run, p: PipelineModel, key: string): StageCell {
  let cells = run.st.stages[p.name];
  if (cells === undefined) run.st.stages[p.name] = cells = {};
  let cell = cells[key];
  if (cell === undefined) {
    cells[key] = cell = { stage: p.initial, since: run.now };
    if (wants(run, Quiet.stage)) run.effects.push({
      type: "stage",
      contact: run.st.id,
      pipeline: p.name,
      key,
      from: null,
      to: p.initial,
      reason: "initial",
      at: run.now,
      hash: run.model.hash,
    });
    // A new cell's condition triggers have never been evaluated.
    run.dirty |= Dep.stages | p.condDeps;
  }
  return cell;
}

export function moveStage(run: Run, p: PipelineModel, key: string, cell: StageCell, to: string, reason: string): void {
  if (cell.stage === to) return;
  if (wants(run, Quiet.stage)) run.effects.push({
    type: "stage",
    contact: run.st.id,
    pipeline: p.name,
    key,
    from: cell.stage,
    to,
    reason,
    at: run.now,
    hash: run.model.hash,
  });
  cell.stage = to;
  cell.since = run.now;
  run.dirty |= Dep.stages;
}

/** Picks the furthest allowed candidate stage and moves there (automatic moves only). */
function moveToFurthest(run: Run, p: PipelineModel, key: string, cell: StageCell, candidates: number[], reason: string): void {
  if (candidates.length === 0 || isLocked(cell, run.now)) return;
  const from = p.stageIndex.get(cell.stage) ?? 0;
  let best = -1;
  for (const c of candidates) if (c !== from && isAllowed(p, from, c) && c > best) best = c;
  const stage = p.def.stages[best];
  if (stage !== undefined) moveStage(run, p, key, cell, stage.name, reason);
}

/** An automatic move requested by an action (`stage P.S`): forward only unless allowed. */
export function actionMove(run: Run, p: PipelineModel, key: string, to: string, reason: string): void {
  const idx = p.stageIndex.get(to);
  if (idx === undefined) return;
  moveToFurthest(run, p, key, stageCell(run, p, key), [idx], reason);
}

/**
 * Applies the event triggers of every pipeline for this event. An event carrying the prop of
 * a `per PROP` pipeline creates that key's cell (at the initial stage) even without a trigger.
 */
export function applyEventTriggers(run: Run, type: string, props: Record<string, unknown>): void {
  for (const p of run.model.pipelines) {
    let key = "";
    if (p.def.per !== undefined) {
      if (p.def.per.by !== "prop") continue;
      const v = props[p.def.per.prop];
      if (typeof v !== "string" || v === "") continue;
      key = v;
      stageCell(run, p, key);
    }
    const triggers = p.eventTriggers.get(type);
    if (triggers === undefined) continue;
    run.ec.props = props;
    run.ec.key = p.def.per === undefined ? undefined : key;
    let candidates: number[] | undefined;
    for (const t of triggers) if (t.if === undefined || t.if(run.ec)) (candidates ??= []).push(t.stage);
    run.ec.props = undefined;
    run.ec.key = undefined;
    if (candidates !== undefined) moveToFurthest(run, p, key, stageCell(run, p, key), candidates, `event:${type}`);
  }
}

/** Condition triggers: a trigger that has become true since the last evaluation moves the contact. */
export function applyConditionTriggers(run: Run): void {
  for (const p of run.model.pipelines) {
    if (p.condTriggers.length === 0 || !touched(run, p.condDeps)) continue;
    const cells = run.st.stages[p.name];
    if (cells === undefined) continue;
    for (const key of Object.keys(cells)) {
      const cell = cells[key];
      if (cell === undefined || isLocked(cell, run.now)) continue;
      run.ec.key = p.def.per === undefined ? undefined : key;
      const before = cell.edges ?? 0;
      let edges = 0;
      const candidates: number[] = [];
      for (const t of p.condTriggers) {
        if (!t.cond.test(run.ec)) continue;
        edges |= 1 << t.bit;
        if ((before & (1 << t.bit)) === 0) candidates.push(t.stage);
      }
      if (edges === 0) delete cell.edges;
      else cell.edges = edges;
      moveToFurthest(run, p, key, cell, candidates, "condition");
    }
    run.ec.key = undefined;
  }
}

/** `stage.set`: a person's move. Allowed moves only; locks the stage. Returns an error text. */
export function manualSet(run: Run, p: PipelineModel, key: string, to: string, by: string): string | undefined {
  const toIdx = p.stageIndex.get(to);
  if (toIdx === undefined) {
    return `pipeline "${p.name}" has no stage "${to}"; its stages are: ${p.def.stages.map((s) => s.name).join(", ")}`;
  }
  const cell = stageCell(run, p, key);
  const fromIdx = p.stageIndex.get(cell.stage) ?? 0;
  if (!isAllowed(p, fromIdx, toIdx)) {
    return `pipeline "${p.name}" does not allow moving back from "${cell.stage}" to "${to}" (add \`allow ${cell.stage} -> ${to}\` to allow it)`;
  }
  moveStage(run, p, key, cell, to, `manual:${by}`);
  cell.lock = p.manualLockMs === undefined ? { by, at: run.now } : { by, at: run.now, until: run.now + p.manualLockMs };
  return undefined;
}

/** Ends the manual lock; condition triggers that are true apply again (edges reset). */
export function unlock(run: Run, p: PipelineModel, key: string): void {
  const cell = run.st.stages[p.name]?.[key];
  if (cell === undefined) return;
  delete cell.lock;
  delete cell.edges;
  run.dirty |= Dep.stages | p.condDeps;
}

/** Ends the locks whose `manual lock D` has run out (timer). */
export function expireLocks(run: Run): void {
  for (const p of run.model.pipelines) {
    const cells = run.st.stages[p.name];
    if (cells === undefined) continue;
    for (const key in cells) {
      const lock = cells[key]?.lock;
      if (lock?.until !== undefined && lock.until <= run.now) unlock(run, p, key);
    }
  }
}
