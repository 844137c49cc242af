import { writeFileSync } from "node:fs";
import { canonicalJson } from "../../../dsl/canonical.js";
import { loadWorkspace } from "../load-workspace.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";

/**
 * `funnelform compile PATH [-o FILE]`: the canonical IR, hash included. Canonical JSON
 * (sorted keys, no spaces) is exactly what the hash is computed over — minus `hash` —
 * so `sha256` of the output without its hash field can be checked by anyone.
 */
export function compileCommand(path: string, outFile: string | undefined): number {
  const ws = loadWorkspace(path);
  const errors = ws.diagnostics.filter((d) => d.severity === "error");
  if (!ws.compiled || errors.length > 0) {
    const locator = new Locator(ws.texts);
    const style = styleFor(process.stderr);
    for (const d of sortDiagnostics(ws.diagnostics)) process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
    process.stderr.write(`${path}: not compiled: fix the ${errors.length === 1 ? "error" : "errors"} above\n`);
    return 1;
  }
  const json = canonicalJson(ws.compiled.ir) + "\n";
  if (outFile) {
    writeFileSync(outFile, json);
    process.stderr.write(`wrote ${outFile} (hash ${ws.compiled.ir.hash})\n`);
  } else process.stdout.write(json);
  return 0;
}
