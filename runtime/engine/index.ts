/**
 * The pure scoring engine: compiled IR + contact state + input → new state + effects.
 * No I/O and no clock: `now` is always the input's time.
 */
export { compileModel, type CompileModelOptions, type Model } from "./model.js";
export { adoptVersion } from "./version-change.js";
export { applyInput, applyInputTo, newContact, type ApplyContext, type ApplyResult } from "./apply.js";
export { validateEvent, parseTime, type Validation } from "./validate.js";
export { decayedValue, decaySteps, nextTransitionAt, round2, type DecayCell, type DecayStep, type ScoreBound } from "./decay.js";
export { nextTimerAt } from "./timers.js";
export {
  simulate,
  runSimulation,
  summaryEffects,
  type KeepEffect,
  emptySimulation,
  summarize,
  summarizeContact,
  type SimulateOptions,
  type SimulationResult,
  type SimulationState,
  type ContactSummary,
  type OutboxRow,
  type LedgerRow,
} from "./simulate.js";
export type * from "./types.js";
export { accountContribution, accountScores, updateAccounts, type AccountState } from "./account.js";
export { accountStages, accountStageView, keepsAccounts, runAccountPipelines, type AccountStageEffect } from "./account-pipeline.js";
export { scoreTransitionAt, scoreValueAt } from "./read.js";
