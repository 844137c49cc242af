/**
 * `funnelform apply PATH|PLANFILE [--expect-base HASH] [--yes]` and `apply --version HASH`:
 * stores a version and makes it active (SPEC section 5). Shows what changes against the
 * deployed version and asks before changing anything, unless `--yes`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { diffIr } from "../../../dsl/plan/diff.js";
import { renderDiffText } from "../../../dsl/plan/render-diff.js";
import type { CompiledIr } from "../../../schemas/ir.js";
import { channelEnvErrors } from "../../channels/env-check.js";
import { describeReevaluation, reevaluateHook, type ReevaluationSummary } from "../../ingest/reevaluate.js";
import type { Db } from "../../store/db.js";
import { StoreError } from "../../store/errors.js";
import { activateVersion, activeVersion, applyVersion, getVersion, type ApplyResult, type ConfigVersion } from "../../store/versions.js";
import { openDatabase, openFailure } from "../database.js";
import { loadWorkspace } from "../load-workspace.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";
import type { PlanFile } from "./plan.js";

export interface ApplyOptions {
  expectBase?: string;
  yes: boolean;
  /** Roll back (or forward) to this stored version instead of applying PATH. */
  version?: string;
}

/** What is to be deployed, and the base it must be deployed over when that is known. */
interface Target {
  ir: CompiledIr;
  sourceRef: string;
  /** From a plan file: the hash the plan was made against. */
  planBase?: string;
}

/** Who applies: recorded on the version and shown to a concurrent apply as the lock holder. */
export function actorName(env: Record<string, string | undefined> = process.env): string {
  const named = env["FUNNELFORM_USER"];
  if (named !== undefined && named !== "") return named;
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still tell the holder apart.
  }
  return `${user}@${hostname()} (pid ${process.pid})`;
}

const err = (line: string): void => {
  process.stderr.write(`apply: ${line}\n`);
};

function isPlanFile(value: unknown): value is PlanFile {
  return (
    value !== null &&
    typeof value === "object" &&
    "format" in value &&
    value.format === "funnelform-plan/1" &&
    "baseHash" in value &&
    typeof value.baseHash === "string" &&
    "ir" in value &&
    value.ir !== null &&
    typeof value.ir === "object"
  );
}

/** A plan file (JSON with the plan format) or a workspace folder/file; undefined after printing why not. */
function loadTarget(path: string): Target | undefined {
  if (existsSync(path) && statSync(path).isFile() && !/\.funnel(\.ya?ml)?$/.test(path)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      parsed = undefined;
    }
    if (!isPlanFile(parsed)) {
      err(`${path} is not a saved plan (make one with funnelform plan PATH --base deployed --out ${path}) nor a workspace file`);
      return undefined;
    }
    return { ir: parsed.ir, sourceRef: `plan ${resolve(path)}`, planBase: parsed.baseHash };
  }
  const ws = loadWorkspace(path);
  if (!ws.compiled) {
    const locator = new Locator(ws.texts);
    const style = styleFor(process.stderr);
    for (const d of sortDiagnostics(ws.diagnostics.filter((x) => x.severity === "error")))
      process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
    err("the workspace does not compile: fix the errors above; nothing was applied");
    return undefined;
  }
  return { ir: ws.compiled.ir, sourceRef: resolve(path) };
}

const short = (hash: string | null | undefined): string => (hash ? hash.slice(0, 12) : "nothing");

/** True (after saying which) when a channel's environment variable is unset: the worker could not send. */
function channelEnvMissing(ir: CompiledIr): boolean {
  const unset = channelEnvErrors(ir, process.env);
  for (const line of unset) err(line);
  if (unset.length > 0) err("set them where funnelform runs (the worker needs them too); nothing was applied");
  return unset.length > 0;
}

/** The change, Terraform-style; true when there is something to do. */
function showChange(active: ConfigVersion | undefined, ir: CompiledIr): boolean {
  const out = process.stdout;
  if (active === undefined) {
    out.write(`Nothing is deployed yet: this deploys version "${ir.version}" (${short(ir.hash)}) for the first time.\n`);
    return true;
  }
  if (active.hash === ir.hash) {
    out.write(`Version "${ir.version}" (${short(ir.hash)}) is already active: nothing to apply.\n`);
    return false;
  }
  const st = styleFor(out);
  const diff = diffIr(active.ir, ir);
  out.write(`Deployed: version "${active.version}" (${short(active.hash)}); applying version "${ir.version}" (${short(ir.hash)}).\n\n`);
  if (diff.changes.length > 0) out.write("funnelform will make these changes:\n\n");
  out.write(
    renderDiffText(diff, { add: (x) => st.green(x), change: (x) => st.yellow(x), remove: (x) => st.red(x), bold: (x) => st.bold(x), dim: (x) => st.dim(x) }) +
      "\n\n",
  );
  return true;
}

/** Asks on a terminal; without one, only `--yes` may change the deployed version. */
async function confirmed(yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (process.stdin.isTTY !== true) {
    err("refusing to change the deployed version without confirmation: no terminal to ask on; pass --yes to apply without asking");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question("Apply these changes? Only 'yes' is accepted: ");
    if (answer.trim() === "yes") return true;
    err("cancelled: nothing was applied");
    return false;
  } finally {
    rl.close();
  }
}

function reportDone(r: ApplyResult, reevaluated?: ReevaluationSummary): void {
  if (!r.changed) process.stdout.write(`Version "${r.active.version}" (${short(r.active.hash)}) was already active: nothing changed.\n`);
  else process.stdout.write(`Applied: version "${r.active.version}" (${r.active.hash}) is active now (before: ${short(r.previous)}).\n`);
  if (r.changed && reevaluated !== undefined) process.stdout.write(`${describeReevaluation(reevaluated)}\n`);
}

async function applyTarget(db: Db, target: Target, path: string, opts: ApplyOptions): Promise<number> {
  const active = await activeVersion(db);
  const activeHash = active?.hash ?? null;
  if (target.planBase !== undefined && target.planBase !== activeHash) {
    err(
      `the plan in ${path} is stale: it was made against ${target.planBase} but ${activeHash ?? "nothing"} is deployed now; ` +
        "make the plan again with funnelform plan PATH --base deployed",
    );
    return 1;
  }
  const expectBase = opts.expectBase ?? target.planBase;
  if (expectBase !== undefined && expectBase !== activeHash) {
    err(`the deployed version has moved: --expect-base is ${expectBase} but ${activeHash ?? "nothing"} is deployed now; plan again`);
    return 1;
  }
  if (!showChange(active, target.ir)) return 0;
  if (!(await confirmed(opts.yes))) return 1;
  // expectBase again inside the lock: someone may have applied while we asked.
  // Existing contacts move to the new version in the same transaction (thresholds fire at once).
  const seen: ReevaluationSummary[] = [];
  const reevaluateContacts = reevaluateHook((s) => seen.push(s));
  const r = await applyVersion(db, { ir: target.ir, sourceRef: target.sourceRef, appliedBy: actorName(), expectBase: expectBase ?? activeHash, reevaluateContacts });
  reportDone(r, seen[0]);
  return 0;
}

async function rollBack(db: Db, hash: string, opts: ApplyOptions): Promise<number> {
  const wanted = await getVersion(db, hash);
  if (wanted === undefined) {
    err(`no stored version has the hash ${hash}: funnelform apply --version takes a hash applied before`);
    return 1;
  }
  if (channelEnvMissing(wanted.ir)) return 1;
  const active = await activeVersion(db);
  const activeHash = active?.hash ?? null;
  if (opts.expectBase !== undefined && opts.expectBase !== activeHash) {
    err(`the deployed version has moved: --expect-base is ${opts.expectBase} but ${activeHash ?? "nothing"} is deployed now`);
    return 1;
  }
  if (!showChange(active, wanted.ir)) return 0;
  if (!(await confirmed(opts.yes))) return 1;
  const seen: ReevaluationSummary[] = [];
  const reevaluateContacts = reevaluateHook((s) => seen.push(s));
  reportDone(await activateVersion(db, hash, { activatedBy: actorName(), expectBase: opts.expectBase ?? activeHash, reevaluateContacts }), seen[0]);
  return 0;
}

/** `funnelform apply`: exit 0 applied (or nothing to do), 1 refused or failed, 2 usage. */
export async function applyCommand(path: string | undefined, opts: ApplyOptions): Promise<number> {
  if ((path === undefined) === (opts.version === undefined)) {
    err("give either a workspace or plan file (funnelform apply PATH) or a stored version (funnelform apply --version HASH)");
    return 2;
  }
  // Compile first: a workspace with errors needs no database (and creates no embedded one).
  let target: Target | undefined;
  if (path !== undefined) {
    target = loadTarget(path);
    if (target === undefined || channelEnvMissing(target.ir)) return 1;
  }
  let db: Db;
  try {
    const opened = await openDatabase();
    db = opened.db;
    process.stderr.write(`using ${opened.where}\n`);
  } catch (error) {
    err(openFailure(error));
    return 1;
  }
  try {
    return target === undefined || path === undefined ? await rollBack(db, opts.version ?? "", opts) : await applyTarget(db, target, path, opts);
  } catch (error) {
    if (error instanceof StoreError) {
      err(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}
