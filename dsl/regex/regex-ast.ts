/**
 * The parsed form of a `matches` pattern. Groups carry no capture meaning, so a group is
 * just its inner alternation; offsets are kept where a later check (size) must point back
 * at the pattern text.
 */

/** A sorted, non-overlapping list of inclusive code-point ranges. */
export type Ranges = readonly (readonly [number, number])[];

/** Something that consumes exactly one character (one code point). */
export type CharAtom =
  /** A literal character, compared case-insensitively. */
  | { kind: "char"; cp: number }
  /**
   * `[...]`, `\d`, `\w`, `\s`, their negations, and `.` (any character but a line break,
   * as in JavaScript without the `s` flag); `ranges` are the members as written.
   */
  | { kind: "class"; ranges: Ranges; negated: boolean };

export type Assertion = "start" | "end" | "word-boundary" | "not-word-boundary";

export type RegexNode =
  | { kind: "atom"; atom: CharAtom }
  | { kind: "assert"; what: Assertion }
  | { kind: "seq"; items: RegexNode[] }
  | { kind: "alt"; branches: RegexNode[] }
  /** A group, kept so that the PostgreSQL text repeats the same operand. */
  | { kind: "group"; body: RegexNode }
  /** `max` undefined means unbounded; `offset` is where the quantifier starts in the pattern. */
  | { kind: "repeat"; body: RegexNode; min: number; max: number | undefined; offset: number };

/** Whether a node can consume at least one character (a repeat of a pure position is refused). */
export function canConsume(node: RegexNode): boolean {
  switch (node.kind) {
    case "atom":
      return true;
    case "assert":
      return false;
    case "seq":
      return node.items.some(canConsume);
    case "alt":
      return node.branches.some(canConsume);
    case "group":
      return canConsume(node.body);
    case "repeat":
      return node.max !== 0 && canConsume(node.body);
  }
}
