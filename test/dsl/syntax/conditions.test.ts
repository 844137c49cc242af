import { describe, expect, it } from "vitest";
import { cond } from "./helpers.js";

const at = (start: number, end: number) => ({ file: "t.funnel", start, end });

describe("condition precedence", () => {
  it("binds `and` tighter than `or`", () => {
    expect(cond("a or b and c")).toMatchObject({
      kind: "or",
      args: [{ kind: "bare", ref: { name: { text: "a" } } }, { kind: "and", args: [{ kind: "bare" }, { kind: "bare" }] }],
      span: at(0, 12),
    });
    expect(cond("a and b or c")).toMatchObject({ kind: "or", args: [{ kind: "and" }, { kind: "bare" }] });
  });

  it("flattens chains and applies `not` to the nearest operand", () => {
    expect(cond("a and b and c")).toMatchObject({ kind: "and", args: [{}, {}, {}] });
    expect(cond("not a and b")).toMatchObject({ kind: "and", args: [{ kind: "not", arg: { kind: "bare" }, span: at(0, 5) }, { kind: "bare" }] });
    expect(cond("not not a")).toMatchObject({ kind: "not", arg: { kind: "not", arg: { kind: "bare" } } });
  });

  it("keeps parentheses as nodes", () => {
    expect(cond("(a or b) and c")).toMatchObject({
      kind: "and",
      args: [{ kind: "paren", inner: { kind: "or" }, span: at(0, 8) }, { kind: "bare" }],
    });
  });
});

describe("comparisons", () => {
  it.each([
    ['job_title == "CEO"', "==", { kind: "string", value: "CEO" }],
    ["seats != 3", "!=", { kind: "number", value: 3 }],
    ["seats < -2.5", "<", { kind: "number", value: -2.5 }],
    ["seats <= 2", "<=", { kind: "number" }],
    ["seats > 2", ">", { kind: "number" }],
    ["seats >= 2", ">=", { kind: "number" }],
    ['email contains "x"', "contains", { kind: "string" }],
    ['email startswith "x"', "startswith", { kind: "string" }],
    ['email endswith ".edu"', "endswith", { kind: "string", value: ".edu" }],
    ['job_title matches "director|vp"', "matches", { kind: "string" }],
    ['company_domain in ["rival.example", "other.example"]', "in", { kind: "list", items: [{ value: "rival.example" }, { value: "other.example" }] }],
    ['company_domain not in ["a"]', "not in", { kind: "list" }],
    ["active == true", "==", { kind: "boolean", value: true }],
  ])("%s", (text, op, value) => {
    expect(cond(text)).toMatchObject({ kind: "compare", op: { value: op }, value });
  });

  it("spans `not in` as one operator", () => {
    expect(cond('x not in ["a"]')).toMatchObject({ op: { value: "not in", span: at(2, 8) }, span: at(0, 14) });
  });

  it("reads `is set`, `is not set` and bare booleans", () => {
    expect(cond("phone is set")).toMatchObject({ kind: "is_set", negated: false, ref: { name: { text: "phone" } } });
    expect(cond("phone is not set")).toMatchObject({ kind: "is_set", negated: true });
    expect(cond("marketing_suspended")).toMatchObject({ kind: "bare", ref: { name: { text: "marketing_suspended" } }, span: at(0, 19) });
  });

  it("reads per-dimension keys", () => {
    expect(cond("interest[crm] >= 50")).toMatchObject({ kind: "compare", ref: { name: { text: "interest" }, key: { kind: "value", value: "crm" }, span: at(0, 13) } });
    expect(cond("interest[any] >= 50")).toMatchObject({ ref: { key: { kind: "any" } } });
    expect(cond('interest["erp"] >= 50')).toMatchObject({ ref: { key: { kind: "value", value: "erp" } } });
  });
});

describe("tags, segments, stages", () => {
  it("reads `tagged` and `in segment`", () => {
    expect(cond("tagged vip")).toMatchObject({ kind: "tagged", tag: { text: "vip" }, span: at(0, 10) });
    expect(cond("in segment do_not_score")).toMatchObject({ kind: "in_segment", segment: { text: "do_not_score" } });
  });

  it("reads the three stage forms and a keyed pipeline", () => {
    expect(cond("stage lifecycle is mql")).toMatchObject({ kind: "in_stage", pipeline: { text: "lifecycle" }, mode: "is", stages: [{ text: "mql" }] });
    expect(cond("stage lifecycle in [mql, sales_accepted]")).toMatchObject({ mode: "in", stages: [{ text: "mql" }, { text: "sales_accepted" }] });
    expect(cond("stage lifecycle at least mql")).toMatchObject({ mode: "at_least", stages: [{ text: "mql" }] });
    expect(cond("stage products[crm] is customer")).toMatchObject({ pipeline: { text: "products" }, key: { kind: "value", value: "crm" }, mode: "is" });
  });
});

describe("event history", () => {
  it("reads `did` with `if` and `within`", () => {
    expect(cond('did page.visited if url contains "/pricing" within 30d')).toMatchObject({
      kind: "history",
      agg: "did",
      event: { text: "page.visited" },
      where: { kind: "compare", ref: { name: { text: "url" } } },
      within: { seconds: 2592000, text: "30d" },
      span: at(0, 54),
    });
  });

  it("gives `within` after a bare prop in `did ... if` to the history, not the prop", () => {
    expect(cond("did form.submitted if is_demo within 7d")).toMatchObject({
      where: { kind: "bare", ref: { name: { text: "is_demo" } } },
      within: { text: "7d" },
    });
  });

  it("reads `did not`, `count(...)` and `sum(...)`", () => {
    expect(cond("did not purchase.completed within 90d")).toMatchObject({ kind: "history", agg: "did_not", within: { text: "90d" } });
    expect(cond("count(email.clicked within 30d) >= 3")).toMatchObject({
      kind: "history",
      agg: "count",
      event: { text: "email.clicked" },
      op: { value: ">=" },
      value: { value: 3 },
    });
    expect(cond('sum(amount of purchase.completed if product == "crm" within 90d) >= 500')).toMatchObject({
      kind: "history",
      agg: "sum",
      prop: { text: "amount" },
      event: { text: "purchase.completed" },
      where: { kind: "compare" },
      value: { value: 500 },
    });
  });

  it("reads time-relative conditions", () => {
    expect(cond("last_active before 90d ago")).toMatchObject({ kind: "ago", dir: "before", dur: { seconds: 7776000 }, ref: { name: { text: "last_active" } } });
    expect(cond("created_at after 30d ago")).toMatchObject({ kind: "ago", dir: "after" });
    expect(cond("last_active within 7d")).toMatchObject({ kind: "ago", dir: "within", dur: { text: "7d" } });
  });

  it("reads every example of the docs' condition table", () => {
    const table = [
      "a and b",
      "a or b",
      "not a",
      "( a )",
      'job_title == "CEO"',
      'email endswith ".edu"',
      'job_title matches "director|vp|chief"',
      'company_domain in ["rival.example", "other.example"]',
      'interests contains "crm"',
      "phone is set",
      "phone is not set",
      "marketing_suspended",
      "engagement >= 60",
      "interest[crm] >= 50",
      "interest[any] >= 50",
      "tagged vip",
      "in segment do_not_score",
      "stage lifecycle is mql",
      "stage lifecycle in [mql, sales_accepted]",
      "stage lifecycle at least mql",
      "stage products[crm] is customer",
      'did page.visited if url contains "/pricing" within 30d',
      "did not purchase.completed within 90d",
      "count(email.clicked within 30d) >= 3",
      "sum(amount of purchase.completed within 90d) >= 500",
      "last_active before 90d ago",
      "created_at after 30d ago",
      "last_active within 7d",
    ];
    for (const c of table) expect(cond(c).span.end).toBe(c.length);
  });
});
