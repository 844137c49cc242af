import type { Diagnostic } from "../../../dsl/diagnostics.js";
import { LineIndex, type Position } from "../../../dsl/span.js";

/** A diagnostic with its span turned into printable positions (lines and columns 1-based). */
export interface LocatedDiagnostic {
  diagnostic: Diagnostic;
  filename: string;
  start: Position;
  end: Position;
  /** The source line the diagnostic starts on, for excerpts. */
  lineText: string;
}

/** Turns spans into positions. Built once per report; line indexes are computed per file on demand. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  locate(d: Diagnostic): LocatedDiagnostic {
    const text = this.texts.get(d.span.file) ?? "";
    let idx = this.indexes.get(d.span.file);
    if (!idx) {
      idx = new LineIndex(text);
      this.indexes.set(d.span.file, idx);
    }
    const start = withBytes(idx.position(clamp(d.span.start, text)), text);
    const end = withBytes(idx.position(clamp(d.span.end, text)), text);
    const lineStart = d.span.start - (start.column - 1);
    const nl = text.indexOf("\n", lineStart);
    const lineText = text.slice(lineStart, nl === -1 ? text.length : nl).replace(/\r$/, "");
    return { diagnostic: d, filename: d.span.file, start, end, lineText };
  }
}

function clamp(offset: number, text: string): number {
  return Math.max(0, Math.min(offset, text.length));
}

/** `byte` in machine output is a UTF-8 byte offset, as in `terraform validate -json`. */
function withBytes(p: Position, text: string): Position {
  const prefix = text.slice(0, p.byte);
  // ASCII-only prefixes (the common case) need no encoding pass.
  // eslint-disable-next-line no-control-regex
  const byte = /^[\x00-\x7f]*$/.test(prefix) ? prefix.length : Buffer.byteLength(prefix, "utf8");
  return { line: p.line, column: p.column, byte };
}

/** Errors first, then by file and position: the order every output format uses. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
