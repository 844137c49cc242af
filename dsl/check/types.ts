import type { Cond, FieldType, Ir, Literal, Ref } from "../../schemas/ir.js";
import type { Diagnostic } from "../diagnostics.js";
import { checkSafeRegex } from "../regex/safe-regex.js";
import { ptr } from "../lower/pointer.js";
import { patternOffsetInLiteral } from "../regex/literal-offset.js";
import { eventProps, forEachAction, forEachCondition, report, spanAt, type CheckContext, type CondEnv } from "./context.js";

const TYPE_WORDS: Record<FieldType, string> = {
  string: "text",
  number: "a number",
  boolean: "true/false",
  timestamp: "a date and time",
  "string[]": "a list of text",
};

function refType(ir: Ir, ref: Ref, env: CondEnv): FieldType | undefined {
  switch (ref.ref) {
    case "field":
      return ir.fields[ref.name]?.type;
    case "prop":
      return env.event === undefined ? undefined : eventProps(ir, env.event)?.[ref.name];
    case "score":
      return "number";
    case "attr":
      return ref.name === "id" ? "string" : "timestamp";
  }
}

const refName = (ref: Ref): string => (ref.ref === "score" ? ref.score : ref.ref === "attr" && ref.name === "last_active_at" ? "last_active" : ref.name);

/** Does a literal fit a value of type `t`? Timestamps are written as ISO-8601 text. */
export function literalFits(t: FieldType, v: Literal): boolean {
  switch (t) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "timestamp":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
    case "string[]":
      return Array.isArray(v);
  }
}

const example = (t: FieldType): string =>
  ({ string: '"text"', number: "42", boolean: "true", timestamp: '"2026-01-31T00:00:00Z"', "string[]": '["a", "b"]' })[t];

function checkCond(ctx: CheckContext, cond: Cond, p: string, env: CondEnv): void {
  const { ir } = ctx;
  switch (cond.op) {
    case "cmp": {
      const t = refType(ir, cond.ref, env);
      if (t === undefined) return;
      const name = refName(cond.ref);
      const ordering = cond.cmp !== "==" && cond.cmp !== "!=";
      if (t === "string[]") {
        report(ctx, "error", "invalid-operator", `\`${name}\` is a list of text: \`${cond.cmp}\` cannot compare it`, ptr(p, "cmp"), `test membership with \`${name} contains "..."\``);
        return;
      }
      if (ordering && (t === "string" || t === "boolean")) {
        report(ctx, "error", "invalid-operator", `\`${name}\` is ${TYPE_WORDS[t]}: \`${cond.cmp}\` only compares numbers and dates`, ptr(p, "cmp"), t === "string" ? "use `==`, `!=`, `contains`, `startswith`, `endswith` or `matches`" : "use `==` or `!=`");
        return;
      }
      if (!literalFits(t, cond.value)) {
        report(ctx, "error", "type-mismatch", `\`${name}\` is ${TYPE_WORDS[t]}, so it cannot be compared with this value`, ptr(p, "value"), `write a value such as ${example(t)}`);
      }
      return;
    }
    case "text": {
      const t = refType(ir, cond.ref, env);
      const name = refName(cond.ref);
      if (t !== undefined && t !== "string" && !(t === "string[]" && cond.fn === "contains")) {
        report(
          ctx,
          "error",
          "invalid-operator",
          `\`${name}\` is ${TYPE_WORDS[t]}: \`${cond.fn}\` works on text`,
          ptr(p, "fn"),
          t === "string[]" ? `on a list, use \`${name} contains "..."\`` : t === "number" ? "compare numbers with `==`, `<`, `>=`, ..." : undefined,
        );
      }
      if (cond.fn === "matches") {
        const r = checkSafeRegex(cond.value);
        if (!r.ok) {
          const s = spanAt(ctx.sourceMap, ptr(p, "value"), ctx.fallbackFile);
          // The span covers the quoted string; escapes make source and pattern offsets differ.
          const raw = ctx.sources[s.file]?.slice(s.start, s.end);
          const inside = raw === undefined ? { start: 1 + r.offset, length: 1 } : patternOffsetInLiteral(raw, r.offset);
          const at = Math.min(s.start + inside.start, Math.max(s.end - 1, s.start));
          const span = { file: s.file, start: at, end: at + Math.max(1, inside.length) };
          const d: Diagnostic = { severity: "error", code: r.code, message: r.message, span, path: ptr(p, "value") };
          if (r.code === "unsafe-regex") d.hint = "simplify the pattern: shorter, with fewer and smaller repeats";
          ctx.diagnostics.push(d);
        }
      }
      return;
    }
    case "in": {
      const t = refType(ir, cond.ref, env);
      if (t === undefined) return;
      const item: FieldType = t === "string[]" ? "string" : t;
      cond.values.forEach((v, i) => {
        if (!literalFits(item, v)) {
          report(ctx, "error", "type-mismatch", `\`${refName(cond.ref)}\` is ${TYPE_WORDS[t]}, so this value can never match`, ptr(p, "values", i), `write a value such as ${example(item)}`);
        }
      });
      return;
    }
    case "true": {
      const t = refType(ir, cond.ref, env);
      if (t !== undefined && t !== "boolean") {
        const name = refName(cond.ref);
        report(ctx, "error", "type-mismatch", `\`${name}\` is ${TYPE_WORDS[t]}, not true/false, so it cannot stand alone as a condition`, ptr(p, "ref"), t === "number" ? `compare it, e.g. \`${name} >= 10\`` : `write \`${name} is set\` or compare it with a value`);
      }
      return;
    }
    case "ago": {
      const t = refType(ir, cond.ref, env);
      if (t !== undefined && t !== "timestamp") {
        report(ctx, "error", "type-mismatch", `\`${refName(cond.ref)}\` is ${TYPE_WORDS[t]}, not a date and time`, ptr(p, "ref"), "`before`/`after ... ago` and `within` work on dates: `last_active`, `created_at` or a timestamp field");
      }
      return;
    }
    case "history": {
      if (cond.agg !== "sum") return;
      const props = eventProps(ir, cond.event);
      if (props === undefined) return;
      if (cond.prop === undefined) {
        report(ctx, "error", "type-mismatch", "`sum(...)` needs the prop to add up, e.g. `sum(amount of purchase.completed)`", p);
        return;
      }
      const t = props[cond.prop];
      if (t !== undefined && t !== "number") {
        report(ctx, "error", "type-mismatch", `\`${cond.prop}\` of \`${cond.event}\` is ${TYPE_WORDS[t]}, and only numbers can be summed`, ptr(p, "prop"), "use `count(...)` to count events instead");
      }
      return;
    }
    default:
      return;
  }
}

/** Comparisons, `set` actions, `sum(...)` and field defaults agree with the declared types. */
export function checkTypes(ctx: CheckContext): void {
  const { ir } = ctx;
  forEachCondition(ir, (cond, p, env) => checkCond(ctx, cond, p, env));
  forEachAction(ir, (a, p) => {
    if (a.do !== "set") return;
    const t = ir.fields[a.field]?.type;
    if (t !== undefined && !literalFits(t, a.value)) {
      report(ctx, "error", "type-mismatch", `the field \`${a.field}\` holds ${TYPE_WORDS[t]}, so it cannot be set to this value`, ptr(p, "value"), `write a value such as ${example(t)}`);
    }
  });
  for (const [name, f] of Object.entries(ir.fields)) {
    if (f.default !== undefined && !literalFits(f.type, f.default)) {
      report(ctx, "error", "type-mismatch", `the default of \`${name}\` must be ${TYPE_WORDS[f.type]}`, ptr("", "fields", name, "default"), `write a value such as ${example(f.type)}`);
    }
  }
}
