import { describe, expect, it } from "vitest";
import type { CondNode } from "../../../dsl/ast.js";
import { printAction, printAsk, printCondition, printDays, printDecay, printLimit, printLiteral, printStep } from "../../../dsl/print/expr.js";
import { quote } from "../../../dsl/print/text.js";
import { S, a, c, dur, lit, n, num, ref, s, step, tok } from "./build.js";

describe("conditions", () => {
  it("prints `and` inside `or` without parentheses", () => {
    const cond = c.or(c.and(c.bare("a"), c.bare("b")), c.bare("d"));
    expect(printCondition(cond)).toBe("a and b or d");
  });

  it("adds parentheses where the grammar would otherwise read a different tree", () => {
    expect(printCondition(c.and(c.or(c.bare("a"), c.bare("b")), c.bare("d")))).toBe("(a or b) and d");
    expect(printCondition(c.and(c.and(c.bare("a"), c.bare("b")), c.bare("d")))).toBe("(a and b) and d");
    expect(printCondition(c.not(c.and(c.bare("a"), c.bare("b"))))).toBe("not (a and b)");
    expect(printCondition(c.not(c.not(c.bare("a"))))).toBe("not not a");
  });

  it("keeps the parentheses the author wrote, and adds none around them", () => {
    const cond = c.and(c.paren(c.or(c.bare("a"), c.bare("b"))), c.paren(c.bare("d")));
    expect(printCondition(cond)).toBe("(a or b) and (d)");
  });

  it("closes an open `did ... if` that is followed by more of the condition", () => {
    const open = c.did("page.visited", c.bare("x"));
    expect(printCondition(c.and(open, c.bare("y")))).toBe("(did page.visited if x) and y");
    expect(printCondition(c.and(c.bare("y"), open))).toBe("y and did page.visited if x");
    expect(printCondition(c.did("page.visited", c.bare("x"), "7d"))).toBe("did page.visited if x within 7d");
    expect(printCondition(c.did("a.b", c.did("c.d", c.bare("x")), "7d"))).toBe("did a.b if (did c.d if x) within 7d");
  });

  it("encloses a `within` test inside the `if` of a history test, where `within` belongs to the history", () => {
    const recent: CondNode = { kind: "ago", ref: ref("last_active"), dir: "within", dur: dur("7d"), span: S };
    expect(printCondition(c.did("page.visited", c.and(c.bare("x"), recent)))).toBe("did page.visited if (x and last_active within 7d)");
  });

  it("prints every kind of test", () => {
    const cases: [CondNode, string][] = [
      [c.cmp("job_title", "==", lit.str("CEO")), 'job_title == "CEO"'],
      [c.cmp("company_domain", "not in", lit.list(lit.str("a.example"), lit.str("b.example"))), 'company_domain not in ["a.example", "b.example"]'],
      [{ kind: "compare", ref: ref("interest", "crm"), op: tok(">="), value: lit.num(50), span: S }, "interest[crm] >= 50"],
      [{ kind: "compare", ref: ref("interest", "any"), op: tok(">="), value: lit.num(2.5), span: S }, "interest[any] >= 2.5"],
      [{ kind: "is_set", ref: ref("phone"), negated: true, span: S }, "phone is not set"],
      [{ kind: "tagged", tag: n("vip"), span: S }, "tagged vip"],
      [{ kind: "in_segment", segment: n("do_not_score"), span: S }, "in segment do_not_score"],
      [{ kind: "in_stage", pipeline: n("lifecycle"), mode: "in", stages: [n("mql"), n("sql")], span: S }, "stage lifecycle in [mql, sql]"],
      [{ kind: "in_stage", pipeline: n("products"), key: { kind: "value", value: "crm", span: S }, mode: "at_least", stages: [n("mql")], span: S }, "stage products[crm] at least mql"],
      [{ kind: "history", agg: "did_not", event: n("purchase.completed"), within: dur("90d"), span: S }, "did not purchase.completed within 90d"],
      [{ kind: "history", agg: "count", event: n("email.clicked"), within: dur("30d"), op: tok(">="), value: num(3), span: S }, "count(email.clicked within 30d) >= 3"],
      [{ kind: "history", agg: "sum", event: n("purchase.completed"), prop: n("amount"), op: tok(">="), value: num(500), span: S }, "sum(amount of purchase.completed) >= 500"],
      [{ kind: "ago", ref: ref("last_active"), dir: "before", dur: dur("90d"), span: S }, "last_active before 90d ago"],
      [{ kind: "ago", ref: ref("last_active"), dir: "within", dur: dur("7d"), span: S }, "last_active within 7d"],
    ];
    for (const [cond, text] of cases) expect(printCondition(cond)).toBe(text);
  });
});

describe("literals and strings", () => {
  it("re-escapes quotes, backslashes and control characters", () => {
    expect(quote('say "hi"\\now')).toBe('"say \\"hi\\"\\\\now"');
    expect(quote("a\nb\tc\u0001")).toBe('"a\\nb\\tc\\u{1}"');
    expect(quote("café ✓")).toBe('"café ✓"');
  });

  it("never prints numbers in exponent notation", () => {
    expect(printLiteral(lit.num(1e21))).toBe("1000000000000000000000");
    expect(printLiteral(lit.num(0.0000005))).toBe("0.0000005");
    expect(printLiteral(lit.num(-20))).toBe("-20");
  });
});

describe("fragments", () => {
  it("keeps the author's duration units", () => {
    expect(printDecay({ model: "step", amount: num(10), every: dur("168h"), after: dur("2w"), span: S })).toBe("10 every 168h after 2w inactive");
    expect(printDecay({ model: "half-life", halfLife: dur("14d"), span: S })).toBe("half-life 14d");
  });

  it("prints open-ended limits", () => {
    expect(printLimit({ max: num(70), span: S })).toBe("..70");
    expect(printLimit({ min: num(0), span: S })).toBe("0..");
  });

  it("writes three or more consecutive days as a range", () => {
    const days = (...d: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[]) => d.map((x) => tok(x));
    expect(printDays(days("mon", "tue", "wed", "thu", "fri"))).toBe("mon-fri");
    expect(printDays(days("sat", "sun"))).toBe("sat,sun");
    expect(printDays(days("mon", "wed", "thu", "fri", "sun"))).toBe("mon,wed-fri,sun");
  });

  it("prints actions with their optional parts", () => {
    expect(printAction({ kind: "notify", to: { kind: "address", address: s("ops@example.com"), span: S }, template: s("alert"), channel: n("email"), span: S })).toBe(
      'notify "ops@example.com" "alert" via email',
    );
    expect(printAction(a.set("interests", lit.list(lit.str("crm"))))).toBe('set interests = ["crm"]');
    expect(printAction({ kind: "points", score: n("engagement"), points: num(5), span: S })).toBe("points engagement +5");
    expect(printAction({ kind: "add_to", segment: n("needs_feedback"), span: S })).toBe("add to needs_feedback");
    expect(printAction(a.deleteContact())).toBe("delete contact");
  });

  it("prints an ask with an escalation", () => {
    const ask = { to: { kind: "owner" as const, span: S }, channel: n("email"), after: dur("3d"), every: dur("3d"), times: num(10), escalate: { kind: "field" as const, field: n("sales_manager"), span: S }, span: S };
    expect(printAsk(ask)).toBe("owner via email after 3d, then every 3d, at most 10 times, then escalate to sales_manager");
  });

  it("prints a step line with its label", () => {
    expect(printStep(step({ kind: "action", action: a.sendEmail("hi"), label: n("intro") }))).toBe('intro: send email "hi"');
    expect(printStep(step({ kind: "wait_until", until: c.did("email.clicked"), atMost: dur("7d") }))).toBe("wait until did email.clicked at most 7d");
    expect(printStep(step({ kind: "wait_time", time: s("09:00") }))).toBe("wait until 09:00");
  });
});
