import { failureHeading, Positions, show, toJunit, toTestJson } from "../../scenario/render.js";
import { runSuite, type LoadWorkspace } from "../../scenario/suite.js";
import { loadWorkspace } from "../load-workspace.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor } from "../output/text.js";

export type TestFormat = "text" | "json" | "junit";

const load: LoadWorkspace = (dir) => {
  const ws = loadWorkspace(dir);
  return ws.compiled ? { ir: ws.compiled.ir, diagnostics: ws.diagnostics, texts: ws.texts } : { diagnostics: ws.diagnostics, texts: ws.texts };
};

/** `funnelform test [PATH]`: runs the scenario tests; exit 0 when all pass, 1 otherwise. */
export function testCommand(path: string, format: TestFormat): number {
  const report = runSuite(path, load);
  const out = process.stdout;
  if (report.files.length === 0) {
    process.stderr.write(`test: no scenario tests (*.test.yaml) under ${path}\n`);
    return 1;
  }
  const line = `${report.passed} passed, ${report.failed} failed`;
  if (format === "json" || format === "junit") {
    out.write(format === "json" ? JSON.stringify(toTestJson(report), null, 2) + "\n" : toJunit(report));
    // The machine output stays parseable; the closing line goes where people look.
    process.stderr.write(line + "\n");
  } else {
    const s = styleFor(out);
    const locator = new Locator(report.texts);
    const p = new Positions(report.texts);
    for (const f of report.files) {
      out.write(s.bold(f.file) + "\n");
      for (const d of sortDiagnostics(f.diagnostics)) out.write(renderText(locator.locate(d), s) + "\n\n");
      for (const t of f.tests) {
        out.write(t.failures.length === 0 ? `  ${s.green("pass")}  ${t.name}\n` : `  ${s.red("FAIL")}  ${t.name}\n`);
        for (const x of t.failures) {
          out.write(`        ${failureHeading(x, p)}\n`);
          out.write(`          expected: ${s.green(show(x.expected))}\n`);
          out.write(`          actual:   ${s.red(show(x.actual))}\n`);
        }
      }
      out.write("\n");
    }
    out.write((report.failed > 0 ? s.red(line) : s.green(line)) + "\n");
  }
  return report.failed > 0 ? 1 : 0;
}
