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

/** The IR a version was applied with (plain JSON as stored), undefined for an unknown hash. */
export async function readVersionIr(db: Db, hash: string): Promise<unknown> {
  const [row] = await db.query<{ ir: unknown }>("SELECT ir FROM config_versions WHERE hash = $1", [hash]);
  return row?.ir;
}

/** Work still running under one version: active campaign enrollments and feedback runs awaiting an answer. */
export interface InFlightRow {
  hash: string;
  kind: "campaign" | "feedback";
  /** The campaign or feedback loop. */
  name: string;
  contacts: number;
}

/**
 * In-flight work per version. An enrollment runs on the version it names (`on change keep`)
 * or else on the active one; a feedback run on the version that started its workflow (the
 * dispatch row's search attributes; runs whose dispatch row is gone count under "").
 */
export async function readInFlight(db: Db, activeHash: string): Promise<InFlightRow[]> {
  const campaigns = await db.query<{ hash: string; name: string; contacts: number }>(
    `SELECT coalesce(e.cell -> 'active' ->> 'hash', $1) AS hash, e.campaign AS name, count(*)::int AS contacts
       FROM campaign_enrollments e WHERE e.cell ? 'active' GROUP BY 1, 2 ORDER BY 1, 2`,
    [activeHash],
  );
  const feedback = await db.query<{ hash: string; name: string; contacts: number }>(
    `SELECT coalesce(d.search ->> 'configHash', '') AS hash, f.loop AS name, count(*)::int AS contacts
       FROM feedback_runs f
       LEFT JOIN workflow_dispatch d ON d.contact = f.contact AND d.workflow_type = 'feedbackLoop' AND d.action = 'start'
            AND d.search ->> 'loop' = f.loop AND (d.args ->> 'startedAt')::float8 = (f.cell ->> 'startedAt')::float8
      WHERE NOT f.cell ? 'outcome' GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return [...campaigns.map((r) => ({ ...r, kind: "campaign" as const })), ...feedback.map((r) => ({ ...r, kind: "feedback" as const }))];
}
