/**
 * The MQL feedback loop as a timer-driven state machine: ask the owner `after D`, then
 * `every D`, at most N times (then escalate), until an outcome arrives as a
 * `feedback.given` event; the outcome's actions then run once. One run per loop name is
 * current; a new start while one is waiting for an answer changes nothing.
 */
import { runActions } from "./actions.js";
import { resolveRecipient } from "./actions.js";
import { iso, ownRecord, Quiet, wants, type Run } from "./run.js";

export function startFeedback(run: Run, loop: string): void {
  const def = run.model.feedback.get(loop);
  if (def === undefined) return;
  const cur = run.st.feedback[loop];
  if (cur !== undefined && cur.outcome === undefined && cur.nextAskAt !== undefined) return;
  ownRecord(run.st, "feedback")[loop] = { startedAt: run.now, asks: 0, nextAskAt: run.now + def.ask.after * 1000 };
  if (wants(run, Quiet.feedback)) run.effects.push({ type: "feedback", contact: run.st.id, loop, what: "started", at: run.now });
}

/** Sends the asks that are due (timer). */
export function askDue(run: Run): void {
  const loops = Object.keys(run.st.feedback);
  if (loops.length > 1) loops.sort();
  for (const loop of loops) {
    const cell = run.st.feedback[loop];
    const def = run.model.feedback.get(loop);
    if (cell?.nextAskAt === undefined || cell.nextAskAt > run.now || def === undefined) continue;
    cell.asks++;
    const base = `feedback:${loop}:${run.st.id}:${iso(cell.startedAt)}`;
    run.effects.push({
      type: "outbox",
      key: `${base}:ask:${cell.asks}`,
      contact: run.st.id,
      kind: "feedback",
      channel: def.ask.channel,
      to: resolveRecipient(run, def.ask.to),
      data: { loop, ask: cell.asks, outcomes: Object.keys(def.outcomes).sort().join(",") },
      at: run.now,
    });
    if (wants(run, Quiet.feedback)) run.effects.push({ type: "feedback", contact: run.st.id, loop, what: "asked", at: run.now });
    if (cell.asks < def.ask.times) {
      cell.nextAskAt += def.ask.every * 1000;
      continue;
    }
    delete cell.nextAskAt;
    if (def.ask.escalate !== undefined) {
      cell.escalated = true;
      run.effects.push({
        type: "outbox",
        key: `${base}:escalate`,
        contact: run.st.id,
        kind: "escalate",
        channel: def.ask.channel,
        to: resolveRecipient(run, def.ask.escalate),
        data: { loop, asks: cell.asks },
        at: run.now,
      });
      if (wants(run, Quiet.feedback)) run.effects.push({ type: "feedback", contact: run.st.id, loop, what: "escalated", at: run.now });
    }
  }
}

/**
 * Records an outcome (`feedback.given`) and runs its actions. The first outcome of a run
 * wins; a later one is refused. An outcome with no run started still counts (a person judged
 * the lead without being asked). Returns an error text when refused.
 */
export function giveFeedback(run: Run, loop: string, outcome: string, by: string | undefined): string | undefined {
  const def = run.model.feedback.get(loop);
  if (def === undefined) return `there is no feedback loop "${loop}"`;
  const actions = def.outcomes[outcome];
  if (actions === undefined) {
    return `feedback loop "${loop}" has no outcome "${outcome}"; its outcomes are: ${Object.keys(def.outcomes).sort().join(", ")}`;
  }
  let cell = run.st.feedback[loop];
  if (cell?.outcome !== undefined) return `feedback loop "${loop}" already has the outcome "${cell.outcome}"`;
  if (cell === undefined) ownRecord(run.st, "feedback")[loop] = cell = { startedAt: run.now, asks: 0 };
  // Deleted while it is the cell's last field: deleting an earlier one turns the object into a
  // slow dictionary several times its size (the fields end in the same order either way).
  delete cell.nextAskAt;
  cell.outcome = outcome;
  cell.outcomeAt = run.now;
  if (by !== undefined) cell.by = by;
  if (wants(run, Quiet.feedback)) run.effects.push({ type: "feedback", contact: run.st.id, loop, what: "outcome", outcome, at: run.now });
  runActions(run, actions, {
    reason: `feedback:${loop}`,
    key: "",
    idBase: `feedback:${loop}:${run.st.id}:${iso(cell.startedAt)}:${outcome}`,
  });
  return undefined;
}
