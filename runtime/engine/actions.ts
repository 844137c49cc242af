/**
 * Actions of thresholds, feedback outcomes and campaign steps, run in the order written.
 * Messages go to the outbox with a deterministic idempotency key (`idBase:index`), so a
 * replay or a retry never sends twice.
 */
import type { Action, Recipient } from "../../schemas/ir.js";
import { Dep } from "./condition.js";
import { enroll } from "./campaign.js";
import { startFeedback } from "./feedback.js";
import { actionMove } from "./pipeline.js";
import { addSorted, Quiet, sortedRemove, wants, type Run } from "./run.js";
import { applyPoints } from "./scoring.js";
import { setMembership } from "./segments.js";
import { addTimer } from "./timers.js";

export interface ActionOrigin {
  /** Ledger / stage-history reason: `threshold:<n>`, `feedback:<n>`, `campaign:<n>`. */
  reason: string;
  /** The dimension key in context ("" when none). */
  key: string;
  /** Prefix of the outbox idempotency keys. */
  idBase: string;
}

/** The address a recipient means for this contact; null when the field is not set. */
export function resolveRecipient(run: Run, to: Recipient): string | null {
  if (to.to === "address") return to.address;
  const field = to.to === "owner" ? "owner" : to.field;
  const v = run.st.fields[field] ?? run.model.ir.fields[field]?.default;
  return typeof v === "string" && v !== "" ? v : null;
}

export function setTag(run: Run, tag: string, on: boolean): void {
  const changed = on ? addSorted(run.st, "tags", tag) : sortedRemove(run.st.tags, tag);
  if (changed) run.dirty |= Dep.tags;
}

function runAction(run: Run, a: Action, origin: ActionOrigin, i: number): void {
  const id = `${origin.idBase}:${i}`;
  const contact = run.st.id;
  switch (a.do) {
    case "notify":
      run.effects.push({
        type: "outbox",
        key: id,
        contact,
        kind: "notify",
        channel: a.channel ?? "log",
        to: resolveRecipient(run, a.to),
        template: a.template,
        data: { reason: origin.reason },
        at: run.now,
      });
      return;
    case "send_email":
      run.effects.push({
        type: "outbox",
        key: id,
        contact,
        kind: "email",
        channel: a.channel ?? "email",
        to: resolveRecipient(run, { to: "field", field: "email" }),
        template: a.template,
        data: { reason: origin.reason },
        at: run.now,
      });
      return;
    case "webhook":
      run.effects.push({
        type: "outbox",
        key: id,
        contact,
        kind: "webhook",
        channel: a.channel,
        to: null,
        data: { reason: origin.reason, ...(origin.key === "" ? {} : { key: origin.key }) },
        at: run.now,
      });
      return;
    case "feedback":
      startFeedback(run, a.loop);
      return;
    case "stage": {
      const p = run.model.pipelineByName.get(a.pipeline);
      if (p === undefined) {
        // An account pipeline: the account moves after this input, with the member's contribution in.
        if (run.model.accountPipelineByName.has(a.pipeline)) run.accountActions?.push({ pipeline: a.pipeline, stage: a.stage, reason: origin.reason });
        return;
      }
      // On a per-dimension pipeline the move applies to the key in context only.
      if (p.def.per !== undefined && origin.key === "") return;
      actionMove(run, p, p.def.per === undefined ? "" : origin.key, a.stage, origin.reason);
      return;
    }
    case "tag":
    case "untag":
      setTag(run, a.tag, a.do === "tag");
      return;
    case "add_to_segment":
    case "remove_from_segment":
      setMembership(run, a.segment, a.do === "add_to_segment");
      return;
    case "start":
      enroll(run, a.campaign, undefined);
      return;
    case "set":
      run.st.fields[a.field] = a.value;
      if (wants(run, Quiet.field)) run.effects.push({ type: "field", contact, field: a.field, value: a.value, reason: origin.reason, at: run.now });
      run.dirty |= Dep.fields;
      return;
    case "points": {
      const sm = run.model.scores.get(a.score);
      if (sm === undefined) return;
      const key = sm.def.per === undefined ? "" : origin.key;
      if (key === "" && sm.def.per !== undefined) return;
      applyPoints(run, sm, key, [{ points: a.points, reason: origin.reason }]);
      return;
    }
    case "delete_contact":
      if (a.after === undefined) run.deleteRequested = true;
      else addTimer(run.st, { at: run.now + a.after * 1000, kind: "delete" });
      return;
  }
}

export function runActions(run: Run, actions: Action[], origin: ActionOrigin): void {
  actions.forEach((a, i) => {
    if (run.st.deletedAt === undefined) runAction(run, a, origin, i);
  });
}
