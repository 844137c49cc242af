/** Literal values (field defaults) as native YAML values, the form dsl/yaml reads them in. */
import type { LiteralNode } from "../ast.js";
import { bool, num, seq, str, type YValue } from "./yaml-emit.js";

/** `"text"`, `3`, `true`, `[a, b]` as YAML scalars and sequences. */
export function literalValue(l: LiteralNode): YValue {
  switch (l.kind) {
    case "string":
      return str(l.value);
    case "number":
      return num(l.value);
    case "boolean":
      return bool(l.value);
    case "list":
      return seq(l.items.map(literalValue));
  }
}
