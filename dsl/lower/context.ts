import type { Dimension } from "../../schemas/ir.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Span } from "../span.js";
import type { Scope } from "./scope.js";

/**
 * IR JSON pointer → span of the AST node it was lowered from. A Map, not an object: a large
 * workspace has hundreds of thousands of pointers, and an object that size is slow to grow.
 */
export type SourceMap = Map<string, Span>;

/** Mutable state of one lowering: what it found, and where everything came from. */
export interface LowerContext {
  scope: Scope;
  diagnostics: Diagnostic[];
  sourceMap: RecordedSourceMap;
}

/**
 * A source map that records its entries first and indexes them on first use. Hashing the
 * hundred thousand pointers of a large workspace, each a freshly built string, was half
 * the cost of lowering, and the map of a valid workspace is seldom read at all. Once read
 * it is an ordinary Map (the first entry recorded for a pointer wins, as with `mark`).
 */
export class RecordedSourceMap extends Map<string, Span> {
  #pointers: string[] | undefined = [];
  #spans: Span[] = [];

  /** Adds an entry unless `pointer` already has one. */
  record(pointer: string, span: Span): void {
    if (this.#pointers !== undefined) {
      this.#pointers.push(pointer);
      this.#spans.push(span);
    } else if (!super.has(pointer)) super.set(pointer, span);
  }

  #index(): void {
    const pointers = this.#pointers;
    if (pointers === undefined) return;
    this.#pointers = undefined;
    const spans = this.#spans;
    this.#spans = [];
    for (let i = 0; i < pointers.length; i++) {
      const p = pointers[i] as string;
      if (!super.has(p)) super.set(p, spans[i] as Span);
    }
  }

  override get size(): number {
    this.#index();
    return super.size;
  }
  override get(pointer: string): Span | undefined {
    this.#index();
    return super.get(pointer);
  }
  override has(pointer: string): boolean {
    this.#index();
    return super.has(pointer);
  }
  override set(pointer: string, span: Span): this {
    this.#index();
    return super.set(pointer, span);
  }
  override delete(pointer: string): boolean {
    this.#index();
    return super.delete(pointer);
  }
  override clear(): void {
    this.#pointers = undefined;
    this.#spans = [];
    super.clear();
  }
  override forEach(fn: (span: Span, pointer: string, map: Map<string, Span>) => void, thisArg?: unknown): void {
    this.#index();
    super.forEach(fn, thisArg);
  }
  override entries(): MapIterator<[string, Span]> {
    this.#index();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.#index();
    return super.keys();
  }
  override values(): MapIterator<Span> {
    this.#index();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, Span]> {
    this.#index();
    return super[Symbol.iterator]();
  }
}

/** Records where the IR node at `pointer` was written (first writer wins). */
export function mark(ctx: LowerContext, pointer: string, span: Span): void {
  ctx.sourceMap.record(pointer, span);
}

/**
 * What a condition can see besides the workspace's names: the event in context (its props
 * resolve first) and the dimension of the enclosing pipeline, threshold or rule (a
 * per-dimension score of that dimension named without a key means "this key").
 */
export interface CondEnv {
  event?: string;
  dimension?: Dimension;
}
