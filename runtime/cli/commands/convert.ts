import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";
import { listWorkspaceFiles } from "../workspace-files.js";
import { packageRoot } from "../version.js";
import { parseFile, printFile } from "./fmt.js";

/** The authoring schema shipped with funnelform, as a path relative to where the YAML file is written. */
function schemaPathFrom(dir: string): string {
  const schema = join(packageRoot(), "schemas", "funnel-yaml.schema.json");
  return relative(resolve(dir), schema).split("\\").join("/");
}

/** `name.funnel` ⇄ `name.funnel.yaml` */
export function convertedName(file: string, to: "dsl" | "yaml"): string {
  const stem = basename(file).replace(/\.funnel(\.ya?ml)?$/, "");
  return to === "dsl" ? `${stem}.funnel` : `${stem}.funnel.yaml`;
}

/**
 * `funnelform convert --to dsl|yaml PATH [-o DIR]`: a single file without `-o` goes to
 * standard output; a workspace folder needs `-o DIR` (writing beside the originals would
 * define every name twice in one workspace).
 */
export function convertCommand(path: string, to: "dsl" | "yaml", outDir: string | undefined): number {
  const isDir = statSync(path).isDirectory();
  if (isDir && !outDir) {
    process.stderr.write(`convert: ${path} is a folder: say where the converted workspace goes with -o DIR\n`);
    return 2;
  }
  const style = styleFor(process.stderr);
  let failed = 0;
  for (const file of listWorkspaceFiles(path)) {
    const text = readFileSync(file, "utf8");
    const { ast, diagnostics } = parseFile(file, text);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      const locator = new Locator(new Map([[file, text]]));
      for (const d of sortDiagnostics(errors)) process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
      failed++;
      continue;
    }
    const output = printFile(ast, to, to === "yaml" ? schemaPathFrom(outDir ? dirname(join(outDir, isDir ? relative(path, dirname(file)) : "", "x")) : process.cwd()) : undefined);
    if (!outDir) {
      process.stdout.write(output);
      continue;
    }
    const rel = isDir ? relative(path, dirname(file)) : "";
    const target = join(outDir, rel, convertedName(file, to));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output);
    process.stderr.write(`wrote ${target}\n`);
  }
  return failed > 0 ? 1 : 0;
}
