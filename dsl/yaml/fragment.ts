/**
 * Parses the DSL text of a YAML value with the DSL parser, so both syntaxes share one
 * expression grammar and one set of errors.
 */
import { isScalar } from "yaml";
import type { FragmentKind, Fragments } from "../ast.js";
import { commentText } from "../comment-text.js";
import { parseFragment } from "../syntax/index.js";
import { lexFunnel } from "../syntax/lexer.js";
import { dropPrefix, embeddedText, moveSpans } from "./embedded.js";
import type { Reader, YNode } from "./reader.js";

/**
 * The fragment `kind` written in `node`, or undefined (with diagnostics) when it cannot
 * be read. `what` names the key for the wrong-type message, `example` shows valid text.
 * `prefix` is an optional leading word the YAML layout allows (e.g. `when ` in `leave`).
 */
export function readFragment<K extends FragmentKind>(
  r: Reader,
  kind: K,
  node: YNode | undefined,
  what: string,
  example: string,
  prefix?: RegExp,
): Fragments[K] | undefined {
  if (!isScalar(node) || node.value === null) {
    r.wrongType(node, what, `text like \`${example}\``);
    return undefined;
  }
  let embedded = embeddedText(r.text, r.file, node);
  if (embedded === undefined) {
    r.wrongType(node, what, `text like \`${example}\``);
    return undefined;
  }
  if (prefix !== undefined) embedded = dropPrefix(embedded, prefix);
  const result = parseFragment(kind, embedded.text, r.file, embedded.exact ? embedded.offset : 0);
  if (embedded.text.includes("#")) {
    const at = embedded.exact ? embedded.offset : embedded.scalar.start;
    for (const c of lexFunnel(embedded.text, r.file).comments) r.dslComments.push({ offset: embedded.exact ? at + c.startOffset : at, text: commentText(c.image) });
  }
  if (embedded.exact) {
    r.diagnostics.push(...result.diagnostics);
    return result.value;
  }
  const whole = embedded.scalar;
  r.diagnostics.push(...result.diagnostics.map((d) => ({ ...d, span: whole })));
  return result.value === undefined ? undefined : moveSpans(result.value, whole);
}
