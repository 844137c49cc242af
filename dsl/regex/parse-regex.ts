/**
 * Parser of the safe regex subset of `matches` (the subset is documented in safe-regex.ts).
 * It accepts only what JavaScript (with the `i` flag) and PostgreSQL's ARE read the same
 * way, and rejects the rest with a message for the person who wrote the pattern.
 */
import { canConsume, type CharAtom, type RegexNode } from "./regex-ast.js";
import { DIGIT, LINE_BREAK, SPACE, WORD, normalizeRanges } from "./char-set.js";

/** Longer patterns are refused (`unsafe-regex`). */
export const MAX_PATTERN_LENGTH = 500;
/** The largest count allowed in `{m}`, `{m,}`, `{m,n}` (`unsafe-regex` above). */
export const MAX_REPEAT = 100;

export interface RegexProblem {
  code: "invalid-regex" | "unsafe-regex";
  message: string;
  /** 0-based offset into the pattern text (UTF-16 units) of the character at fault. */
  offset: number;
}

export type ParseOutcome = { ok: true; node: RegexNode } | { ok: false; problem: RegexProblem };

/** Internal control flow only: parseRegex catches it and returns a problem. */
class Stop extends Error {
  constructor(readonly problem: RegexProblem) {
    super(problem.message);
  }
}

const invalid = (message: string, offset: number): Stop => new Stop({ code: "invalid-regex", message, offset });

const BUILTIN: Record<string, CharAtom> = {
  d: { kind: "class", ranges: DIGIT, negated: false },
  D: { kind: "class", ranges: DIGIT, negated: true },
  w: { kind: "class", ranges: WORD, negated: false },
  W: { kind: "class", ranges: WORD, negated: true },
  s: { kind: "class", ranges: SPACE, negated: false },
  S: { kind: "class", ranges: SPACE, negated: true },
};

const isAsciiAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
/** Printable ASCII that is not a letter or digit: these may be escaped with `\`. */
const isEscapablePunct = (c: string): boolean => /^[\x20-\x7e]$/.test(c) && !isAsciiAlnum(c);

/** Parses a pattern; never throws. */
export function parseRegex(pattern: string): ParseOutcome {
  try {
    return { ok: true, node: new Parser(pattern).parsePattern() };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, problem: e.problem };
    throw e;
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parsePattern(): RegexNode {
    const src = this.src;
    if (src.length === 0) throw invalid("the pattern is empty; write the text to look for, e.g. `director|vp`", 0);
    if (src.length > MAX_PATTERN_LENGTH) {
      throw new Stop({
        code: "unsafe-regex",
        message: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters; split it into several conditions joined with \`or\``,
        offset: MAX_PATTERN_LENGTH,
      });
    }
    const flags = /^\/.*\/([a-z]+)$/s.exec(src);
    if (flags?.[1] !== undefined && /^[dgimsuvy]+$/.test(flags[1])) {
      throw invalid("write the pattern without `/.../` and flags: `matches` is always case-insensitive", src.length - flags[1].length);
    }
    const node = this.parseAlternation();
    if (this.pos < src.length) throw invalid("this `)` has no matching `(`; write `\\)` for a literal parenthesis", this.pos);
    return node;
  }

  private peek(ahead = 0): string | undefined {
    return this.src[this.pos + ahead];
  }

  private parseAlternation(): RegexNode {
    const branches = [this.parseSequence(undefined)];
    while (this.peek() === "|") {
      const bar = this.pos++;
      branches.push(this.parseSequence(bar));
    }
    return branches.length === 1 && branches[0] !== undefined ? branches[0] : { kind: "alt", branches };
  }

  /** `bar` is the offset of the `|` before this sequence, if any. */
  private parseSequence(bar: number | undefined): RegexNode {
    const items: RegexNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) items.push(this.parseItem());
    if (items.length === 0) {
      // An empty choice matches every text: `director|` is almost always a typo.
      if (bar !== undefined) throw invalid("nothing follows this `|`; an empty choice would match any text", bar);
      throw invalid("nothing comes before this `|`; an empty choice would match any text", this.pos);
    }
    return items.length === 1 && items[0] !== undefined ? items[0] : { kind: "seq", items };
  }

  private parseItem(): RegexNode {
    const start = this.pos;
    const c = this.peek() ?? "";
    let node: RegexNode;
    switch (c) {
      case "^":
        this.pos++;
        node = { kind: "assert", what: "start" };
        break;
      case "$":
        this.pos++;
        node = { kind: "assert", what: "end" };
        break;
      case "(":
        node = this.parseGroup();
        break;
      case "[":
        node = { kind: "atom", atom: this.parseClass() };
        break;
      case ".":
        this.pos++;
        node = { kind: "atom", atom: { kind: "class", ranges: LINE_BREAK, negated: true } };
        break;
      case "\\":
        node = this.parseEscape();
        break;
      case "]":
        throw invalid("this `]` has no matching `[`; write `\\]` for a literal bracket", start);
      case "}":
        throw invalid("write `\\}` for a literal `}`", start);
      case "{":
        if (/^\{\d+(,\d*)?\}/.test(this.src.slice(start))) throw invalid("this repeat has nothing before it to repeat", start);
        throw invalid("write `\\{` for a literal `{`, or a repeat count such as `{2,5}` after something", start);
      case "*":
      case "+":
      case "?":
        throw invalid(`this \`${c}\` has nothing before it to repeat; write \`\\${c}\` for a literal \`${c}\``, start);
      default:
        node = { kind: "atom", atom: { kind: "char", cp: this.readChar() } };
    }
    return this.parseQuantifier(node, start);
  }

  /** Reads one literal character (a whole code point) and moves past it. */
  private readChar(): number {
    const cp = this.src.codePointAt(this.pos) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) throw invalid("the pattern contains a broken character here", this.pos);
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private parseQuantifier(node: RegexNode, itemStart: number): RegexNode {
    const at = this.pos;
    const bounds = this.readQuantifier();
    if (bounds === undefined) return node;
    if (!canConsume(node)) {
      const what = node.kind === "assert" ? `\`${this.src.slice(itemStart, at)}\` marks a position, not a character, so it` : "this group matches only a position, so it";
      throw invalid(`${what} cannot be repeated`, at);
    }
    const next = this.peek();
    if (next === "?") throw invalid("lazy repeats (`*?`, `+?`, `??`) are not supported; the plain repeat finds the same matches", this.pos);
    if (next === "+") throw invalid("possessive repeats (`*+`, `++`) are not supported", this.pos);
    if (next === "*" || (next === "{" && /^\{\d/.test(this.src.slice(this.pos)))) {
      throw invalid("two repeats in a row; put the first in parentheses, e.g. `(a{2})*`", this.pos);
    }
    return { kind: "repeat", body: node, min: bounds.min, max: bounds.max, offset: at };
  }

  private readQuantifier(): { min: number; max: number | undefined } | undefined {
    const c = this.peek();
    if (c === "?" || c === "*" || c === "+") {
      this.pos++;
      return { min: c === "+" ? 1 : 0, max: c === "?" ? 1 : undefined };
    }
    if (c !== "{") return undefined;
    const at = this.pos;
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(at));
    if (m === null || m[1] === undefined || m[3] === undefined) {
      throw invalid("write `\\{` for a literal `{`, or a repeat count such as `{2}`, `{2,}` or `{2,5}`", at);
    }
    const [whole, lo, comma, hi] = [m[0], m[1], m[2] === ",", m[3]];
    if (lo === "") throw invalid(comma ? "write the smallest count first, e.g. `{0,5}`" : "write a count between the braces, e.g. `{2}`", at);
    if (!comma && hi !== "") throw invalid("write a count between the braces, e.g. `{2}`", at);
    const min = Number(lo);
    const max = comma ? (hi === "" ? undefined : Number(hi)) : min;
    if (min > MAX_REPEAT || (max !== undefined && max > MAX_REPEAT)) {
      throw new Stop({ code: "unsafe-regex", message: `repeat counts above ${MAX_REPEAT} are not allowed`, offset: at });
    }
    if (max !== undefined && max < min) throw invalid(`the smaller count comes first: \`{${max},${min}}\``, at);
    this.pos += whole.length;
    return { min, max };
  }

  private parseGroup(): RegexNode {
    const open = this.pos++;
    if (this.peek() === "?") {
      const kind = this.peek(1);
      const after = this.peek(2);
      if (kind === ":") this.pos += 2;
      else if (kind === "=" || kind === "!" || (kind === "<" && (after === "=" || after === "!"))) {
        throw invalid("look-ahead and look-behind groups `(?=...)` are not supported", open);
      } else if (kind === "<" || kind === "P" || kind === "'") {
        throw invalid("named groups are not supported; plain parentheses `( )` group without a name", open);
      } else if (kind !== undefined && /[a-zA-Z-]/.test(kind)) {
        throw invalid("flags such as `(?i)` are not supported: `matches` is always case-insensitive", open);
      } else throw invalid("`(?` starts a kind of group that is not supported; use plain parentheses `( )`", open);
    }
    if (this.peek() === ")") throw invalid("these parentheses are empty", open);
    if (this.peek() === undefined) throw invalid("this `(` is never closed", open);
    const body = this.parseAlternation();
    if (this.peek() !== ")") throw invalid("this `(` is never closed", open);
    this.pos++;
    return { kind: "group", body };
  }

  private parseEscape(): RegexNode {
    const at = this.pos;
    const e = this.peek(1);
    if (e === undefined) throw invalid("the pattern ends with a lone `\\`; write `\\\\` for a backslash", at);
    this.pos += 2;
    if (e === "b") return { kind: "assert", what: "word-boundary" };
    if (e === "B") return { kind: "assert", what: "not-word-boundary" };
    const builtin = BUILTIN[e];
    if (builtin !== undefined) return { kind: "atom", atom: builtin };
    return { kind: "atom", atom: { kind: "char", cp: this.escapedChar(e, at) } };
  }

  /** The character of `\e` where only punctuation may be escaped (outside and inside `[...]`). */
  private escapedChar(e: string, at: number): number {
    if (isEscapablePunct(e)) return e.charCodeAt(0);
    if (/[1-9]/.test(e)) throw invalid("back-references such as `\\1` are not supported", at);
    if (e === "k" && this.src[at + 2] === "<") throw invalid("named back-references are not supported", at);
    if (e === "p" || e === "P") throw invalid("Unicode classes such as `\\p{L}` are not supported; list the characters, e.g. `[a-z]`", at);
    if (e === "0" || e === "u" || e === "x" || e === "c") {
      throw invalid("character codes such as `\\u00e9` are not supported; type the character itself", at);
    }
    throw invalid(`\`\\${e}\` is not a known escape; only \`\\d \\w \\s \\b\`, their capitals and punctuation such as \`\\.\` can follow \`\\\``, at);
  }

  private parseClass(): CharAtom {
    const open = this.pos++;
    const negated = this.peek() === "^";
    if (negated) this.pos++;
    if (this.peek() === "]") throw invalid(negated ? "`[^]` is empty; write `.` for any character" : "`[]` is empty; put characters between the brackets", open);
    const ranges: (readonly [number, number])[] = [];
    for (let first = true; ; first = false) {
      const c = this.peek();
      if (c === undefined) throw invalid("this `[` is never closed", open);
      if (c === "]") {
        this.pos++;
        return { kind: "class", ranges: normalizeRanges(ranges), negated };
      }
      if (c === "-" && !first && this.peek(1) !== "]") {
        if (this.peek(1) === undefined) throw invalid("this `[` is never closed", open);
        throw invalid("write `\\-` for a literal `-` here; a range needs one character on each side, e.g. `a-z`", this.pos);
      }
      const item = this.readClassItem(open);
      if (typeof item !== "number") {
        ranges.push(...item);
        if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
          throw invalid("a range needs a single character on each side, e.g. `a-z`", this.pos);
        }
        continue;
      }
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        const dash = this.pos++;
        const hiAt = this.pos;
        const hi = this.readClassItem(open);
        if (typeof hi !== "number") throw invalid("a range needs a single character on each side, e.g. `a-z`", hiAt);
        if (hi < item) throw invalid("this range is backwards; write the smaller character first, e.g. `a-z`", dash);
        ranges.push([item, hi]);
      } else ranges.push([item, item]);
    }
  }

  /** A character of a class (a code point) or a class escape `\d \w \s` (its ranges). */
  private readClassItem(open: number): number | readonly (readonly [number, number])[] {
    const at = this.pos;
    const c = this.peek();
    if (c === "[") {
      if (this.peek(1) === ":") throw invalid("classes such as `[:alpha:]` are not supported; write the characters, e.g. `[a-z]`", at);
      throw invalid("write `\\[` for a literal `[` inside `[...]`", at);
    }
    if (c !== "\\") return this.readChar();
    const e = this.peek(1);
    if (e === undefined) throw invalid("this `[` is never closed", open);
    this.pos += 2;
    if (e === "d" || e === "w" || e === "s") {
      const builtin = BUILTIN[e];
      return builtin?.kind === "class" ? builtin.ranges : [];
    }
    if (e === "D" || e === "W" || e === "S") throw invalid(`\`\\${e}\` cannot be used inside \`[...]\`; use \`[^...]\` to exclude characters`, at);
    if (e === "b" || e === "B") throw invalid("`\\b` marks a word boundary and cannot be used inside `[...]`", at);
    return this.escapedChar(e, at);
  }
}
