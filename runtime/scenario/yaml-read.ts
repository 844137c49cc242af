/**
 * Small typed readers over `yaml` nodes for scenario test files. Each reader reports a
 * diagnostic with the node's range and returns undefined, so the parser keeps going and a
 * file with three mistakes shows all three.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { error, type Diagnostic, type DiagnosticCode } from "../../dsl/diagnostics.js";
import { hintFor } from "../../dsl/did-you-mean.js";
import type { Span } from "../../dsl/span.js";

export type YNode = Node | null | undefined;

export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file: string) {}

  span(node: YNode, fallback?: Span): Span {
    const r = node?.range;
    if (r) return { file: this.file, start: r[0], end: Math.max(r[0], r[1]) };
    return fallback ?? { file: this.file, start: 0, end: 0 };
  }

  fail(code: DiagnosticCode, message: string, node: YNode, hint?: string, fallback?: Span): undefined {
    this.diagnostics.push(error(code, message, this.span(node, fallback), hint));
    return undefined;
  }

  map(node: YNode, what: string, fallback?: Span): YAMLMap | undefined {
    if (isMap(node)) return node;
    return this.fail("yaml-wrong-type", `${what} must be a mapping of keys to values`, node, undefined, fallback);
  }

  seq(node: YNode, what: string, fallback?: Span): YAMLSeq | undefined {
    if (isSeq(node)) return node;
    return this.fail("yaml-wrong-type", `${what} must be a list`, node, undefined, fallback);
  }

  /** The pairs of a mapping with plain-text keys; unknown keys are reported (with a did-you-mean). */
  pairs(m: YAMLMap, allowed: readonly string[] | null, what: string): { key: string; keyNode: Node; value: YNode }[] {
    const out: { key: string; keyNode: Node; value: YNode }[] = [];
    for (const p of m.items as Pair<YNode, YNode>[]) {
      const k = p.key;
      if (!isScalar(k) || (typeof k.value !== "string" && typeof k.value !== "number")) {
        this.fail("yaml-wrong-type", `the keys of ${what} must be plain names`, k ?? null, undefined, this.span(m));
        continue;
      }
      const key = String(k.value);
      if (allowed !== null && !allowed.includes(key)) {
        this.fail("yaml-unknown-key", `${what} has no key \`${key}\`; its keys are: ${allowed.join(", ")}`, k, hintFor(key, allowed));
        continue;
      }
      out.push({ key, keyNode: k, value: p.value });
    }
    return out;
  }

  /** A plain-text value (numbers are accepted and turned into text, e.g. ids like `42`). */
  text(node: YNode, what: string, fallback?: Span): string | undefined {
    if (isScalar(node) && (typeof node.value === "string" || typeof node.value === "number") && String(node.value) !== "")
      return String(node.value);
    return this.fail("yaml-wrong-type", `${what} must be a text`, node, undefined, fallback);
  }

  number(node: YNode, what: string): number | undefined {
    if (isScalar(node) && typeof node.value === "number" && Number.isFinite(node.value)) return node.value;
    return this.fail("yaml-wrong-type", `${what} must be a number`, node);
  }

  boolean(node: YNode, what: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === "boolean") return node.value;
    return this.fail("yaml-wrong-type", `${what} must be true or false`, node);
  }

  /** A list of texts, each with its node (for the line of a failed check). */
  texts(node: YNode, what: string): { value: string; node: Node }[] | undefined {
    const s = this.seq(node, what);
    if (s === undefined) return undefined;
    const out: { value: string; node: Node }[] = [];
    for (const item of s.items as YNode[]) {
      const v = this.text(item, `each entry of ${what}`, this.span(s));
      if (v !== undefined && item) out.push({ value: v, node: item });
    }
    return out;
  }

  /** Any value as plain JSON (props and fields): the engine's door check judges the types. */
  json(node: YNode): unknown {
    return node ? (node.toJSON() as unknown) : null;
  }
}
