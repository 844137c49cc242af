/**
 * The servers of the workflow benchmark: a throwaway PostgreSQL with durable commits (as in
 * production; its postmaster pid gives the server's CPU time), migrated with examples/b2b
 * applied, and the Temporal dev server (in memory) from the CLI `ensureTemporalCli` finds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { compileWorkspace } from "../../dsl/index.js";
import { compileModel, type Model } from "../../runtime/engine/index.js";
import { ensureTemporalCli } from "../../runtime/servers/temporal-cli.js";
import type { Db } from "../../runtime/store/db.js";
import { migrate, openPostgres } from "../../runtime/store/index.js";
import { applyVersion } from "../../runtime/store/versions.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { startDurablePostgres, type DurablePostgres } from "../ingest-postgres.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

/** Compiles one of `examples/`. */
export function compileExample(name: string): CompiledIr {
  const dir = join(EXAMPLES, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel") || f.endsWith(".funnel.yaml"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value.ir;
}

export interface B2bDatabase {
  pg: DurablePostgres;
  db: Db;
  ir: CompiledIr;
  model: Model;
  stop(): Promise<void>;
}

/** A fresh durable PostgreSQL with the schema and b2b active. */
export async function startB2bDatabase(pool = 10): Promise<B2bDatabase> {
  const pg = await startDurablePostgres();
  const db = openPostgres(pg.url, { max: pool, applicationName: "funnelform-bench" });
  await migrate(db);
  const ir = compileExample("b2b");
  await applyVersion(db, { ir, appliedBy: "workflow benchmark" });
  return {
    pg,
    db,
    ir,
    model: compileModel(ir),
    async stop() {
      await db.close();
      await pg.stop();
    },
  };
}

/** The Temporal dev server (in memory, no UI). */
export async function startDevServer(log: (line: string) => void): Promise<TestWorkflowEnvironment> {
  const executable = await ensureTemporalCli(log);
  return TestWorkflowEnvironment.createLocal({ server: { executable, log: { format: "pretty", level: "error" } } });
}

/** The 1-minute load average, for every figure's context. */
export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}
