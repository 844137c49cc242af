import { existsSync } from "node:fs";
import { compileWorkspace, type SourceMap } from "../../dsl/index.js";
import type { FileAst } from "../../dsl/ast.js";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { readWorkspace, type LoadedFile } from "./workspace-files.js";

/** A workspace read from disk and compiled: everything a command needs to act or to report. */
export interface LoadedWorkspace {
  path: string;
  files: LoadedFile[];
  texts: Map<string, string>;
  diagnostics: Diagnostic[];
  asts: FileAst[];
  compiled?: { ir: CompiledIr; sourceMap: SourceMap };
}

/** Reads and compiles PATH. Problems (no such path, no files) become diagnostics, never exceptions. */
export function loadWorkspace(path: string): LoadedWorkspace {
  const where = { file: path, start: 0, end: 0 };
  if (!existsSync(path)) {
    return {
      path,
      files: [],
      texts: new Map(),
      asts: [],
      diagnostics: [{ severity: "error", code: "no-files", message: `there is no file or folder called ${path}`, span: where }],
    };
  }
  const files = readWorkspace(path);
  const texts = new Map(files.map((f) => [f.path, f.text]));
  if (files.length === 0) {
    return {
      path,
      files,
      texts,
      asts: [],
      diagnostics: [
        {
          severity: "error",
          code: "no-files",
          message: `${path} holds no workspace files`,
          span: where,
          hint: "workspace files end in .funnel or .funnel.yaml",
        },
      ],
    };
  }
  const result = compileWorkspace(files);
  const ws: LoadedWorkspace = { path, files, texts, diagnostics: result.diagnostics, asts: result.asts };
  if (result.value) ws.compiled = { ir: result.value.ir, sourceMap: result.value.sourceMap };
  return ws;
}
