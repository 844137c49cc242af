/** Compares one check with the state of a replay; a mismatch says what, expected and actual. */
import type { ContactSummary, SimulationResult } from "../engine/simulate.js";
import type { Check } from "./test-types.js";

export interface Mismatch {
  what: string;
  expected: unknown;
  actual: unknown;
}

const EPSILON = 1e-9;

function compare(op: string, actual: number, expected: number): boolean {
  switch (op) {
    case ">=":
      return actual >= expected - EPSILON;
    case "<=":
      return actual <= expected + EPSILON;
    case ">":
      return actual > expected + EPSILON;
    case "<":
      return actual < expected - EPSILON;
    default:
      return Math.abs(actual - expected) < EPSILON;
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * `contact` is undefined when the contact never appeared: it then has no scores (0), no
 * stages, no segments, no tags and fired nothing, which is what a test of "nothing
 * happens" wants to see.
 */
export function evaluateCheck(c: Check, contact: ContactSummary | undefined, r: SimulationResult): Mismatch | undefined {
  switch (c.kind) {
    case "score": {
      const actual = contact?.scores[c.name] ?? 0;
      const expected = c.op === "==" ? c.value : `${c.op} ${c.value}`;
      return compare(c.op, actual, c.value) ? undefined : { what: `score ${c.name}`, expected, actual };
    }
    case "stage": {
      const actual = contact?.stages[c.pipeline] ?? null;
      return actual === c.stage ? undefined : { what: `stage of ${c.pipeline}`, expected: c.stage, actual };
    }
    case "member": {
      const list = contact?.[c.of] ?? [];
      if (list.includes(c.name) === c.present) return undefined;
      const noun = c.of === "segments" ? "segment" : "tag";
      return { what: `${c.present ? "in" : "not in"} ${noun} ${c.name}`, expected: c.present ? `includes ${c.name}` : `excludes ${c.name}`, actual: list };
    }
    case "exact": {
      const actual = [...(contact?.[c.of] ?? [])].sort();
      return sameList(actual, c.names) ? undefined : { what: c.of, expected: c.names, actual };
    }
    case "fired": {
      const actual = (contact?.thresholds ?? []).map((t) => t.name).sort();
      return sameList(actual, c.names) ? undefined : { what: "thresholds fired", expected: c.names, actual };
    }
    case "deleted": {
      const actual = contact?.deleted !== undefined;
      return actual === c.deleted ? undefined : { what: "deleted", expected: c.deleted, actual };
    }
    case "feedback": {
      const cell = contact?.feedback.find((f) => f.loop === c.loop);
      const actual = cell === undefined ? "none" : (cell.outcome ?? "open");
      return actual === c.outcome ? undefined : { what: `feedback ${c.loop}`, expected: c.outcome, actual };
    }
    case "outbox": {
      const f = c.filter;
      const rows = r.outbox.filter(
        (o) =>
          (f.contact === undefined || o.contact === f.contact) &&
          (f.template === undefined || o.template === f.template) &&
          (f.kind === undefined || o.kind === f.kind) &&
          (f.channel === undefined || o.channel === f.channel) &&
          (f.to === undefined || o.to === f.to),
      );
      const ok = c.count === null ? rows.length > 0 : rows.length === c.count;
      const about = Object.entries(f)
        .filter(([k]) => k !== "contact")
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      return ok ? undefined : { what: `messages in the outbox${about === "" ? "" : ` (${about})`}`, expected: c.count ?? "at least 1", actual: rows.length };
    }
  }
}
