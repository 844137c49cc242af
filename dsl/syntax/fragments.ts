/** Parsing one piece of DSL text embedded in a YAML file (a condition, an action, a step, ...). */
import type { Fragments, FragmentKind } from "../ast.js";
import type { Result } from "../diagnostics.js";
import { funnelParser } from "./parser.js";
import { run, tooLarge } from "./run.js";

/**
 * Parses `text` as one fragment of `kind`; spans are shifted by `baseOffset` so they point
 * into the enclosing file. The whole text must be consumed: anything after the fragment is
 * an error. The value is returned only when there are no errors.
 */
export function parseFragment<K extends FragmentKind>(kind: K, text: string, file: string, baseOffset: number): Result<Fragments[K]> {
  const big = tooLarge(text, file, baseOffset);
  if (big !== undefined) return { diagnostics: [big] };
  const r = run(text, file, baseOffset, () => funnelParser.fragment(kind));
  if (r.value === undefined || r.diagnostics.some((d) => d.severity === "error")) return { diagnostics: r.diagnostics };
  return { value: r.value, diagnostics: r.diagnostics };
}
