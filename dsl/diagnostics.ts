import type { Span } from "./span.js";

/**
 * Stable diagnostic codes. CI scripts and editors match on these, so a code is never
 * renamed; the README lists them. Add new ones here, kebab-case.
 */
export type DiagnosticCode =
  // reading files
  | "file-unreadable"
  | "file-too-large"
  | "no-files"
  // syntax
  | "syntax-error"
  | "unexpected-token"
  | "missing-token"
  | "unterminated-string"
  | "invalid-number"
  | "invalid-duration"
  | "nesting-too-deep"
  | "yaml-syntax-error"
  | "yaml-alias-limit"
  | "yaml-unknown-key"
  | "yaml-wrong-type"
  | "yaml-missing-key"
  | "invalid-regex"
  | "unsafe-regex"
  // names
  | "duplicate-name"
  /** A YAML key or value used as a name is not an identifier (`my score:`). */
  | "invalid-name"
  | "unknown-name"
  | "unknown-field"
  | "unknown-event"
  | "unknown-prop"
  | "unknown-score"
  | "unknown-segment"
  | "unknown-pipeline"
  | "unknown-stage"
  | "unknown-feedback"
  | "unknown-campaign"
  | "unknown-channel"
  | "unknown-tag-dimension"
  | "reserved-name"
  // types
  | "type-mismatch"
  | "invalid-operator"
  | "missing-dimension-key"
  | "unexpected-dimension-key"
  | "invalid-timezone"
  | "invalid-time"
  | "invalid-limit"
  | "invalid-env-name"
  | "missing-setting"
  | "unknown-setting"
  // structure
  | "missing-version"
  | "duplicate-version"
  | "no-initial-stage"
  | "several-initial-stages"
  | "backward-move-not-allowed"
  | "stage-trigger-never-fires"
  | "threshold-on-fit-only"
  | "threshold-never-fires"
  | "feedback-outcome-not-covered"
  | "feedback-action-not-allowed"
  | "campaign-step-unreachable"
  | "campaign-no-way-out"
  | "campaign-never-entered"
  | "static-segment-condition"
  | "fit-score-decay"
  | "action-not-allowed"
  | "schema-violation"
  /** An event in a history or a scenario test that the config would refuse (unknown type, wrong prop). */
  | "invalid-event"
  | "allow-not-backward"
  // scoring lints (warnings)
  | "low-value-rule-too-heavy"
  | "high-value-rule-too-heavy"
  | "threshold-without-decay"
  | "decay-without-upper-limit"
  | "ambiguous-name";

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** One sentence a marketer understands; names the thing, not the parser state. */
  message: string;
  span: Span;
  /** What to do about it, e.g. "did you mean `engagement`?" */
  hint?: string;
  /** JSON pointer into the IR, where the diagnostic is about a compiled entity. */
  path?: string;
}

/** Every pass returns this and never throws for a user's mistake. */
export interface Result<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export function error(code: DiagnosticCode, message: string, span: Span, hint?: string): Diagnostic {
  return hint === undefined ? { severity: "error", code, message, span } : { severity: "error", code, message, span, hint };
}

export function warning(code: DiagnosticCode, message: string, span: Span, hint?: string): Diagnostic {
  return hint === undefined
    ? { severity: "warning", code, message, span }
    : { severity: "warning", code, message, span, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
