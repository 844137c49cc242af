/**
 * `compileModel`: everything the hot path needs, computed once per config version —
 * conditions compiled to closures, rules indexed by event type, decay boundaries per score,
 * segments in dependency order.
 */
import type { Action, Campaign, Cond, CompiledIr, Decay, Dimension, FeedbackLoop, Pipeline, Score } from "../../schemas/ir.js";
import { compileCond, Dep, type CompiledCond, type Pred } from "./condition.js";
import { collectHistory, collectScoreBounds } from "./condition-scan.js";
import type { ScoreBound } from "./decay.js";
import { buildHistoryGroups, type HistoryGroup } from "./history.js";
import { orderSegments } from "./segment-order.js";

export interface ScoreModel {
  name: string;
  def: Score;
  decay: Decay | undefined;
  min: number;
  max: number;
  /** Where decay stops: 0 clamped into the limit. */
  rest: number;
  /** Numbers the score is compared with anywhere, with the comparison (decay transitions). */
  bounds: ScoreBound[];
  /** Suppression segments that hold this score at 0. */
  suppressedBy: string[];
}

export interface RuleModel {
  name: string;
  reason: string;
  score: string;
  points: number;
  if: Pred | undefined;
  once: boolean;
  atMost: { count: number; perMs: number } | undefined;
  per: Dimension | undefined;
  /** The score's model when it is a contact score (set once the scores are compiled). */
  sm: ScoreModel | undefined;
}

export interface FitRuleModel {
  name: string;
  when: CompiledCond;
  points: number;
}

export interface SegmentModel {
  name: string;
  cond: CompiledCond;
}

export interface TriggerModel {
  stage: number;
  if: Pred | undefined;
}

export interface PipelineModel {
  name: string;
  def: Pipeline;
  stageIndex: Map<string, number>;
  initial: string;
  eventTriggers: Map<string, TriggerModel[]>;
  /** Condition triggers; `bit` indexes the cell's edge mask. */
  condTriggers: { stage: number; cond: CompiledCond; bit: number }[];
  condDeps: number;
  manualLockMs: number | undefined;
}

export interface ThresholdModel {
  name: string;
  cond: CompiledCond;
  per: Dimension | undefined;
  cooldownMs: number | undefined;
  actions: Action[];
  /** Per-dimension thresholds: the scores and pipelines whose keys are this threshold's keys. */
  keyScores: string[];
  keyPipelines: string[];
}

export interface CampaignModel {
  name: string;
  def: Campaign;
  enterIf: Pred | undefined;
  leave: CompiledCond | undefined;
  goal: CompiledCond | undefined;
  /** Conditions of `if` and `wait_until` steps, by step id. */
  stepConds: Map<string, CompiledCond>;
  /** What goal, leave and wait conditions read (active enrollments are checked when it changes). */
  deps: number;
}

/** A config version compiled for the engine: build it once with `compileModel`, share it across contacts. */
export interface Model {
  ir: CompiledIr;
  hash: string;
  scores: Map<string, ScoreModel>;
  /** Contact-scope scores, sorted by name. */
  contactScores: ScoreModel[];
  fitScores: { score: string; sm: ScoreModel | undefined; rules: FitRuleModel[]; deps: number }[];
  rulesByEvent: Map<string, RuleModel[]>;
  historyByEvent: Map<string, HistoryGroup[]>;
  historyGroups: HistoryGroup[];
  /** Dynamic segments in dependency order. */
  dynamicSegments: SegmentModel[];
  segmentDeps: number;
  staticSegments: Set<string>;
  /** Segment → scores it suppresses. */
  suppressions: Map<string, string[]>;
  suppressionSegments: string[];
  /** Contact-scope pipelines, sorted by name. */
  pipelines: PipelineModel[];
  pipelineByName: Map<string, PipelineModel>;
  /** Account pipelines (`for account`), sorted by name: run by account-pipeline.ts, one stage per account. */
  accountPipelines: PipelineModel[];
  accountPipelineByName: Map<string, PipelineModel>;
  thresholds: ThresholdModel[];
  thresholdDeps: number;
  feedback: Map<string, FeedbackLoop>;
  campaigns: CampaignModel[];
  campaignByName: Map<string, CampaignModel>;
  /** Version hash → the campaigns of that earlier version that differ from this one's (`on change keep`). */
  pinned: Map<string, Map<string, CampaignModel>>;
  /** Every compiled condition whose value can change with time alone. */
  timeConds: CompiledCond[];
  /** What those conditions read besides the clock: when none of it changed, their next change is where it was. */
  timeCondDeps: number;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sortedKeys = (o: object): string[] => Object.keys(o).sort();

function sameDim(a: Dimension | undefined, b: Dimension | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function stepConds(steps: Campaign["steps"], out: Map<string, Cond>): void {
  for (const s of steps) {
    if (s.step === "wait_until") out.set(s.id, s.until);
    if (s.step === "if") {
      out.set(s.id, s.cond);
      stepConds(s.then, out);
      stepConds(s.else, out);
    }
  }
}

/** One campaign's model; its conditions go to `allConds` and time-relative ones through `track`. */
function compileCampaign(
  name: string,
  def: Campaign,
  compile: (c: Cond) => CompiledCond,
  track: (c: CompiledCond) => CompiledCond,
  allConds: Cond[],
): CampaignModel {
  const conds = new Map<string, Cond>();
  stepConds(def.steps, conds);
  const compiled = new Map<string, CompiledCond>();
  for (const [id, c] of conds) {
    allConds.push(c);
    compiled.set(id, track(compile(c)));
  }
  const enterIf = def.enter.on === "event" && def.enter.if !== undefined ? compile(def.enter.if).test : undefined;
  if (def.leave !== undefined) allConds.push(def.leave);
  if (def.goal !== undefined) allConds.push(def.goal);
  return {
    name,
    def,
    enterIf,
    leave: def.leave === undefined ? undefined : track(compile(def.leave)),
    goal: def.goal === undefined ? undefined : track(compile(def.goal)),
    stepConds: compiled,
    deps: [def.leave, def.goal, ...conds.values()].reduce<number>((d, c) => d | (c === undefined ? 0 : compile(c).deps), Dep.segments),
  };
}

/** What a campaign does, without what only names or describes it: two versions with equal keys run it alike. */
export function campaignBehaviour(def: Campaign): string {
  const { label: _label, onChange: _onChange, ...rest } = def;
  return JSON.stringify(rest);
}

/**
 * The campaigns of earlier versions that differ from this one's, by version hash: enrollments
 * kept on the version they started under (`on change keep`) run on these.
 */
function compilePinned(ir: CompiledIr, previous: readonly CompiledIr[]): Map<string, Map<string, CampaignModel>> {
  const out = new Map<string, Map<string, CampaignModel>>();
  for (const old of previous) {
    if (old.hash === ir.hash || out.has(old.hash)) continue;
    const byName = new Map<string, CampaignModel>();
    for (const name of sortedKeys(old.campaigns)) {
      const def = old.campaigns[name];
      const now = ir.campaigns[name];
      if (def === undefined || (now !== undefined && campaignBehaviour(now) === campaignBehaviour(def))) continue;
      // Their conditions are not tracked as time-relative: a kept enrollment's waits still end
      // on their own timers, and its goal and leave are checked at the contact's next input.
      byName.set(name, compileCampaign(name, def, (c) => compileCond(old, c), (c) => c, []));
    }
    out.set(old.hash, byName);
  }
  return out;
}

/** Options of `compileModel`. */
export interface CompileModelOptions {
  /**
   * Earlier versions that enrollments kept by `on change keep` may still run on (the runtime
   * passes those its enrollments name). Absent: none — a single-version model.
   */
  previous?: readonly CompiledIr[];
}

/** Compiles the IR into the engine's model. Call once per config version. */
export function compileModel(ir: CompiledIr, opts: CompileModelOptions = {}): Model {
  const compile = (c: Cond): CompiledCond => compileCond(ir, c);
  const timeConds: CompiledCond[] = [];
  const track = (c: CompiledCond): CompiledCond => {
    if (c.nextChange !== undefined) timeConds.push(c);
    return c;
  };
  const allConds: Cond[] = [];

  const rulesByEvent = new Map<string, RuleModel[]>();
  const fitByScore = new Map<string, FitRuleModel[]>();
  for (const name of sortedKeys(ir.rules)) {
    const r = ir.rules[name];
    if (r === undefined) continue;
    if (r.kind === "event") {
      if (r.if !== undefined) allConds.push(r.if);
      const list = rulesByEvent.get(r.on) ?? [];
      list.push({
        name,
        reason: `rule:${name}`,
        score: r.score,
        points: r.points,
        if: r.if === undefined ? undefined : compile(r.if).test,
        once: r.once === true,
        atMost: r.atMost === undefined ? undefined : { count: r.atMost.count, perMs: r.atMost.per * 1000 },
        per: ir.scores[r.score]?.per,
        sm: undefined,
      });
      rulesByEvent.set(r.on, list);
    } else {
      allConds.push(r.when);
      const list = fitByScore.get(r.score) ?? [];
      list.push({ name, when: track(compile(r.when)), points: r.points });
      fitByScore.set(r.score, list);
    }
  }

  const segDefs: [string, Cond][] = [];
  const staticSegments = new Set<string>();
  for (const name of sortedKeys(ir.segments)) {
    const s = ir.segments[name];
    if (s?.kind === "dynamic") segDefs.push([name, s.when]);
    else if (s !== undefined) staticSegments.add(name);
  }
  const dynamicSegments = orderSegments(segDefs).map(([name, c]) => {
    allConds.push(c);
    return { name, cond: track(compile(c)) };
  });

  const pipelines: PipelineModel[] = [];
  const accountPipelines: PipelineModel[] = [];
  for (const name of sortedKeys(ir.pipelines)) {
    const def = ir.pipelines[name];
    if (def === undefined) continue;
    // An account's conditions are evaluated at its members' inputs only: no contact timer tracks them.
    const forAccount = def.scope === "account";
    const stageIndex = new Map(def.stages.map((s, i) => [s.name, i]));
    const eventTriggers = new Map<string, TriggerModel[]>();
    const condTriggers: PipelineModel["condTriggers"] = [];
    def.stages.forEach((s, i) => {
      for (const t of s.triggers) {
        if (t.on === "event") {
          if (t.if !== undefined) allConds.push(t.if);
          const list = eventTriggers.get(t.event) ?? [];
          list.push({ stage: i, if: t.if === undefined ? undefined : compile(t.if).test });
          eventTriggers.set(t.event, list);
        } else if (condTriggers.length < 31) {
          allConds.push(t.when);
          condTriggers.push({ stage: i, cond: forAccount ? compile(t.when) : track(compile(t.when)), bit: condTriggers.length });
        }
      }
    });
    (forAccount ? accountPipelines : pipelines).push({
      name,
      def,
      stageIndex,
      initial: def.initial,
      eventTriggers,
      condTriggers,
      condDeps: condTriggers.reduce((d, t) => d | t.cond.deps, 0),
      manualLockMs: def.manualLock === undefined ? undefined : def.manualLock * 1000,
    });
  }

  const thresholds: ThresholdModel[] = sortedKeys(ir.thresholds).flatMap((name) => {
    const t = ir.thresholds[name];
    if (t === undefined) return [];
    allConds.push(t.when);
    return [
      {
        name,
        cond: track(compile(t.when)),
        per: t.per,
        cooldownMs: t.cooldown === undefined ? undefined : t.cooldown * 1000,
        actions: t.actions,
        keyScores: sortedKeys(ir.scores).filter((s) => sameDim(ir.scores[s]?.per, t.per)),
        keyPipelines: pipelines.filter((p) => sameDim(p.def.per, t.per)).map((p) => p.name),
      },
    ];
  });

  const campaigns: CampaignModel[] = sortedKeys(ir.campaigns).flatMap((name) => {
    const def = ir.campaigns[name];
    return def === undefined ? [] : [compileCampaign(name, def, compile, track, allConds)];
  });

  const bounds = new Map<string, ScoreBound[]>();
  const history: Extract<Cond, { op: "history" }>[] = [];
  for (const c of allConds) {
    collectScoreBounds(c, bounds);
    collectHistory(c, history);
  }
  const historyGroups = buildHistoryGroups(history, (c) => compile(c).test);
  const historyByEvent = new Map<string, HistoryGroup[]>();
  for (const g of historyGroups) historyByEvent.set(g.event, [...(historyByEvent.get(g.event) ?? []), g]);

  const suppressions = new Map<string, string[]>();
  for (const seg of sortedKeys(ir.suppressions)) suppressions.set(seg, ir.suppressions[seg] ?? []);

  const scores = new Map<string, ScoreModel>();
  for (const name of sortedKeys(ir.scores)) {
    const def = ir.scores[name];
    if (def === undefined) continue;
    const min = def.limit?.min ?? -Infinity;
    const max = def.limit?.max ?? Infinity;
    scores.set(name, {
      name,
      def,
      decay: def.kind === "fit" ? undefined : def.decay,
      min,
      max,
      rest: Math.min(max, Math.max(min, 0)),
      bounds: [...(bounds.get(name) ?? [])].sort((a, b) => a.value - b.value || (a.op < b.op ? -1 : 1)),
      suppressedBy: [...suppressions].filter(([, s]) => s.includes(name)).map(([seg]) => seg),
    });
  }

  for (const list of rulesByEvent.values()) {
    for (const rule of list) {
      const sm = scores.get(rule.score);
      rule.sm = sm?.def.scope === "contact" ? sm : undefined;
    }
  }
  const fitScores = [...fitByScore].sort(([a], [b]) => (a < b ? -1 : 1)).map(([score, rules]) => ({
    score,
    sm: scores.get(score),
    rules,
    deps: rules.reduce((d, r) => d | r.when.deps, 0),
  }));

  return {
    ir,
    hash: ir.hash,
    scores,
    contactScores: [...scores.values()].filter((s) => s.def.scope === "contact").sort(byName),
    fitScores,
    rulesByEvent,
    historyByEvent,
    historyGroups,
    dynamicSegments,
    segmentDeps: dynamicSegments.reduce((d, s) => d | s.cond.deps, 0),
    staticSegments,
    suppressions,
    suppressionSegments: [...suppressions.keys()],
    pipelines,
    pipelineByName: new Map(pipelines.map((p) => [p.name, p])),
    accountPipelines,
    accountPipelineByName: new Map(accountPipelines.map((p) => [p.name, p])),
    thresholds,
    thresholdDeps: thresholds.reduce((d, t) => d | t.cond.deps, 0) | Dep.segments,
    feedback: new Map(sortedKeys(ir.feedback).map((n) => [n, ir.feedback[n] as FeedbackLoop])),
    campaigns,
    campaignByName: new Map(campaigns.map((c) => [c.name, c])),
    pinned: compilePinned(ir, opts.previous ?? []),
    timeConds,
    timeCondDeps: timeConds.reduce((d, c) => d | c.deps, 0) & ~Dep.time,
  };
}
