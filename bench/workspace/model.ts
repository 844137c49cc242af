/**
 * A syntax-neutral description of a generated workspace.
 *
 * Conditions, actions, steps, durations, limits, decays and the like are kept as DSL
 * text: the YAML syntax embeds exactly that text in strings, so one model prints to both
 * syntaxes and the two printed workspaces say the same thing by construction.
 */

export type FieldTypeName = "string" | "number" | "boolean" | "timestamp" | "string[]";
export type Lit = string | number | boolean | string[];

/** A campaign step: one DSL step line (optionally labelled), or an `if` block. */
export type StepModel =
  | string
  | { label: string; line: string }
  | { if: string; then: StepModel[]; else?: StepModel[]; label?: string };

export interface StageModel {
  name: string;
  label?: string;
  initial?: boolean;
  manual?: boolean;
  category?: "in_progress" | "succeeded" | "not_succeeded";
  /** Trigger texts: `event page.visited [if COND]` or a condition. */
  when: string[];
}

export type DeclModel =
  | { kind: "version"; value: string }
  | { kind: "timezone"; value: string }
  | { kind: "field"; name: string; type: FieldTypeName; default?: Lit }
  | { kind: "event"; name: string; props: [string, FieldTypeName][] }
  | {
      kind: "score";
      name: string;
      label?: string;
      fit?: boolean;
      /** `contacts sum of engagement`: an account score. */
      accountFrom?: string;
      limit?: string;
      decay?: string;
      per?: string;
    }
  | {
      kind: "rule";
      name: string;
      /** Event rules have `on`; fit rules have `when`. */
      on?: string;
      if?: string;
      when?: string;
      score: string;
      points: number;
      once?: boolean;
      atMost?: string;
    }
  | { kind: "segment"; name: string; label?: string; when?: string }
  | { kind: "suppress"; segment: string; scores: string[] }
  | { kind: "pipeline"; name: string; label?: string; per?: string; allow: string[]; manualLock?: string; stages: StageModel[] }
  | { kind: "threshold"; name: string; when: string; per?: string; cooldown?: string; actions: string[] }
  | { kind: "feedback"; name: string; ask: string; outcomes: [string, string[]][] }
  | {
      kind: "campaign";
      name: string;
      label?: string;
      /** `when in segment X` or `on EVENT [if COND]`; absent: only a `start` action enters. */
      enter?: string;
      leave?: string;
      goal?: string;
      reenter?: string;
      onChange?: "keep" | "migrate" | "restart";
      sendWindow?: string;
      steps: StepModel[];
    }
  | { kind: "channel"; name: string; type: "log" | "webhook" | "smtp"; settings: [string, { env: string } | { str: string }][] };

/** One output file, before it is printed in a syntax. `base` has no extension. */
export interface FileModel {
  base: string;
  decls: DeclModel[];
}

/** How many of each entity the generated workspace holds. */
export interface WorkspaceCounts {
  /** Point (event) rules: `rule "..." on EVENT ...`. */
  rules: number;
  /** Fit rules (`rule "..." when COND fit +N`), on top of `rules`; default a tenth of them. */
  fitRules?: number;
  segments: number;
  campaigns: number;
  pipelines: number;
  thresholds: number;
  /** Feedback loops; one per pipeline by default. */
  feedbackLoops?: number;
  /** Rules per `rules-NN` file. */
  rulesPerFile?: number;
}

/** The sizes the brief asks for: 10,000 point rules, 300 segments, 100 campaigns, 10 pipelines, 50 thresholds. */
export const LARGE: WorkspaceCounts = { rules: 10_000, segments: 300, campaigns: 100, pipelines: 10, thresholds: 50 };

/** Renders a literal as DSL text (also the text YAML embeds). */
export function litText(value: Lit): string {
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** `+3`, `-10`: points are written with a sign. */
export function signed(n: number): string {
  return n < 0 ? String(n) : `+${n}`;
}
