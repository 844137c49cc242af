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
  sourceMap: SourceMap;
}

/** Records where the IR node at `pointer` was written (first writer wins). */
export function mark(ctx: LowerContext, pointer: string, span: Span): void {
  if (!ctx.sourceMap.has(pointer)) ctx.sourceMap.set(pointer, span);
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
