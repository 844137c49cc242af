import { writeFileSync } from "node:fs";
import { compileWorkspace } from "../../../dsl/index.js";
import { diffIr, type IrDiff } from "../../../dsl/plan/diff.js";
import { renderDiffMarkdown } from "../../../dsl/plan/render-markdown.js";
import { renderDiffText, type PlanStyle } from "../../../dsl/plan/render-diff.js";
import type { CompiledIr } from "../../../schemas/ir.js";
import { readWorkspaceAtRef } from "../git-base.js";
import { loadWorkspace, type LoadedWorkspace } from "../load-workspace.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";

export interface PlanOptions {
  base: string;
  events?: string;
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
}

function reportErrors(ws: Pick<LoadedWorkspace, "texts" | "diagnostics">, what: string): void {
  const locator = new Locator(ws.texts);
  const style = styleFor(process.stderr);
  for (const d of sortDiagnostics(ws.diagnostics.filter((x) => x.severity === "error")))
    process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
  process.stderr.write(`plan: the ${what} does not compile: fix the errors above\n`);
}

function loadBase(base: string): { ir: CompiledIr } | { error: string } | { failed: Pick<LoadedWorkspace, "texts" | "diagnostics"> } {
  if (base === "deployed")
    return { error: "--base deployed reads the version active in the runtime, and the runtime is not built yet; use --base PATH or --base git:REF" };
  if (base.startsWith("git:")) {
    const ref = base.slice(4);
    const at = readWorkspaceAtRef(".", ref);
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

/** `funnelform plan PATH --base ...`: the semantic diff (impact from histories comes with the engine). */
export function planCommand(path: string, opts: PlanOptions): number {
  if (opts.events !== undefined) {
    process.stderr.write("plan: --events (the impact of a change on a history of events) is not built yet\n");
    return 1;
  }
  const ws = loadWorkspace(path);
  if (!ws.compiled) {
    reportErrors(ws, "workspace");
    return 1;
  }
  const base = loadBase(opts.base);
  if ("error" in base) {
    process.stderr.write(`plan: ${base.error}\n`);
    return 1;
  }
  if ("failed" in base) {
    reportErrors(base.failed, "base");
    return 1;
  }
  const diff = diffIr(base.ir, ws.compiled.ir);
  if (opts.out) {
    const file: PlanFile = { format: "funnelform-plan/1", baseHash: base.ir.hash, hash: ws.compiled.ir.hash, diff, ir: ws.compiled.ir };
    writeFileSync(opts.out, JSON.stringify(file) + "\n");
  }
  const out = process.stdout;
  if (opts.format === "json") {
    out.write(JSON.stringify({ format_version: "1.0", base_hash: base.ir.hash, hash: ws.compiled.ir.hash, ...diff }, null, 2) + "\n");
  } else if (opts.format === "markdown") {
    out.write(renderDiffMarkdown(diff, { baseHash: base.ir.hash, hash: ws.compiled.ir.hash }) + "\n");
  } else {
    const st = styleFor(out);
    const style: PlanStyle = { add: st.green, change: st.yellow, remove: st.red, bold: st.bold, dim: st.dim };
    if (diff.changes.length > 0) out.write("funnelform will make these changes:\n\n");
    out.write(renderDiffText(diff, style) + "\n");
    if (opts.out) out.write(`\nSaved the plan to ${opts.out}: apply it with funnelform apply ${opts.out}\n`);
  }
  if (opts.detailedExitcode) return diff.changes.length > 0 ? 2 : 0;
  return 0;
}
