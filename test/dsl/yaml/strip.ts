/** Makes ASTs of the two syntaxes comparable: every span (and span-valued flag) becomes "·". */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value === null || typeof value !== "object") return value;
  if ("file" in value && "start" in value && "end" in value) return "·";
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = stripSpans(v);
  return out;
}
