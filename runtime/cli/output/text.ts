import type { LocatedDiagnostic } from "./located.js";

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const code = (n: number) => (s: string) => `\u001b[${n}m${s}\u001b[0m`;
export const colour: Style = { red: code(31), yellow: code(33), bold: code(1), dim: code(2), green: code(32), cyan: code(36) };
const id = (s: string): string => s;
export const plain: Style = { red: id, yellow: id, bold: id, dim: id, green: id, cyan: id };

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(stream: NodeJS.WriteStream): Style {
  const noColor = process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "";
  return stream.isTTY && !noColor ? colour : plain;
}

/**
 * A diagnostic for people, with the line it is about and a caret under the exact text:
 *
 *   error[unknown-score]: there is no score called `engagment`
 *     --> examples/b2b/scoring.funnel:12:42
 *      |
 *   12 | rule "Clicked an email" on email.clicked engagment +3
 *      |                                          ^^^^^^^^^
 *      = hint: did you mean `engagement`?
 */
export function renderText(l: LocatedDiagnostic, s: Style): string {
  const d = l.diagnostic;
  const sev = d.severity === "error" ? s.red(s.bold("error")) : s.yellow(s.bold("warning"));
  const gutter = String(l.start.line).length;
  const pad = " ".repeat(gutter);
  const width =
    l.end.line === l.start.line ? Math.max(1, l.end.column - l.start.column) : Math.max(1, l.lineText.length - l.start.column + 1);
  const caretLine = " ".repeat(Math.max(0, l.start.column - 1)) + "^".repeat(Math.min(width, 200));
  const lines = [
    `${sev}${s.dim(`[${d.code}]`)}: ${s.bold(d.message)}`,
    `${pad}${s.cyan("-->")} ${l.filename}:${l.start.line}:${l.start.column}`,
    `${pad} ${s.cyan("|")}`,
    `${s.cyan(String(l.start.line))} ${s.cyan("|")} ${truncate(l.lineText)}`,
    `${pad} ${s.cyan("|")} ${d.severity === "error" ? s.red(caretLine) : s.yellow(caretLine)}`,
  ];
  if (d.hint) lines.push(`${pad} ${s.cyan("=")} hint: ${d.hint}`);
  return lines.join("\n");
}

function truncate(line: string): string {
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}
