import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { startServer, type RunningServer } from "../../runtime/cli/commands/serve.js";
import { openPostgres, type Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";

/** The runtime's test workspace in DSL: scores from rules, a fit score from a field, tags. */
export const WORKSPACE = `version "1"
field job_title: string
score engagement { limit 0..100 }
score fit { kind fit  limit 0..100 }
rule "Visit" on page.visited engagement +1
rule "Webinar" on webinar.attended engagement +10
rule "Senior" when job_title matches "vp|director" fit +30
`;

/** The same workspace one version on: a visit is worth more. */
export const WORKSPACE_V2 = WORKSPACE.replace('version "1"', 'version "2"').replace("engagement +1\n", "engagement +2\n");

export function compileText(text: string): CompiledIr {
  const r = compileWorkspace([{ path: "workspace.funnel", text }]);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  return r.value.ir;
}

export const T0 = Date.parse("2026-03-01T09:00:00Z");
const MIN = 60_000;

/** A small history over three contacts, one with quotes and SQL in its id. */
export function history(): Record<string, unknown>[] {
  const at = (m: number): string => new Date(T0 + m * MIN).toISOString();
  const tricky = "x'); DROP TABLE contacts; --";
  return [
    { id: "e1", type: "page.visited", contact: "ann", at: at(0), props: { url: "/pricing" } },
    { id: "e2", type: "contact.updated", contact: "ann", at: at(1), props: { job_title: "VP Sales" } },
    { id: "e3", type: "webinar.attended", contact: "ann", at: at(2), props: { webinar: "intro" } },
    { id: "e4", type: "page.visited", contact: "bob", at: at(3), props: { url: "/" } },
    { id: "e5", type: "contact.tagged", contact: "bob", at: at(4), props: { tag: "partner" } },
    { id: "e6'; DELETE FROM events; --", type: "page.visited", contact: tricky, at: at(5), props: { url: "'; DROP TABLE ledger; --" } },
    { id: "e7", type: "contact.updated", contact: tricky, at: at(6), props: { job_title: "Robert'); DROP TABLE scores;--" } },
    { id: "e8", type: "page.visited", contact: "ann", at: at(7), props: { url: "/docs" } },
  ];
}

/** The time of the last event of `history()`: where `simulate` reads its contacts. */
export const LAST = T0 + 7 * MIN;

/** A fresh empty database on the test server, by URL (for code that opens its own pool). */
export async function freshDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("databaseUrl");
  const admin: Db = openPostgres(adminUrl, { max: 1 });
  // Random lowercase hex: a safe identifier, never from input.
  const name = `ff_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** `funnelform serve` on a fresh database with `ir` applied, listening on a free port. */
export interface ServedDatabase {
  server: RunningServer;
  /** A second handle on the same database, for the test's own reads and writes. */
  db: Db;
  close(): Promise<void>;
}

export async function serveFresh(ir: CompiledIr, token: string): Promise<ServedDatabase> {
  const fresh = await freshDatabaseUrl();
  const started = await startServer({ DATABASE_URL: fresh.url, FUNNELFORM_TOKEN: token, FUNNELFORM_PORT: "0" });
  if ("error" in started) throw new Error(started.error);
  const db = openPostgres(fresh.url, { max: 1 });
  await applyVersion(db, { ir, appliedBy: "test" });
  return {
    server: started,
    db,
    async close() {
      await started.close();
      await db.close();
      await fresh.drop();
    },
  };
}
