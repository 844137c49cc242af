/**
 * Reading an event history (NDJSON, one event a line) and checking every line against the
 * config before anything is replayed: a history with one bad line is refused whole, so a
 * simulation never silently runs on part of the data.
 */
import type { Model } from "../engine/model.js";
import { validateEvent } from "../engine/validate.js";

/** A line the config would refuse: 1-based line number and the reason in plain words. */
export interface HistoryProblem {
  line: number;
  message: string;
}

export interface ReadHistory {
  /** The raw event records, in file order (the engine sorts them by time). */
  events: unknown[];
  problems: HistoryProblem[];
}

/** Problems listed after this many are only counted: a broken export has thousands. */
export const MAX_PROBLEMS = 50;

/**
 * Parses NDJSON text and validates each event with the engine's own door check.
 * Blank lines are skipped. `onLine` is called every 100,000 lines (progress on a TTY).
 */
export function readHistory(model: Model, text: string, onLine?: (lines: number) => void): ReadHistory & { problemCount: number } {
  const events: unknown[] = [];
  const problems: HistoryProblem[] = [];
  let problemCount = 0;
  const problem = (line: number, message: string): void => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message });
  };
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (onLine !== undefined && line % 100_000 === 0) onLine(line);
    if (raw === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problem(line, "this line is not a JSON object (each line must hold one event)");
      continue;
    }
    const v = validateEvent(model, value);
    if (!v.ok) problem(line, v.error);
    else events.push(value);
  }
  return { events, problems, problemCount };
}

/**
 * Parses NDJSON without judging events against a config: `plan` replays one history under
 * two versions, and an event one version refuses is part of the impact, not an error.
 */
export function parseNdjson(text: string): ReadHistory {
  const events: unknown[] = [];
  const problems: HistoryProblem[] = [];
  let line = 0;
  for (const raw of text.split("\n")) {
    line++;
    const t = raw.trim();
    if (t === "") continue;
    try {
      events.push(JSON.parse(t));
    } catch {
      if (problems.length < MAX_PROBLEMS) problems.push({ line, message: "this line is not a JSON object (each line must hold one event)" });
    }
  }
  return { events, problems };
}
