import { Locator, sortDiagnostics } from "../output/located.js";
import { toGithubAnnotations, toSarif, toValidateJson, type ValidationReport } from "../output/machine.js";
import { renderText, styleFor } from "../output/text.js";
import { loadWorkspace } from "../load-workspace.js";
import { toolVersion } from "../version.js";

export type ValidateFormat = "text" | "json" | "github" | "sarif";

/** `funnelform validate [PATH...]`: each PATH is a workspace. Exit 1 when any has an error. */
export function validateCommand(paths: string[], format: ValidateFormat): number {
  const reports: ValidationReport[] = [];
  for (const path of paths.length > 0 ? paths : ["."]) {
    const ws = loadWorkspace(path);
    const locator = new Locator(ws.texts);
    reports.push({
      path,
      hash: ws.compiled?.ir.hash ?? null,
      diagnostics: sortDiagnostics(ws.diagnostics).map((d) => locator.locate(d)),
    });
  }
  const failed = reports.some((r) => r.diagnostics.some((l) => l.diagnostic.severity === "error"));
  const out = process.stdout;
  switch (format) {
    case "json":
      out.write(JSON.stringify(toValidateJson(reports), null, 2) + "\n");
      break;
    case "sarif":
      out.write(JSON.stringify(toSarif(reports, toolVersion()), null, 2) + "\n");
      break;
    case "github": {
      const text = toGithubAnnotations(reports);
      if (text) out.write(text + "\n");
      for (const r of reports) out.write(summaryLine(r) + "\n");
      break;
    }
    case "text": {
      const style = styleFor(out);
      for (const r of reports) {
        for (const l of r.diagnostics) out.write(renderText(l, style) + "\n\n");
        const line = summaryLine(r);
        out.write((r.hash ? style.green(line) : style.red(line)) + "\n");
      }
      break;
    }
  }
  return failed ? 1 : 0;
}

function summaryLine(r: ValidationReport): string {
  const errors = r.diagnostics.filter((l) => l.diagnostic.severity === "error").length;
  const warnings = r.diagnostics.length - errors;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  return r.hash ? `${r.path}: valid (${counts}), hash ${r.hash.slice(0, 12)}` : `${r.path}: not valid (${counts})`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
