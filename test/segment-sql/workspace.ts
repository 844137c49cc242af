/**
 * The workspace the segment-SQL tests run on: every field type, every decay model (step with
 * and without `after`, half-life), a per-dimension score and pipeline, event-history windows
 * (count, sum, all time), `ago`, and random events that reach all of it through ingest.
 */
import fc from "fast-check";
import { compileModel } from "../../runtime/engine/index.js";
import type { Cond, Key, Literal, Ref } from "../../schemas/ir.js";
import { compileDsl } from "../ingest/helpers.js";

export const ir = compileDsl(`
version "1"
field title: string
field age: number = 30
field vip: boolean
field trial_ends: timestamp
field interests: string[] = []
field note: string = "n/a"
score engagement { limit -20..70  decay 10 every 7d }
score warmth { limit 0..50  decay half-life 3d after 1d inactive }
score interest { per product  limit 0..100  decay 5 every 2d after 3d inactive }
score steady { limit ..100 }
score fit { kind fit  limit 0..100 }
rule "Visit" on page.visited engagement +3
rule "Pricing" on page.visited if url contains "/pricing" engagement +20
rule "Careers" on page.visited if url contains "/careers" engagement -10
rule "Demo" on form.submitted if form == "demo" engagement +60
rule "Warm" on email.clicked warmth +7.5
rule "Bought" on purchase.completed interest +35
rule "Steady" on purchase.completed steady +12.5
rule "Senior" when title matches "director|vp|chief" fit +30
pipeline lifecycle {
  allow backward
  stage unknown initial
  stage engaged when event page.visited
  stage mql when engagement >= 60
  stage customer when event purchase.completed
}
pipeline products per product {
  stage none initial
  stage bought when event purchase.completed
}
segment pricing { did page.visited if url contains "/pricing" within 5d }
segment clicky { count(email.clicked within 3d) >= 2 }
segment spenders { sum(amount of purchase.completed within 10d) >= 100 }
segment buyers { count(purchase.completed) >= 2 }
segment lapsed { last_active before 20d ago }
segment hot { engagement >= 40 or warmth > 12.5 or interest[any] >= 50 }
segment trial_over { trial_ends before 1d ago }
segment vips static
`);
export const model = compileModel(ir);

export const T0 = Date.parse("2026-03-01T00:00:00Z");
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Texts that are hard on SQL: quotes, injections, Unicode case traps (İ, K, Σ, ß), astral characters. */
export const nastyText = fc.oneof(
  fc.constantFrom(
    "",
    "'; DROP TABLE contacts; --",
    `Robert"); DELETE FROM scores; --`,
    "VP Sales",
    "Director",
    "İstanbul",
    "\u212Aelvin",
    "ΟΔΟΣ",
    "οδος",
    "Σίσυφος",
    "straße",
    "STRASSE",
    "😀 emoji",
    "\uE000private",
    "a\\b",
    "50%_off",
    "/pricing",
    "/PRICING/plans",
    "chief@corp.example",
  ),
  fc.string({ maxLength: 8 }),
  // PostgreSQL text cannot hold U+0000 (ingest refuses it with a database error).
  fc.string({ unit: "grapheme", maxLength: 6 }).filter((s) => !s.includes("\u0000")),
);

/** Times as a person might type them: the exact ISO forms, offsets, and forms only JavaScript reads. */
export const timeText = fc.oneof(
  fc.integer({ min: T0 - 40 * DAY, max: T0 + 40 * DAY }).map((t) => new Date(t).toISOString()),
  fc.integer({ min: T0 - 40 * DAY, max: T0 + 40 * DAY }).map((t) => new Date(t).toISOString().slice(0, 10)),
  fc.integer({ min: T0 - 40 * DAY, max: T0 + 40 * DAY }).map((t) => new Date(t).toISOString().slice(0, 16) + "+05:30"),
  fc.integer({ min: T0 - 40 * DAY, max: T0 + 40 * DAY }).map((t) => new Date(t).toISOString().slice(0, 19)),
  fc.constantFrom("2026-02-31", "2026-03-01T23:59:59.999-01:00", "March 3, 2026", "2026/03/02 10:00"),
);

const fieldValue: Record<string, fc.Arbitrary<unknown>> = {
  title: fc.oneof(nastyText, fc.constant(null)),
  age: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
  vip: fc.oneof(fc.boolean(), fc.constant(null)),
  trial_ends: fc.oneof(timeText, fc.constant(null)),
  interests: fc.oneof(fc.array(fc.oneof(fc.constantFrom("crm", "CRM", "erp", "İ"), nastyText), { maxLength: 3 }), fc.constant(null)),
  note: fc.oneof(nastyText, timeText, fc.constant(null)),
};

/** One event's type and props, valid for the workspace. */
export const eventBody = fc.oneof(
  fc.record({ type: fc.constant("page.visited"), props: fc.record({ url: fc.oneof(fc.constantFrom("/", "/pricing", "/careers", "/Pricing?x='1'"), nastyText) }) }),
  fc.record({ type: fc.constant("form.submitted"), props: fc.record({ form: fc.constantFrom("demo", "other", "'; DROP TABLE events; --") }) }),
  fc.record({ type: fc.constant("email.clicked"), props: fc.record({ email: fc.constant("n1"), url: fc.constant("/") }) }),
  fc.record({
    type: fc.constant("purchase.completed"),
    props: fc.record({ amount: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constantFrom(0.1, 0.2, 33.33)), product: fc.constantFrom("crm", "erp", "ünï'c\"ode") }),
  }),
  fc.record({ type: fc.constant("contact.updated"), props: fc.record(fieldValue, { requiredKeys: [] }) }),
  fc.record({ type: fc.constantFrom("contact.tagged", "contact.untagged"), props: fc.record({ tag: fc.constantFrom("vip", "partner", "it's") }) }),
  fc.record({ type: fc.constant("stage.set"), props: fc.record({ pipeline: fc.constant("lifecycle"), stage: fc.constantFrom("unknown", "mql", "customer"), by: fc.constant("sam") }) }),
);

export interface RawEvent {
  id: string;
  type: string;
  contact: string;
  at: string;
  props: Record<string, unknown>;
}

/** A history: a few contacts, events over about four weeks, at whole minutes or exact milliseconds. */
export const history = fc
  .array(fc.record({ contact: fc.constantFrom("ann", "bob", "o'hara", "zoë"), offset: fc.integer({ min: 0, max: 28 * DAY }), body: eventBody }), { minLength: 1, maxLength: 25 })
  .map((list) =>
    list.map((e, i): RawEvent => ({ id: `e${String(i).padStart(3, "0")}`, type: e.body.type, contact: e.contact, at: new Date(T0 + e.offset).toISOString(), props: e.body.props })),
  );

/** Values stored in fields behind the config's back (a field whose type changed): every JSON type. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom("", "true", "12", T0.toString()),
  fc.boolean(),
  fc.constant([]),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 3 }),
  fc.constant({ a: 1 }),
  fc.integer({ min: T0 - 40 * DAY, max: T0 + 40 * DAY }),
);

const fieldRef = fc.constantFrom(...Object.keys(ir.fields), "undeclared").map((name): Ref => ({ ref: "field", name }));
const scoreRef = fc.oneof(
  fc.constantFrom("engagement", "warmth", "steady", "fit", "nonexistent").map((score): Ref => ({ ref: "score", score })),
  fc.constantFrom<Ref>(
    { ref: "score", score: "interest", key: { key: "any" } },
    { ref: "score", score: "interest", key: { key: "context" } },
    { ref: "score", score: "interest", key: { key: "value", value: "crm" } },
    { ref: "score", score: "interest", key: { key: "value", value: "ünï'c\"ode" } },
  ),
);
const attrRef = fc.constantFrom<Ref>({ ref: "attr", name: "id" }, { ref: "attr", name: "created_at" }, { ref: "attr", name: "last_active_at" }, { ref: "prop", name: "url" });
const anyRef = fc.oneof(fieldRef, fieldRef, scoreRef, attrRef);

const literal: fc.Arbitrary<Literal> = fc.oneof(
  nastyText,
  timeText,
  fc.constantFrom(0, 1, 10, 12.5, 30, 40, 45, 50, 60, -10, 0.1),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }),
  fc.boolean(),
  fc.array(fc.constantFrom("crm", "erp", "CRM"), { maxLength: 2 }),
);
const cmpOp = fc.constantFrom("==", "!=", "<", "<=", ">", ">=" as const);

/** The history conditions of the workspace, so that windows exist in state; varied in comparison and window. */
const historyLeaf: fc.Arbitrary<Cond> = fc
  .record({
    base: fc.constantFrom(
      ...Object.values(ir.segments).flatMap((s) => (s.kind === "dynamic" && s.when.op === "history" ? [s.when] : [])),
    ),
    cmp: cmpOp,
    value: fc.constantFrom(0, 1, 2, 3, 33.43, 100, 100.1),
    shrink: fc.constantFrom(1, 0.5, 0.1),
  })
  .map(({ base, cmp, value, shrink }) => {
    if (base.op !== "history") return base;
    const within = base.within === undefined ? undefined : Math.max(1, Math.round(base.within * shrink));
    return { ...base, cmp, value, ...(within === undefined ? {} : { within }) };
  });

const regexText = fc.constantFrom("director|vp|chief", "^v", "s$", "\\bvp\\b", "it's", "[\"']", "o.d", "σ", "straße", "(");

/** A random condition over the workspace, from every form of the IR's grammar. */
export const condition: fc.Arbitrary<Cond> = fc.letrec<{ cond: Cond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ op: fc.constant("cmp" as const), ref: anyRef, cmp: cmpOp, value: literal }),
    fc.record({ op: fc.constant("text" as const), ref: anyRef, fn: fc.constantFrom("contains", "startswith", "endswith" as const), value: fc.oneof(nastyText, fc.constantFrom("σ", "ς", "k", "i", "vp", "PRICING")) }),
    fc.record({ op: fc.constant("text" as const), ref: anyRef, fn: fc.constant("matches" as const), value: regexText }),
    fc.record({ op: fc.constant("in" as const), ref: anyRef, values: fc.array(literal, { maxLength: 3 }) }),
    fc.record({ op: fc.constant("set" as const), ref: anyRef }),
    fc.record({ op: fc.constant("true" as const), ref: anyRef }),
    fc.record({ op: fc.constant("tagged" as const), tag: fc.constantFrom("vip", "partner", "it's", "none") }),
    fc.record({ op: fc.constant("segment" as const), segment: fc.constantFrom(...Object.keys(ir.segments)) }),
    fc.record({
      op: fc.constant("stage" as const),
      pipeline: fc.constantFrom("lifecycle", "products"),
      stages: fc.subarray(["unknown", "engaged", "mql", "customer", "none", "bought"], { minLength: 1 }),
    }),
    fc.record({
      op: fc.constant("stage" as const),
      pipeline: fc.constant("products"),
      stages: fc.constant<string[]>(["bought"]),
      key: fc.constantFrom<Key[]>({ key: "any" }, { key: "value", value: "crm" }, { key: "context" }),
    }),
    historyLeaf,
    fc.record({ op: fc.constant("ago" as const), ref: anyRef, dir: fc.constantFrom("before", "after" as const), seconds: fc.constantFrom(1, 3600, 86_400, 5 * 86_400, 20 * 86_400) }),
    fc.record({ op: fc.constant("and" as const), args: fc.array(tie("cond"), { minLength: 2, maxLength: 3 }) }),
    fc.record({ op: fc.constant("or" as const), args: fc.array(tie("cond"), { minLength: 2, maxLength: 3 }) }),
    fc.record({ op: fc.constant("not" as const), arg: tie("cond") }),
  ),
})).cond;
