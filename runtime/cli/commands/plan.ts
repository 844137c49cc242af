import { readFileSync, writeFileSync } from "node:fs";
import { compileWorkspace } from "../../../dsl/index.js";
import { diffIr, type IrDiff } from "../../../dsl/plan/diff.js";
import { renderDiffMarkdown } from "../../../dsl/plan/render-markdown.js";
import { renderDiffText, type PlanStyle } from "../../../dsl/plan/render-diff.js";
import type { CompiledIr } from "../../../schemas/ir.js";
import { planComment } from "../../impact/comment.js";
import { readHistoryFromDb, readInFlightFromDb } from "../../impact/from-db.js";
import { computeImpact, type Impact } from "../../impact/impact.js";
import type { InFlightContact } from "../../impact/in-flight.js";
import { renderImpactText } from "../../impact/render-impact.js";
import { parseNdjson } from "../../scenario/ndjson.js";
import { readWorkspaceAtRef } from "../git-base.js";
import { activeVersion } from "../../store/versions.js";
import { databaseLocation, openExistingDatabase, openFailure } from "../database.js";
import { loadWorkspace, type LoadedWorkspace } from "../load-workspace.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";

export interface PlanOptions {
  base: string;
  events?: string;
  /** Replay the runtime's event log and read its work in flight (`--from-db`). */
  fromDb?: boolean;
  format: "text" | "json" | "markdown";
  out?: string;
  detailedExitcode: boolean;
}

/** A saved plan: what `apply` takes, refusing it when the deployed hash is no longer `baseHash`. */
export interface PlanFile {
  format: "funnelform-plan/1";
  baseHash: string;
  hash: string;
  diff: IrDiff;
  ir: CompiledIr;
  /** With --events: the impact on that history (docs/plan.md). */
  impact?: Impact;
}

function reportErrors(ws: Pick<LoadedWorkspace, "texts" | "diagnostics">, what: string): void {
  const locator = new Locator(ws.texts);
  const style = styleFor(process.stderr);
  for (const d of sortDiagnostics(ws.diagnostics.filter((x) => x.severity === "error")))
    process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
  process.stderr.write(`plan: the ${what} does not compile: fix the errors above\n`);
}

/** `path`: the workspace being planned; `git:REF` reads the same folder at REF. */
function loadBase(base: string, path: string): { ir: CompiledIr } | { error: string } | { failed: Pick<LoadedWorkspace, "texts" | "diagnostics"> } {
  if (base.startsWith("git:")) {
    const ref = base.slice(4);
    const at = readWorkspaceAtRef(path, ref);
    if ("error" in at) return at;
    if (at.files.length === 0) return { error: `git:${ref} holds no workspace files under this folder` };
    const r = compileWorkspace(at.files);
    if (!r.value) return { failed: { texts: new Map(at.files.map((f) => [f.path, f.text])), diagnostics: r.diagnostics } };
    return { ir: r.value.ir };
  }
  const ws = loadWorkspace(base);
  if (!ws.compiled) return { failed: ws };
  return { ir: ws.compiled.ir };
}

/** Reads the history for --events; problems are printed with the file and line. */
function readEvents(file: string): unknown[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    process.stderr.write(`plan: cannot read the events file ${file}\n`);
    return undefined;
  }
  const h = parseNdjson(text);
  if (h.problems.length === 0) return h.events;
  for (const p of h.problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
  process.stderr.write("plan: the events file is not NDJSON: fix the lines above\n");
  return undefined;
}

/** The version active in the runtime's database (`--base deployed`). */
async function loadDeployed(): Promise<{ ir: CompiledIr } | { error: string }> {
  const nothing = (where: string): { error: string } => ({
    error: `nothing is deployed to the runtime yet (${where}): there is no version to compare with; deploy the first one with funnelform apply PATH`,
  });
  let opened;
  try {
    opened = await openExistingDatabase();
  } catch (error) {
    return { error: openFailure(error) };
  }
  if (opened === undefined) return nothing(databaseLocation());
  try {
    const active = await activeVersion(opened.db);
    if (active === undefined) return nothing(opened.where);
    return { ir: active.ir };
  } finally {
    await opened.db.close();
  }
}

/** The runtime's history and work in flight, for `--from-db`. */
interface RuntimeHistory {
  events: unknown[];
  inFlight: InFlightContact[];
  now: number;
}

async function loadFromDb(): Promise<RuntimeHistory | { error: string }> {
  let opened;
  try {
    opened = await openExistingDatabase();
  } catch (error) {
    return { error: openFailure(error) };
  }
  if (opened === undefined)
    return { error: `--from-db needs the runtime's database, and there is none at ${databaseLocation()}: set DATABASE_URL, or use --events FILE` };
  try {
    const tty = process.stderr.isTTY === true;
    const events = await readHistoryFromDb(opened.db, (n) => {
      if (tty) process.stderr.write(`reading the runtime's history: ${n.toLocaleString("en")} events…\r`);
    });
    if (tty) process.stderr.write("\u001b[K");
    return { events, inFlight: await readInFlightFromDb(opened.db), now: Date.now() };
  } finally {
    await opened.db.close();
  }
}

/** `funnelform plan PATH --base ... [--events FILE | --from-db]`: the semantic diff, and the impact on a history. */
export function planCommand(path: string, opts: PlanOptions): number | Promise<number> {
  if (opts.fromDb === true && opts.events !== undefined) {
    process.stderr.write("plan: give either --events FILE or --from-db, not both\n");
    return 2;
  }
  const ws = loadWorkspace(path);
  if (!ws.compiled) {
    reportErrors(ws, "workspace");
    return 1;
  }
  const needsDb = opts.base === "deployed" || opts.fromDb === true;
  if (!needsDb) return planAgainst(ws, loadBase(opts.base, path), opts);
  return (async () => {
    // One after the other: the embedded database allows one open handle at a time.
    const base = opts.base === "deployed" ? await loadDeployed() : loadBase(opts.base, path);
    if ("error" in base || "failed" in base || opts.fromDb !== true) return planAgainst(ws, base, opts);
    const runtime = await loadFromDb();
    if ("error" in runtime) {
      process.stderr.write(`plan: ${runtime.error}\n`);
      return 1;
    }
    return planAgainst(ws, base, opts, runtime);
  })();
}

function planAgainst(
  ws: LoadedWorkspace,
  base: { ir: CompiledIr } | { error: string } | { failed: Pick<LoadedWorkspace, "texts" | "diagnostics"> },
  opts: PlanOptions,
  runtime?: RuntimeHistory,
): number {
  if (!ws.compiled) return 1;
  if ("error" in base) {
    process.stderr.write(`plan: ${base.error}\n`);
    return 1;
  }
  if ("failed" in base) {
    reportErrors(base.failed, "base");
    return 1;
  }
  let impact: Impact | undefined;
  if (runtime !== undefined) {
    if (process.stderr.isTTY === true) process.stderr.write(`replaying the runtime's ${runtime.events.length.toLocaleString("en")} events under both versions…\r`);
    impact = computeImpact(base.ir, ws.compiled.ir, runtime.events, runtime.now, runtime.inFlight);
    if (process.stderr.isTTY === true) process.stderr.write("\u001b[K");
  } else if (opts.events !== undefined) {
    const events = readEvents(opts.events);
    if (events === undefined) return 1;
    if (process.stderr.isTTY === true) process.stderr.write(`replaying ${events.length.toLocaleString("en")} events under both versions…\r`);
    impact = computeImpact(base.ir, ws.compiled.ir, events);
    if (process.stderr.isTTY === true) process.stderr.write("\u001b[K");
  }
  const diff = diffIr(base.ir, ws.compiled.ir);
  if (opts.out) {
    const file: PlanFile = { format: "funnelform-plan/1", baseHash: base.ir.hash, hash: ws.compiled.ir.hash, diff, ir: ws.compiled.ir };
    if (impact) file.impact = impact;
    writeFileSync(opts.out, JSON.stringify(file) + "\n");
  }
  const out = process.stdout;
  if (opts.format === "json") {
    const json = { format_version: "1.0", base_hash: base.ir.hash, hash: ws.compiled.ir.hash, ...diff, ...(impact ? { impact } : {}) };
    out.write(JSON.stringify(json, null, 2) + "\n");
  } else if (opts.format === "markdown") {
    out.write(planComment(renderDiffMarkdown(diff, { baseHash: base.ir.hash, hash: ws.compiled.ir.hash }), impact) + "\n");
  } else {
    const st = styleFor(out);
    const style: PlanStyle = { add: (x) => st.green(x), change: (x) => st.yellow(x), remove: (x) => st.red(x), bold: (x) => st.bold(x), dim: (x) => st.dim(x) };
    if (diff.changes.length > 0) out.write("funnelform will make these changes:\n\n");
    out.write(renderDiffText(diff, style) + "\n");
    if (impact) out.write("\n" + renderImpactText(impact, { bold: (x) => st.bold(x), dim: (x) => st.dim(x), up: (x) => st.green(x), down: (x) => st.red(x) }) + "\n");
    if (opts.out) out.write(`\nSaved the plan to ${opts.out}: apply it with funnelform apply ${opts.out}\n`);
  }
  if (opts.detailedExitcode) return diff.changes.length > 0 ? 2 : 0;
  return 0;
}
