import type { Literal } from "../../schemas/ir.js";
import type { LiteralNode } from "../ast.js";
import { error } from "../diagnostics.js";
import type { LowerContext } from "./context.js";

/**
 * A literal as the IR holds it. Lists may only hold text (the IR's `string[]`); other
 * items are reported and dropped so lowering can go on.
 */
export function lowerLiteral(ctx: LowerContext, node: LiteralNode): Literal {
  if (node.kind !== "list") return node.value;
  const out: string[] = [];
  for (const item of node.items) {
    if (item.kind === "string") out.push(item.value);
    else
      ctx.diagnostics.push(
        error("type-mismatch", "a list here may only hold text values in quotes", item.span, 'write it as `["a", "b"]`'),
      );
  }
  return out;
}

/** Scalar items of a list written after `in` (numbers and booleans are fine there). */
export function lowerInValues(ctx: LowerContext, node: LiteralNode): Literal[] {
  if (node.kind !== "list") {
    ctx.diagnostics.push(
      error("type-mismatch", "`in` needs a list of values in brackets", node.span, "write it as `in [\"a\", \"b\"]`"),
    );
    return [node.value];
  }
  return node.items.map((item) => (item.kind === "list" ? lowerLiteral(ctx, item) : item.value));
}

/** How a literal's type reads in a message. */
export function literalTypeName(value: Literal): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return "a number";
  return "true/false";
}
