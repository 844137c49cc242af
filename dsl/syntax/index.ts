/**
 * The DSL front end: `*.funnel` text → AST (`dsl/ast.ts`) with every syntax error of the file.
 */
import type { FileAst } from "../ast.js";
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
  const trailingComments = attachComments(text, r.comments, r.attachables, r.tokens);
  return { value: { file, syntax: "dsl", decls, trailingComments }, diagnostics: r.diagnostics };
}
