/**
 * The state of one YAML file being read: its diagnostics, the alias budget, and the
 * helpers every declaration reader uses to look at nodes (type checks, keys, spans).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { error, type Diagnostic, type DiagnosticCode } from "../diagnostics.js";
import { hintFor } from "../did-you-mean.js";
import type { Name, NumNode, StrNode } from "../ast.js";
import type { Span } from "../span.js";
import type { YamlComment } from "./comments.js";
import { MAX_ALIAS_COUNT } from "./limits.js";

/** A node after alias resolution. */
export type YNode = Scalar | YAMLMap | YAMLSeq;

/** One `key: value` of a mapping, with a string key. */
export interface Entry {
  key: string;
  keyNode: Scalar;
  /**
   * An empty value (`key:`) is a null scalar that {@link Reader.present} treats as absent
   * and whose span, in diagnostics, is the key's.
   */
  value: YNode | undefined;
  /** From the key to the end of the value. */
  span: Span;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  /** `#` comments inside DSL text (a condition in a block scalar), which YAML sees as text. */
  readonly dslComments: YamlComment[] = [];
  private aliasesLeft = MAX_ALIAS_COUNT;
  /** Empty values, and the key they belong to: a problem with "nothing" is shown on its key. */
  private readonly emptyAt = new WeakMap<object, Span>();

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly doc: Document,
  ) {}

  report(code: DiagnosticCode, message: string, span: Span, hint?: string): void {
    this.diagnostics.push(error(code, message, span, hint));
  }

  spanOf(node: { range?: readonly [number, number, number] | null } | undefined | null): Span {
    const empty = node ? this.emptyAt.get(node) : undefined;
    if (empty !== undefined) return empty;
    const r = node?.range;
    return r ? { file: this.file, start: r[0], end: r[1] } : { file: this.file, start: 0, end: 0 };
  }

  /** Follows aliases (within the budget) and turns non-nodes into undefined. */
  resolve(node: unknown): YNode | undefined {
    if (isAlias(node)) {
      if (this.aliasesLeft <= 0) {
        if (this.aliasesLeft === 0)
          this.report(
            "yaml-alias-limit",
            `this file uses more than ${MAX_ALIAS_COUNT} aliases (\`*name\`); the rest are ignored`,
            this.spanOf(node),
            "write the values out, or use fewer anchors",
          );
        this.aliasesLeft = -1;
        return undefined;
      }
      this.aliasesLeft--;
      const target: unknown = node.resolve(this.doc);
      // An alias to an alias is refused by the parser; a missing anchor is a parse error.
      return isScalar(target) || isMap(target) || isSeq(target) ? target : undefined;
    }
    return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
  }

  /** A scalar with an empty value (`key:` or `~`) counts as absent. */
  present(node: YNode | undefined): YNode | undefined {
    return isScalar(node) && node.value === null ? undefined : node;
  }

  wrongType(node: YNode | undefined, what: string, expected: string, span?: Span): void {
    this.report("yaml-wrong-type", `${what} should be ${expected}`, span ?? this.spanOf(node));
  }

  missing(where: Span, what: string, key: string, example: string): void {
    this.report("yaml-missing-key", `${what} needs \`${key}\`, e.g. \`${key}: ${example}\``, where);
  }

  /**
   * The entries of a mapping. Keys outside `known` (when given) are reported with a
   * "did you mean" hint and left out; repeated keys (already reported by the parser)
   * keep their first value.
   */
  entries(node: YNode | undefined, what: string, known?: readonly string[]): Entry[] {
    const map = this.present(node);
    if (map === undefined) return [];
    if (!isMap(map)) {
      this.wrongType(map, what, "a mapping of `key: value` lines");
      return [];
    }
    const seen = new Set<string>();
    const out: Entry[] = [];
    map.items.forEach((pair) => {
      const entry = this.entry(pair, what);
      if (entry === undefined || seen.has(entry.key)) return;
      seen.add(entry.key);
      if (known !== undefined && !known.includes(entry.key)) {
        this.report(
          "yaml-unknown-key",
          `\`${entry.key}\` is not a known key of ${what}`,
          this.spanOf(entry.keyNode),
          hintFor(entry.key, known) ?? `known keys: ${known.map((k) => `\`${k}\``).join(", ")}`,
        );
        return;
      }
      out.push(entry);
    });
    return out;
  }

  private entry(pair: Pair<unknown, unknown>, what: string): Entry | undefined {
    const keyNode = this.resolve(pair.key);
    if (!isScalar(keyNode)) {
      this.wrongType(keyNode, `a key in ${what}`, "a plain name", this.spanOf(isAlias(pair.key) ? pair.key : keyNode));
      return undefined;
    }
    const key = this.scalarText(keyNode);
    if (key === undefined) {
      this.wrongType(keyNode, `a key in ${what}`, "a plain name");
      return undefined;
    }
    const keySpan = this.spanOf(keyNode);
    let value = this.resolve(pair.value);
    if (value === undefined && !isAlias(pair.value)) value = new Scalar(null); // `{ key }` in a flow mapping
    if (isScalar(value) && value.value === null) this.emptyAt.set(value, keySpan);
    const end = this.contentEnd(pair.value) ?? keySpan.end;
    return { key, keyNode, value, span: { file: this.file, start: keySpan.start, end: Math.max(end, keySpan.end) } };
  }

  /**
   * Where a node's own text ends. A block collection's range runs on over the line break
   * and any comment lines after its last item; those belong to what follows.
   */
  contentEnd(node: unknown): number | undefined {
    if (isAlias(node) || isScalar(node)) return node.range?.[1];
    if (!isMap(node) && !isSeq(node)) return undefined;
    const last: unknown = node.items[node.items.length - 1];
    if (node.flow === true || last === undefined) return node.range?.[1];
    if (isPair(last)) return this.contentEnd(last.value) ?? this.contentEnd(last.key);
    return this.contentEnd(last);
  }

  /** The span of a node's own text (see {@link contentEnd}). */
  tightSpan(node: YNode): Span {
    const start = node.range?.[0] ?? 0;
    return { file: this.file, start, end: this.contentEnd(node) ?? start };
  }

  /** The items of a sequence; a single value stands for a list of one when `single` allows it. */
  items(node: YNode | undefined, what: string, expected: string, single = true): YNode[] {
    const n = this.present(node);
    if (n === undefined) return [];
    if (isSeq(n)) {
      const out: YNode[] = [];
      for (const item of n.items) {
        const r = this.present(this.resolve(item));
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (single && isScalar(n)) return [n];
    this.wrongType(n, what, expected);
    return [];
  }

  /** Text of a scalar; numbers and booleans as written (`version: 1.0` is "1.0"). */
  scalarText(node: YNode | undefined): string | undefined {
    if (!isScalar(node) || node.value === null) return undefined;
    if (typeof node.value === "string") return node.value;
    if (typeof node.value === "number" || typeof node.value === "boolean") return node.source ?? String(node.value);
    return undefined;
  }

  str(node: YNode | undefined, what: string, example: string): StrNode | undefined {
    const text = this.scalarText(node);
    if (text === undefined) {
      this.wrongType(node, what, `text like \`${example}\``);
      return undefined;
    }
    return { value: text, span: this.spanOf(node) };
  }

  /** An identifier (`dotted` for event types). */
  name(node: YNode | undefined, what: string, dotted = false): Name | undefined {
    const text = this.scalarText(node);
    if (text === undefined) {
      this.wrongType(node, what, dotted ? "an event type like `page.visited`" : "a name like `engagement`");
      return undefined;
    }
    return this.checkName(text, this.spanOf(node), what, dotted);
  }

  /** Checks a name taken from a key or a value. */
  checkName(text: string, span: Span, what: string, dotted = false): Name | undefined {
    if (!(dotted ? DOTTED : IDENT).test(text)) {
      this.report(
        "invalid-name",
        `\`${text}\` cannot be used as ${what}: use letters, digits and \`_\`${dotted ? " (and `.` between parts)" : ""}, not starting with a digit`,
        span,
      );
      return undefined;
    }
    return { text, span };
  }

  keyName(entry: Entry, what: string, dotted = false): Name | undefined {
    return this.checkName(entry.key, this.spanOf(entry.keyNode), what, dotted);
  }

  /** A number, or text holding one (`points: 3`, `points: "+3"`). */
  num(node: YNode | undefined, what: string, example: string): NumNode | undefined {
    if (isScalar(node) && typeof node.value === "number") return { value: node.value, span: this.spanOf(node) };
    const text = this.scalarText(node);
    if (text !== undefined && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(text))
      return { value: Number(text.trim()), span: this.spanOf(node) };
    this.wrongType(node, what, `a number like \`${example}\``);
    return undefined;
  }

  /** `true`/`false`; absent and `false` both give undefined. */
  flag(entry: Entry, what: string): Span | undefined {
    const v = entry.value;
    if (isScalar(v) && typeof v.value === "boolean") return v.value ? entry.span : undefined;
    this.wrongType(v, what, "`true` or `false`");
    return undefined;
  }

  /** One of the given words. */
  word<T extends string>(node: YNode | undefined, what: string, words: readonly T[]): { value: T; span: Span } | undefined {
    const text = this.scalarText(node);
    const found = words.find((w) => w === text);
    if (found !== undefined) return { value: found, span: this.spanOf(node) };
    const hint = text === undefined ? undefined : hintFor(text, words);
    this.report(
      "yaml-wrong-type",
      `${what} should be one of ${words.map((w) => `\`${w}\``).join(", ")}`,
      this.spanOf(node),
      hint,
    );
    return undefined;
  }
}
