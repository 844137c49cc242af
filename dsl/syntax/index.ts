/**
 * The DSL front end: `*.funnel` text → AST (`dsl/ast.ts`) with every syntax error of the file.
 */
import type { Decl, FileAst, StepNode } from "../ast.js";
import { markBlankLines, markDeclBlankLines, placeComments, pruneBodyComments, type LeadStart } from "../print/layout.js";
import type { Result } from "../diagnostics.js";
import { attachComments } from "./comments.js";
import { funnelParser } from "./parser.js";
import { run, tooLarge } from "./run.js";

export { parseFragment } from "./fragments.js";
export { MAX_FILE_CHARS } from "./lexer.js";
export { MAX_NESTING } from "./parser-base.js";

/** Always returns a value (what could be recovered) plus every syntax error of the file. */
export function parseFunnel(text: string, file: string): Result<FileAst> & { value: FileAst } {
  const empty: FileAst = { file, syntax: "dsl", decls: [], trailingComments: [] };
  const big = tooLarge(text, file, 0);
  if (big !== undefined) return { value: empty, diagnostics: [big] };
  const r = run(text, file, 0, () => {
    funnelParser.funnelFile();
    return funnelParser.takeDecls();
  });
  const decls = r.value ?? funnelParser.takeDecls();
  const attached = attachComments(text, r.comments, r.attachables, r.tokens);
  const { trailing: trailingComments, leadStart } = attached;
  placeComments(decls, attached);
  markDeclBlankLines(text, decls, leadStart);
  for (const d of decls) {
    pruneBodyComments(d);
    if (d.kind === "pipeline") {
      markBlankLines(text, d.stages, leadStart);
      d.stages.forEach(pruneBodyComments);
    }
    else if (d.kind === "campaign") markStepBlankLines(text, d.steps, leadStart);
    else if (d.kind === "feedback") markBlankLines(text, d.outcomes, outcomeLeads(d, leadStart));
  }
  return { value: { file, syntax: "dsl", decls, trailingComments }, diagnostics: r.diagnostics };
}

function markStepBlankLines(text: string, steps: readonly StepNode[], leadStart: LeadStart): void {
  markBlankLines(text, steps, leadStart);
  for (const s of steps) {
    if (s.kind !== "if") continue;
    markStepBlankLines(text, s.then, leadStart);
    if (s.else) markStepBlankLines(text, s.else, leadStart);
  }
}

/** Where the comments above each feedback outcome start (they live in `bodyComments`). */
function outcomeLeads(d: Extract<Decl, { kind: "feedback" }>, leadStart: LeadStart): LeadStart {
  const m = new Map<object, number>();
  d.outcomes.forEach((o, i) => {
    const slot = d.bodyComments?.[`outcome.${i}`];
    const at = slot === undefined ? undefined : leadStart.get(slot);
    if (at !== undefined) m.set(o, at);
  });
  return m;
}
