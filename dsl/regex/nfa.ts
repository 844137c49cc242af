/**
 * Thompson construction: the parsed pattern becomes a graph of states in flat arrays.
 * Counted repeats are expanded (`a{2,4}` is `aa(a(a)?)?`), so the graph size, capped at
 * MAX_NFA_STATES, bounds the work per input character.
 */
import type { Assertion, CharAtom, Ranges, RegexNode } from "./regex-ast.js";
import type { RegexProblem } from "./parse-regex.js";
import { canon, canonicalSet } from "./case-fold.js";

/** More states than this is `unsafe-regex`: matching costs up to this many steps per character. */
export const MAX_NFA_STATES = 2000;

export const StateKind = { Char: 0, Split: 1, Assert: 2, Match: 3 } as const;
export type StateKind = (typeof StateKind)[keyof typeof StateKind];

export interface Nfa {
  start: number;
  kind: StateKind[];
  /** Next state (Char, Assert) or first branch (Split). */
  out: number[];
  /** Second branch of a Split. */
  out2: number[];
  /** For Char states: the canonical forms accepted (or refused, when negated). */
  sets: (Ranges | undefined)[];
  negated: boolean[];
  asserts: (Assertion | undefined)[];
}

export type BuildOutcome = { ok: true; nfa: Nfa } | { ok: false; problem: RegexProblem };

/** Internal control flow only: buildNfa catches it and returns a problem. */
class TooBig extends Error {
  constructor(readonly offset: number) {
    super("too many states");
  }
}

/** Builds the NFA; refuses (`unsafe-regex`) one larger than MAX_NFA_STATES. Never throws. */
export function buildNfa(root: RegexNode): BuildOutcome {
  const nfa: Nfa = { start: 0, kind: [], out: [], out2: [], sets: [], negated: [], asserts: [] };
  // Outermost repeat being expanded: the one to point at when the graph grows too big.
  const repeats: number[] = [];
  const setCache = new Map<CharAtom, Ranges>();

  const add = (kind: StateKind, out: number, out2 = -1): number => {
    if (nfa.kind.length >= MAX_NFA_STATES) throw new TooBig(repeats[0] ?? 0);
    nfa.kind.push(kind);
    nfa.out.push(out);
    nfa.out2.push(out2);
    nfa.sets.push(undefined);
    nfa.negated.push(false);
    nfa.asserts.push(undefined);
    return nfa.kind.length - 1;
  };

  const charState = (atom: CharAtom, next: number): number => {
    const id = add(StateKind.Char, next);
    let set = setCache.get(atom);
    if (set === undefined) {
      set = atom.kind === "char" ? [[canon(atom.cp), canon(atom.cp)]] : canonicalSet(atom.ranges);
      setCache.set(atom, set);
    }
    nfa.sets[id] = set;
    nfa.negated[id] = atom.kind === "class" && atom.negated;
    return id;
  };

  /** Compiles `node` so that it continues at `next`; returns its entry state. */
  const compile = (node: RegexNode, next: number): number => {
    switch (node.kind) {
      case "atom":
        return charState(node.atom, next);
      case "assert": {
        const id = add(StateKind.Assert, next);
        nfa.asserts[id] = node.what;
        return id;
      }
      case "group":
        return compile(node.body, next);
      case "seq": {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          if (item !== undefined) entry = compile(item, entry);
        }
        return entry;
      }
      case "alt": {
        const entries = node.branches.map((b) => compile(b, next));
        let entry = entries[entries.length - 1] ?? next;
        for (let i = entries.length - 2; i >= 0; i--) entry = add(StateKind.Split, entries[i] ?? next, entry);
        return entry;
      }
      case "repeat": {
        repeats.push(node.offset);
        const entry = compileRepeat(node, next);
        repeats.pop();
        return entry;
      }
    }
  };

  const compileRepeat = (node: Extract<RegexNode, { kind: "repeat" }>, next: number): number => {
    let entry: number;
    let copies = node.min;
    if (node.max === undefined) {
      // A loop: split → (body → back to the split) | next.
      const loop = add(StateKind.Split, -1, next);
      const body = compile(node.body, loop);
      nfa.out[loop] = body;
      // `x+` enters the body first; `x{3,}` is `xx` then `x+`.
      entry = node.min === 0 ? loop : body;
      copies = Math.max(0, node.min - 1);
    } else {
      entry = next;
      for (let i = node.min; i < node.max; i++) entry = add(StateKind.Split, compile(node.body, entry), next);
    }
    for (let i = 0; i < copies; i++) entry = compile(node.body, entry);
    return entry;
  };

  try {
    const match = add(StateKind.Match, -1);
    nfa.start = compile(root, match);
    return { ok: true, nfa };
  } catch (e) {
    if (!(e instanceof TooBig)) throw e;
    return {
      ok: false,
      problem: {
        code: "unsafe-regex",
        message: `the pattern is too large once its repeats are counted out (more than ${MAX_NFA_STATES} steps); use smaller repeat counts`,
        offset: e.offset,
      },
    };
  }
}
