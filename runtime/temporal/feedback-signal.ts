/**
 * The API's fast path after a feedback link recorded an outcome: signal the run's
 * `feedbackLoop` at once (the dispatcher's durable signal row follows anyway, so a lost
 * signal here costs only latency). The workflow id is found from the stored run.
 */
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import { OUTCOME_SIGNAL } from "../../workflows/names.js";
import type { Db } from "../store/db.js";
import { feedbackLoopId } from "./workflow-ids.js";

/**
 * Signals `outcomeRecorded` to the current run of `loop` for `contact`. Returns false when
 * there is no run or its workflow has finished or never started (all fine: nothing waits).
 */
export async function signalFeedbackRecorded(client: Client, db: Db, contact: string, loop: string): Promise<boolean> {
  const [row] = await db.query<{ started: number | null }>(
    "SELECT (cell ->> 'startedAt')::float8 AS started FROM feedback_runs WHERE contact = $1 AND loop = $2",
    [contact, loop],
  );
  if (row?.started === undefined || row.started === null) return false;
  try {
    await client.workflow.getHandle(feedbackLoopId(loop, contact, row.started)).signal(OUTCOME_SIGNAL);
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
