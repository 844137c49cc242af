/** A scenario test as read from a `*.test.yaml` file (docs/testing.md describes the format). */
import type { Span } from "../../dsl/span.js";

export type Comparison = "==" | ">=" | "<=" | ">" | "<";

/** One thing an expectation checks; `span` is the YAML node the check was written as. */
export type Check =
  | { kind: "score"; name: string; op: Comparison; value: number; span: Span }
  | { kind: "stage"; pipeline: string; stage: string | null; span: Span }
  | { kind: "member"; of: "segments" | "tags"; name: string; present: boolean; span: Span }
  | { kind: "exact"; of: "segments" | "tags"; names: string[]; span: Span }
  | { kind: "fired"; names: string[]; span: Span }
  | { kind: "deleted"; deleted: boolean; span: Span }
  | { kind: "feedback"; loop: string; outcome: string; span: Span }
  | { kind: "outbox"; filter: OutboxFilter; count: number | null; span: Span };

export interface OutboxFilter {
  contact?: string;
  template?: string;
  kind?: string;
  channel?: string;
  to?: string;
}

export interface Expectation {
  /** Epoch ms, and the time as written (failures quote it). */
  at: number;
  atText: string;
  contact?: string;
  checks: Check[];
  span: Span;
}

export interface ScenarioTest {
  name: string;
  file: string;
  /** The test's first line (the `name:` key or the document). */
  span: Span;
  start: number;
  /** Raw event records, setup (fields and tags of `contacts`) first; the engine sorts by time. */
  events: { raw: Record<string, unknown>; span: Span }[];
  expectations: Expectation[];
}
