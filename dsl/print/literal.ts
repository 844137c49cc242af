/** Literal values as DSL text: `"CEO"`, `60`, `true`, `["a", "b"]`. */
import type { LiteralNode } from "../ast.js";
import { printNumber, quote } from "./text.js";

/** The DSL text of one literal. */
export function printLiteral(l: LiteralNode): string {
  switch (l.kind) {
    case "string":
      return quote(l.value);
    case "number":
      return printNumber(l.value);
    case "boolean":
      return l.value ? "true" : "false";
    case "list":
      return `[${l.items.map(printLiteral).join(", ")}]`;
  }
}
