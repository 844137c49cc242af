/**
 * The body of `POST /events`: a JSON array of events, or NDJSON (one event a line). Lines
 * that are not JSON are reported by line number, so a sender can find them in its file.
 */

/** A body problem at one item; `line` only for NDJSON. */
export interface BodyError {
  index: number;
  line?: number;
  id: null;
  reason: string;
}

export type ParsedBody =
  | { ok: true; items: unknown[]; /** For NDJSON: each item's 1-based line in the body. */ lines?: number[] }
  | { ok: false; error: string; errors?: BodyError[] };

export function parseEventsBody(text: string): ParsedBody {
  const trimmed = text.trimStart();
  if (trimmed === "") return { ok: false, error: "the body is empty: send a JSON array of events or NDJSON, one event a line" };
  if (trimmed.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      return { ok: false, error: `the body starts like a JSON array but is not valid JSON (${e instanceof Error ? e.message : "parse error"})` };
    }
    if (!Array.isArray(value)) return { ok: false, error: "the body must be a JSON array of events" };
    return { ok: true, items: value };
  }
  const items: unknown[] = [];
  const lines: number[] = [];
  const errors: BodyError[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    try {
      items.push(JSON.parse(line));
      lines.push(i + 1);
    } catch {
      errors.push({ index: items.length + errors.length, line: i + 1, id: null, reason: `line ${i + 1} is not JSON: each line must be one event object` });
    }
  });
  if (errors.length > 0) return { ok: false, error: `${errors.length} line${errors.length === 1 ? " is" : "s are"} not JSON: nothing was written`, errors };
  return { ok: true, items, lines };
}
