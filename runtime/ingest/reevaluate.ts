/**
 * Re-evaluating existing contacts when a version becomes active (SPEC section 5, `apply`):
 * inside the activating transaction, every contact that is not deleted is locked, loaded,
 * moved to the new version by the engine (`adoptVersion`: removed entities dropped, fit
 * scores and limits recomputed, enrollments moved by their campaign's `on change` policy,
 * thresholds evaluated at once) and saved with its effects' rows — ledger, stage history,
 * threshold fires, outbox — exactly as an ingest saves them. It commits with the activation
 * or not at all.
 */
import type { CompiledIr } from "../../schemas/ir.js";
import { adoptVersion, compileModel, type Model } from "../engine/index.js";
import type { Effect } from "../engine/types.js";
import { lockContacts } from "../store/contact-lock.js";
import type { Db } from "../store/db.js";
import { getVersion, type ConfigVersion, type ReevaluateContactsHook, type VersionChange } from "../store/versions.js";
import { applyToContact, openWorkingSet, saveWorkingSet } from "./working-set.js";

/** What re-evaluating did, for the summary line `apply` prints. */
export interface ReevaluationSummary {
  contacts: number;
  /** Threshold fires (an MQL alert is one), by threshold. */
  fires: Record<string, number>;
  /** Stage moves, including contacts moved off a removed stage and initial stages of added pipelines. */
  stageMoves: number;
  migrated: number;
  restarted: number;
  kept: number;
  /** Enrollments ended by the change (campaign or step removed). */
  ended: number;
}

export interface ReevaluateOptions {
  /** Contacts per chunk (default 500): one lock set and one save each, within the one transaction. */
  chunk?: number;
  /** When the change happens (epoch ms); default the activation's time. */
  at?: number;
}

export const emptySummary = (): ReevaluationSummary => ({ contacts: 0, fires: {}, stageMoves: 0, migrated: 0, restarted: 0, kept: 0, ended: 0 });

/** The config hashes kept enrollments still run on (`on change keep`). */
async function keptHashes(db: Db): Promise<string[]> {
  const rows = await db.query<{ hash: string }>(
    `SELECT DISTINCT cell -> 'active' ->> 'hash' AS hash FROM campaign_enrollments
      WHERE cell -> 'active' ->> 'hash' IS NOT NULL ORDER BY 1`,
  );
  return rows.map((r) => r.hash);
}

async function storedIrs(db: Db, hashes: readonly string[]): Promise<CompiledIr[]> {
  const out: CompiledIr[] = [];
  for (const hash of hashes) {
    const v = await getVersion(db, hash);
    if (v !== undefined) out.push(v.ir);
  }
  return out;
}

/**
 * A stored version compiled with the earlier versions its kept enrollments run on: what
 * every process that applies inputs should use (`compileModel(version.ir)` alone would
 * move kept enrollments onto the new steps).
 */
export async function compileStoredModel(db: Db, version: ConfigVersion, also: readonly CompiledIr[] = []): Promise<Model> {
  const kept = await storedIrs(db, (await keptHashes(db)).filter((h) => h !== version.hash && !also.some((ir) => ir.hash === h)));
  return compileModel(version.ir, { previous: [...also, ...kept] });
}

function count(summary: ReevaluationSummary, effects: readonly Effect[]): void {
  for (const e of effects) {
    if (e.type === "threshold") summary.fires[e.name] = (summary.fires[e.name] ?? 0) + 1;
    else if (e.type === "stage") summary.stageMoves++;
    else if (e.type === "campaign") {
      if (e.what === "migrated") summary.migrated++;
      else if (e.what === "restarted") summary.restarted++;
      else if (e.what === "kept") summary.kept++;
      else if (e.what === "left" && e.reason !== undefined) summary.ended++;
    }
  }
}

/** Scores whose decay transitions the change moves: their stored `next_transition_at` must be recomputed. */
function movedTransitions(old: Model, neu: Model): string[] {
  const out: string[] = [];
  for (const [name, sm] of neu.scores) {
    const was = old.scores.get(name);
    if (was === undefined || JSON.stringify([was.decay, was.bounds, was.rest]) !== JSON.stringify([sm.decay, sm.bounds, sm.rest])) out.push(name);
  }
  return out;
}

/** Moves every contact to `change.active` (see the module comment); returns what it did. */
export async function reevaluateContacts(tx: Db, change: VersionChange, opts: ReevaluateOptions = {}): Promise<ReevaluationSummary> {
  const summary = emptySummary();
  const previous = change.previous;
  if (previous === undefined) return summary;
  const kept = await storedIrs(tx, (await keptHashes(tx)).filter((h) => h !== previous.hash && h !== change.active.hash));
  const oldModel = compileModel(previous.ir, { previous: kept });
  const newModel = compileModel(change.active.ir, { previous: [previous.ir, ...kept] });
  const at = opts.at ?? change.active.activatedAt ?? Date.now();
  const chunk = opts.chunk ?? 500;
  const rewrite = movedTransitions(oldModel, newModel);
  for (let after = ""; ; ) {
    const rows = await tx.query<{ id: string }>(
      `SELECT id FROM contacts WHERE id > $1 AND created_at IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT $2`,
      [after, chunk],
    );
    const last = rows.at(-1);
    if (last === undefined) return summary;
    after = last.id;
    const ids = await lockContacts(
      tx,
      rows.map((r) => r.id),
      false,
    );
    const w = await openWorkingSet(tx, newModel, ids);
    for (const id of ids) await applyToContact(w, id, (st, ctx) => adoptVersion(oldModel, newModel, st, at, ctx));
    // Rows the diff would skip (same value) still need their next decay transition under the new bounds.
    for (const before of w.before.values()) for (const score of rewrite) delete before.scores[score];
    await saveWorkingSet(w);
    summary.contacts += w.states.size;
    count(summary, w.effects);
  }
}

/** The hook `applyVersion` / `activateVersion` take; `done` receives the summary inside the transaction. */
export function reevaluateHook(done: (summary: ReevaluationSummary) => void, opts: ReevaluateOptions = {}): ReevaluateContactsHook {
  return async (tx, change) => done(await reevaluateContacts(tx, change, opts));
}

const n = (x: number): string => x.toLocaleString("en-US");
const plural = (x: number, one: string, many: string): string => `${n(x)} ${x === 1 ? one : many}`;

/** "re-evaluated 1,234 contacts: 12 new MQLs, 3 stage moves, 40 enrollments migrated". */
export function describeReevaluation(s: ReevaluationSummary): string {
  const fires = Object.values(s.fires).reduce((a, b) => a + b, 0);
  const parts = [
    plural(fires, "new MQL", "new MQLs"),
    plural(s.stageMoves, "stage move", "stage moves"),
    `${plural(s.migrated, "enrollment", "enrollments")} migrated`,
  ];
  if (s.restarted > 0) parts.push(`${n(s.restarted)} restarted`);
  if (s.kept > 0) parts.push(`${n(s.kept)} kept on the version they started under`);
  if (s.ended > 0) parts.push(`${n(s.ended)} ended`);
  return `re-evaluated ${plural(s.contacts, "contact", "contacts")}: ${parts.join(", ")}`;
}
