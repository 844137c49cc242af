import { hashIr } from "../../dsl/canonical.js";
import type { CompiledIr, Ir } from "../../schemas/ir.js";
import { assertApplyLockHeld, withApplyLock } from "./apply-lock.js";
import type { Db } from "./db.js";
import { HashMismatchError, StaleBaseError, UnknownVersionError } from "./errors.js";

/** A stored version without its IR (listings). Times are epoch ms. */
export interface ConfigVersionSummary {
  hash: string;
  version: string;
  sourceRef: string | null;
  appliedBy: string;
  appliedAt: number;
  active: boolean;
  activatedAt: number | null;
}

/** A stored version with its IR. */
export interface ConfigVersion extends ConfigVersionSummary {
  ir: CompiledIr;
}

/** The active version changed: to `active`, from `previous` (none on the first apply). */
export interface VersionChange {
  active: ConfigVersion;
  previous: ConfigVersion | undefined;
}

/**
 * Where re-evaluating existing contacts under a newly active version plugs in (fit scores,
 * segments, thresholds — SPEC section 5, `apply`). It runs inside the activating
 * transaction, so its writes commit with the activation or not at all. Called only when the
 * active version actually changes. The engine's tables bring the implementation.
 */
export type ReevaluateContactsHook = (tx: Db, change: VersionChange) => Promise<void>;

export interface ApplyInput {
  /** The compiled IR; a `hash` member, if present, must match the content. */
  ir: Ir | CompiledIr;
  /** Where the files came from (git commit, path); shown in listings. */
  sourceRef?: string | null;
  /** Who applies: recorded on the version and shown to a concurrent apply as the lock holder. */
  appliedBy: string;
  /**
   * The hash the plan was made against: the apply is refused as stale unless it is active
   * now. `null`: expect nothing deployed yet. Absent: no check.
   */
  expectBase?: string | null;
  reevaluateContacts?: ReevaluateContactsHook;
}

export interface ActivateInput {
  activatedBy: string;
  expectBase?: string | null;
  reevaluateContacts?: ReevaluateContactsHook;
}

export interface ApplyResult {
  /** The version active now. */
  active: ConfigVersionSummary;
  /** The hash that was active before, null when none was. */
  previous: string | null;
  /** False when the version was already active (nothing happened). */
  changed: boolean;
}

interface VersionRow {
  hash: string;
  version: string;
  source_ref: string | null;
  applied_by: string;
  applied_at: Date;
  active: boolean;
  activated_at: Date | null;
  ir?: Ir;
}

const SUMMARY_COLUMNS = "hash, version, source_ref, applied_by, applied_at, active, activated_at";

function toSummary(row: VersionRow): ConfigVersionSummary {
  return {
    hash: row.hash,
    version: row.version,
    sourceRef: row.source_ref,
    appliedBy: row.applied_by,
    appliedAt: row.applied_at.getTime(),
    active: row.active,
    activatedAt: row.activated_at?.getTime() ?? null,
  };
}

function toVersion(row: VersionRow): ConfigVersion {
  if (row.ir === undefined) throw new Error("version row read without its IR");
  return { ...toSummary(row), ir: { ...row.ir, hash: row.hash } };
}

/** The version active now, with its IR; undefined before the first apply. */
export async function activeVersion(db: Db): Promise<ConfigVersion | undefined> {
  const [row] = await db.query<VersionRow>(`SELECT ${SUMMARY_COLUMNS}, ir FROM config_versions WHERE active`);
  return row && toVersion(row);
}

/** One stored version by hash, with its IR. */
export async function getVersion(db: Db, hash: string): Promise<ConfigVersion | undefined> {
  const [row] = await db.query<VersionRow>(`SELECT ${SUMMARY_COLUMNS}, ir FROM config_versions WHERE hash = $1`, [hash]);
  return row && toVersion(row);
}

/** Every stored version, newest first, without IRs. */
export async function listVersions(db: Db): Promise<ConfigVersionSummary[]> {
  const rows = await db.query<VersionRow>(`SELECT ${SUMMARY_COLUMNS} FROM config_versions ORDER BY applied_at DESC, hash`);
  return rows.map(toSummary);
}

/**
 * Makes `hash` the active version under the apply lock, in one transaction with `store`
 * (which writes the version row when it is new). Refuses a stale base before writing.
 */
async function switchActive(
  db: Db,
  by: string,
  expectBase: string | null | undefined,
  hook: ReevaluateContactsHook | undefined,
  hash: string,
  store: (tx: Db) => Promise<void>,
): Promise<ApplyResult> {
  return withApplyLock(db, by, (lock) =>
    db.transaction(async (tx) => {
      await assertApplyLockHeld(tx, lock);
      const [current] = await tx.query<{ hash: string }>("SELECT hash FROM config_versions WHERE active FOR UPDATE");
      const previous = current?.hash ?? null;
      if (expectBase !== undefined && expectBase !== previous) throw new StaleBaseError(expectBase, previous);
      await store(tx);
      if (previous === hash) {
        const [row] = await tx.query<VersionRow>(`SELECT ${SUMMARY_COLUMNS} FROM config_versions WHERE hash = $1`, [hash]);
        if (!row) throw new UnknownVersionError(hash);
        return { active: toSummary(row), previous, changed: false };
      }
      // Deactivate first: the one-active index is checked row by row.
      await tx.query("UPDATE config_versions SET active = false WHERE active");
      const [row] = await tx.query<VersionRow>(
        `UPDATE config_versions SET active = true, activated_at = now() WHERE hash = $1 RETURNING ${SUMMARY_COLUMNS}, ir`,
        [hash],
      );
      if (!row) throw new UnknownVersionError(hash);
      await tx.query(
        "INSERT INTO config_activations (hash, previous, activated_by, activated_at) VALUES ($1, $2, $3, now())",
        [hash, previous, by],
      );
      if (hook) {
        const before = previous === null ? undefined : await getVersion(tx, previous);
        await hook(tx, { active: toVersion(row), previous: before });
      }
      return { active: toSummary(row), previous, changed: true };
    }),
  );
}

/**
 * Stores a compiled version and makes it active, in ONE transaction under the apply lock:
 * either the version is stored, active and its contacts re-evaluated, or nothing changed.
 * Throws `StaleBaseError` (naming the active hash) when `expectBase` is given and is not
 * active, `ApplyLockedError` (naming the holder and since when) when another apply runs,
 * `HashMismatchError` when the IR's `hash` does not match its content. Applying the active
 * version again changes nothing; applying a stored older one activates it (as a rollback).
 */
export async function applyVersion(db: Db, input: ApplyInput): Promise<ApplyResult> {
  const { hash: claimed, ...content } = input.ir as CompiledIr;
  const hash = hashIr(content);
  if (claimed !== undefined && claimed !== hash) throw new HashMismatchError(claimed, hash);
  return switchActive(db, input.appliedBy, input.expectBase, input.reevaluateContacts, hash, async (tx) => {
    await tx.query(
      `INSERT INTO config_versions (hash, version, ir, source_ref, applied_by, applied_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, now()) ON CONFLICT (hash) DO NOTHING`,
      [hash, content.version, JSON.stringify(content), input.sourceRef ?? null, input.appliedBy],
    );
  });
}

/**
 * Makes an earlier stored version active again (rollback), under the same lock and checks
 * as `applyVersion`. Throws `UnknownVersionError` when no version has that hash.
 */
export async function activateVersion(db: Db, hash: string, input: ActivateInput): Promise<ApplyResult> {
  return switchActive(db, input.activatedBy, input.expectBase, input.reevaluateContacts, hash, async (tx) => {
    const found = await tx.query("SELECT 1 FROM config_versions WHERE hash = $1", [hash]);
    if (found.length === 0) throw new UnknownVersionError(hash);
  });
}
