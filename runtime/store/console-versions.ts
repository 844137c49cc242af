/** The console's versions page: every applied version and who made which one active when. */
import type { Db } from "./db.js";

export interface ConsoleVersion {
  hash: string;
  version: string;
  sourceRef: string | null;
  appliedBy: string;
  appliedAt: string;
  active: boolean;
}

export interface ConsoleActivation {
  hash: string;
  version: string;
  previous: string | null;
  by: string;
  at: string;
}

/** Versions newest first, and activations (applies and rollbacks) newest first. */
export async function readVersionHistory(db: Db): Promise<{ versions: ConsoleVersion[]; activations: ConsoleActivation[] }> {
  const versions = await db.query<{ hash: string; version: string; source_ref: string | null; applied_by: string; applied_at: Date; active: boolean }>(
    "SELECT hash, version, source_ref, applied_by, applied_at, active FROM config_versions ORDER BY applied_at DESC, hash",
  );
  const activations = await db.query<{ hash: string; version: string; previous: string | null; activated_by: string; activated_at: Date }>(
    `SELECT a.hash, v.version, a.previous, a.activated_by, a.activated_at
       FROM config_activations a JOIN config_versions v ON v.hash = a.hash ORDER BY a.seq DESC`,
  );
  return {
    versions: versions.map((v) => ({ hash: v.hash, version: v.version, sourceRef: v.source_ref, appliedBy: v.applied_by, appliedAt: v.applied_at.toISOString(), active: v.active })),
    activations: activations.map((a) => ({ hash: a.hash, version: a.version, previous: a.previous, by: a.activated_by, at: a.activated_at.toISOString() })),
  };
}
