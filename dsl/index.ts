/**
 * The compiler's entry point: workspace files in, canonical hashed IR and diagnostics out.
 * Pure: no file system, no clock (the CLI reads the files).
 */
import type { CompiledIr } from "../schemas/ir.js";
import type { FileAst } from "./ast.js";
import { canonicalJson, hashIr } from "./canonical.js";
import { checkWorkspace } from "./check/index.js";
import { error, hasErrors, type Diagnostic, type Result } from "./diagnostics.js";
import type { SourceMap } from "./lower/context.js";
import { lowerToIr } from "./lower/index.js";
import type { Span } from "./span.js";
import { parseFunnel } from "./syntax/index.js";
import { loadYaml } from "./yaml/index.js";

export type { SourceMap } from "./lower/context.js";
export { lowerToIr } from "./lower/index.js";
export { checkWorkspace, checkSchema } from "./check/index.js";
export { canonicalJson, hashIr };

/** One workspace file; `path` is what the user should see (relative). */
export interface SourceFile {
  path: string;
  text: string;
}

export type CompileResult = Result<{ ir: CompiledIr; sourceMap: SourceMap; asts: FileAst[] }> & { asts: FileAst[] };

function syntaxOf(path: string): "dsl" | "yaml" | undefined {
  if (path.endsWith(".funnel")) return "dsl";
  if (path.endsWith(".funnel.yaml") || path.endsWith(".funnel.yml")) return "yaml";
  return undefined;
}

/**
 * Sorted by place; the same problem found twice is kept once: same code at the same span,
 * or a schema error where a plainer error was already reported (an empty pipeline is "no
 * stages", not also "a name cannot be empty" for its missing initial stage).
 */
function tidy(ds: Diagnostic[]): Diagnostic[] {
  const spanKey = (d: Diagnostic): string => `${d.span.file}\u0000${d.span.start}\u0000${d.span.end}`;
  const plainErrorAt = new Set(ds.filter((d) => d.severity === "error" && d.code !== "schema-violation").map(spanKey));
  const seen = new Set<string>();
  return ds.sort(byFileThenOffset).filter((d) => {
    if (d.code === "schema-violation" && plainErrorAt.has(spanKey(d))) return false;
    const key = `${d.code}\u0000${spanKey(d)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const byFileThenOffset = (a: Diagnostic, b: Diagnostic): number =>
  a.span.file === b.span.file ? a.span.start - b.span.start || a.span.end - b.span.end : a.span.file < b.span.file ? -1 : 1;

/**
 * Parses (`*.funnel` with the DSL parser, `*.funnel.yaml`/`.yml` with the YAML front end),
 * lowers and checks a workspace. Files are taken in path order, so "declared twice" always
 * points at the same one. When a file has syntax errors the compile stops after parsing:
 * a declaration the parser had to skip would otherwise show up as a cascade of "unknown
 * name" errors. The value (IR with `hash`, source map, ASTs) is given only when there are
 * no errors; `asts` is always given (fmt and editors use it).
 */
export function compileWorkspace(files: readonly SourceFile[]): CompileResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const diagnostics: Diagnostic[] = [];
  const asts: FileAst[] = [];
  if (sorted.length === 0) {
    diagnostics.push(error("no-files", "the workspace has no .funnel or .funnel.yaml files", { file: "", start: 0, end: 0 }));
    return { diagnostics, asts };
  }
  for (const f of sorted) {
    const syntax = syntaxOf(f.path);
    const whole: Span = { file: f.path, start: 0, end: 0 };
    if (syntax === undefined) {
      diagnostics.push(error("file-unreadable", `${f.path} is not a workspace file`, whole, "workspace files end in .funnel, .funnel.yaml or .funnel.yml"));
      continue;
    }
    const parsed = syntax === "dsl" ? parseFunnel(f.text, f.path) : loadYaml(f.text, f.path);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value !== undefined) asts.push(parsed.value);
  }
  if (hasErrors(diagnostics)) return { diagnostics: tidy(diagnostics), asts };

  const sources = Object.fromEntries(sorted.map((f) => [f.path, f.text]));
  const lowered = lowerToIr(asts, sources);
  diagnostics.push(...lowered.diagnostics);
  if (lowered.value === undefined) return { diagnostics: tidy(diagnostics), asts };
  const { ir, sourceMap } = lowered.value;
  diagnostics.push(...checkWorkspace(ir, sourceMap, asts, sources));
  const all = tidy(diagnostics);
  if (hasErrors(all)) return { diagnostics: all, asts };
  const compiled: CompiledIr = { ...ir, hash: hashIr(ir) };
  return { value: { ir: compiled, sourceMap, asts }, diagnostics: all, asts };
}
