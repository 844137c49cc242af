/**
 * The activities (all I/O of the workflows), created by a factory closing over the database.
 * Every activity reads the ACTIVE version on each call, so a newly applied version is picked
 * up by the loops at their next wake-up without restarting anything. Times come from the
 * workflow (its argument `at`), never from the wall clock.
 */
import type {
  DecaySweepInput,
  DueSweepInput,
  EnrollmentStatus,
  EnrollmentTickInput,
  FeedbackStatus,
  FeedbackTickInput,
  FunnelformActivities,
  SweepResult,
} from "../../../workflows/activity-types.js";
import { activeModelCache } from "../../api/active-model.js";
import type { Db } from "../../store/db.js";
import { refreshSegments } from "../../store/segment-sql/index.js";
import { enrollmentStatus, feedbackStatus, tickContact } from "./contact-tick.js";
import { decaySweepOf, nextDecayDue } from "./decay-sweep.js";
import { dueSweepOf, nextOwnedDue } from "./due-sweep.js";
import { storedSweep, storeSweep } from "./sweep-runs.js";

export interface ActivityDeps {
  db: Db;
  /**
   * Only for a call that carries no time (an operator running an activity by hand); the
   * workflows always pass theirs. Default: the wall clock.
   */
  now?: () => number;
}

const DEFAULT_CHUNK = 500;
const DEFAULT_LAG_MS = 5 * 60_000;
/** Due work was left (another transaction held a contact): look again this soon. */
const RETRY_MS = 1_000;

/** The activities the worker registers. */
export function createActivities(deps: ActivityDeps): FunnelformActivities {
  const { db } = deps;
  const clock = deps.now ?? Date.now;
  const activeModel = activeModelCache(db);
  const when = (at: number | undefined): number => (typeof at === "number" && Number.isFinite(at) ? at : clock());

  return {
    async decaySweep(input: DecaySweepInput): Promise<SweepResult> {
      const done = await storedSweep(db, input.runKey);
      if (done !== undefined) return done;
      const at = when(input.at);
      const model = await activeModel();
      let result: SweepResult;
      if (model === undefined) result = { processed: 0, nextDueAt: null, configHash: null };
      else if (model.contactScores.find((s) => s.name === input.score)?.decay === undefined) {
        result = { processed: 0, nextDueAt: null, configHash: model.hash, retired: true };
      } else {
        const r = await decaySweepOf(db, model, input.score, at, input.chunk ?? DEFAULT_CHUNK);
        const next = await nextDecayDue(db, input.score, at);
        result = { processed: r.processed, nextDueAt: r.leftover ? at + RETRY_MS : next, configHash: model.hash };
      }
      await storeSweep(db, input.runKey, result, at);
      return result;
    },

    async dueTimersSweep(input: DueSweepInput): Promise<SweepResult> {
      const done = await storedSweep(db, input.runKey);
      if (done !== undefined) return done;
      const at = when(input.at);
      const model = await activeModel();
      let result: SweepResult;
      if (model === undefined) result = { processed: 0, nextDueAt: null, configHash: null };
      else {
        const chunk = input.chunk ?? DEFAULT_CHUNK;
        const full = input.fullRefresh === true ? await refreshSegments(db, model, at, { chunk }) : undefined;
        const r = await dueSweepOf(db, model, at, input.lagMs ?? DEFAULT_LAG_MS, chunk);
        const next = await nextOwnedDue(db, at);
        const leftover = r.leftover || (full?.skipped ?? 0) > 0;
        result = { processed: r.processed + (full?.woken ?? 0), nextDueAt: leftover ? at + RETRY_MS : next, configHash: model.hash };
      }
      await storeSweep(db, input.runKey, result, at);
      return result;
    },

    async feedbackTick(input: FeedbackTickInput): Promise<FeedbackStatus> {
      const model = await activeModel();
      if (model === undefined) return { state: "over", configHash: null };
      const st = await tickContact(db, model, input.contact, when(input.at));
      return feedbackStatus(st, input.loop, input.startedAt, model.hash);
    },

    async enrollmentTick(input: EnrollmentTickInput): Promise<EnrollmentStatus> {
      const model = await activeModel();
      if (model === undefined) return { state: "ended", configHash: null };
      const st = await tickContact(db, model, input.contact, when(input.at));
      return enrollmentStatus(st, input.campaign, model.hash);
    },
  };
}
