/** The machine outputs of `funnelform test`: JSON (docs/testing.md) and JUnit XML for CI. */
import { LineIndex, type Position, type Span } from "../../dsl/span.js";
import type { Failure } from "./run-test.js";
import type { SuiteReport } from "./suite.js";

/** Line/column lookups over the suite's texts, one index per file. */
export class Positions {
  private readonly idx = new Map<string, LineIndex>();
  constructor(private readonly texts: ReadonlyMap<string, string>) {}
  at(span: Span): Position {
    let i = this.idx.get(span.file);
    if (i === undefined) this.idx.set(span.file, (i = new LineIndex(this.texts.get(span.file) ?? "")));
    return i.position(span.start);
  }
}

/** A value as a failure prints it: texts bare, everything else as JSON. */
export function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** `file:line:column: at 14d after the start, contact ines: score engagement` */
export function failureHeading(f: Failure, p: Positions): string {
  const pos = p.at(f.span);
  return `${f.span.file}:${pos.line}:${pos.column}: at ${f.at}${f.contact === undefined ? "" : `, contact ${f.contact}`}: ${f.what}`;
}

export function toTestJson(r: SuiteReport): unknown {
  const p = new Positions(r.texts);
  return {
    format_version: "1.0",
    passed: r.passed,
    failed: r.failed,
    files: r.files.map((f) => ({
      file: f.file,
      workspace: f.workspace ?? null,
      hash: f.hash ?? null,
      diagnostics: f.diagnostics.map((d) => {
        const s = p.at(d.span);
        return { severity: d.severity, code: d.code, summary: d.message, detail: d.hint ?? "", filename: d.span.file, line: s.line, column: s.column };
      }),
      tests: f.tests.map((t) => ({
        name: t.name,
        line: p.at(t.span).line,
        passed: t.failures.length === 0,
        failures: t.failures.map((x) => {
          const s = p.at(x.span);
          return { filename: x.span.file, line: s.line, column: s.column, at: x.at, contact: x.contact ?? null, what: x.what, expected: x.expected, actual: x.actual };
        }),
      })),
    })),
  };
}

const xml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c).replace(
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    "",
  );

/** JUnit XML as CI systems read it: a suite per test file, a case per test. */
export function toJunit(r: SuiteReport): string {
  const p = new Positions(r.texts);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const errors = r.files.filter((f) => f.diagnostics.length > 0).length;
  const tests = r.files.reduce((n, f) => n + Math.max(f.tests.length, f.diagnostics.length > 0 ? 1 : 0), 0);
  out.push(`<testsuites name="funnelform test" tests="${tests}" failures="${r.failed - errors}" errors="${errors}">`);
  for (const f of r.files) {
    const failures = f.tests.filter((t) => t.failures.length > 0).length;
    const n = Math.max(f.tests.length, f.diagnostics.length > 0 ? 1 : 0);
    out.push(`  <testsuite name="${xml(f.file)}" tests="${n}" failures="${failures}" errors="${f.diagnostics.length > 0 ? 1 : 0}">`);
    if (f.diagnostics.length > 0) {
      const text = f.diagnostics.map((d) => {
        const s = p.at(d.span);
        return `${d.span.file}:${s.line}:${s.column}: ${d.message}`;
      });
      out.push(`    <testcase name="${xml(f.file)}" classname="${xml(f.file)}">`);
      out.push(`      <error message="${xml(text[0] ?? "")}">${xml(text.join("\n"))}</error>`);
      out.push("    </testcase>");
    }
    for (const t of f.tests) {
      const head = `    <testcase name="${xml(t.name)}" classname="${xml(f.file)}" file="${xml(f.file)}" line="${p.at(t.span).line}"`;
      if (t.failures.length === 0) {
        out.push(`${head}/>`);
        continue;
      }
      const lines = t.failures.map((x) => `${failureHeading(x, p)}\n  expected: ${show(x.expected)}\n  actual:   ${show(x.actual)}`);
      out.push(`${head}>`);
      out.push(`      <failure message="${xml(t.failures.length === 1 ? "1 expectation failed" : `${t.failures.length} expectations failed`)}">${xml(lines.join("\n"))}</failure>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
