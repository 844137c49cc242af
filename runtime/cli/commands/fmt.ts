import { readFileSync, writeFileSync } from "node:fs";
import type { FileAst } from "../../../dsl/ast.js";
import type { Diagnostic } from "../../../dsl/diagnostics.js";
import { printDsl } from "../../../dsl/print/dsl.js";
import { printYaml, schemaOf } from "../../../dsl/print/yaml.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";
import { listWorkspaceFiles } from "../workspace-files.js";
import { sameAst } from "../same-ast.js";

/** Parses one file with the front end its name asks for. */
export function parseFile(path: string, text: string): { ast: FileAst; diagnostics: Diagnostic[] } {
  const r = /\.funnel$/.test(path) ? parseFunnel(text, path) : loadYaml(text, path);
  return { ast: r.value, diagnostics: r.diagnostics };
}

/** `schema`: the `# yaml-language-server: $schema=` path to write on a YAML file's first line. */
export function printFile(ast: FileAst, syntax: "dsl" | "yaml", schema?: string): string {
  if (syntax === "dsl") return printDsl(ast);
  return schema === undefined ? printYaml(ast) : printYaml(ast, { schema });
}

/**
 * `funnelform fmt [--check] PATH...`: rewrites files in canonical form. A file with syntax
 * errors is left alone (formatting must never lose text), and so is one whose formatted
 * text would not read back as the same thing.
 */
export function fmtCommand(paths: string[], check: boolean): number {
  const style = styleFor(process.stderr);
  let unformatted = 0;
  let broken = 0;
  for (const file of paths.flatMap((p) => listWorkspaceFiles(p))) {
    const text = readFileSync(file, "utf8");
    const { ast, diagnostics } = parseFile(file, text);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      const locator = new Locator(new Map([[file, text]]));
      for (const d of sortDiagnostics(errors)) process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
      broken++;
      continue;
    }
    const formatted = printFile(ast, ast.syntax, ast.syntax === "yaml" ? schemaOf(text) : undefined);
    if (formatted === text) continue;
    const again = parseFile(file, formatted);
    if (again.diagnostics.some((d) => d.severity === "error") || !sameAst(ast, again.ast)) {
      process.stderr.write(`${file}: not formatted: the formatter could not keep its meaning (a funnelform bug; please report it)\n`);
      broken++;
      continue;
    }
    unformatted++;
    if (check) process.stdout.write(`${file}\n`);
    else {
      writeFileSync(file, formatted);
      process.stdout.write(`formatted ${file}\n`);
    }
  }
  if (check && unformatted > 0) process.stderr.write(`${unformatted} file(s) need formatting: run funnelform fmt\n`);
  return broken > 0 || (check && unformatted > 0) ? 1 : 0;
}
