import { describe, expect, it } from "vitest";
import type { FragmentKind } from "../../../dsl/ast.js";
import { parseFragment } from "../../../dsl/syntax/index.js";

const at = (start: number, end: number) => ({ file: "w.funnel.yaml", start, end });
const BASE = 100;

describe("parseFragment", () => {
  const cases: [FragmentKind, string, object][] = [
    ["condition", 'url contains "/pricing"', { kind: "compare", span: at(100, 123) }],
    ["action", "stage lifecycle.mql", { kind: "stage", pipeline: { text: "lifecycle", span: at(106, 115) }, span: at(100, 119) }],
    ["step", "wait until mon 09:00", { kind: "wait_time", days: [{ value: "mon" }], time: { value: "09:00", span: at(115, 120) }, comments: [] }],
    ["step", "intro: send email \"hi\"", { kind: "action", label: { text: "intro", span: at(100, 105) }, action: { kind: "send_email" } }],
    ["duration", "7d", { seconds: 604800, text: "7d", span: at(100, 102) }],
    ["literal", '["a", 2, true]', { kind: "list", items: [{ kind: "string" }, { kind: "number" }, { kind: "boolean" }], span: at(100, 114) }],
    ["limit", "-20..70", { min: { value: -20, span: at(100, 103) }, max: { value: 70 } }],
    ["decay", "10 every 7d after 14d inactive", { model: "step", amount: { value: 10 }, after: { text: "14d", span: at(118, 121) } }],
    ["decay", "half-life 14d", { model: "half-life", halfLife: { seconds: 1209600 } }],
    ["dimension", "tag in [vip, partner]", { kind: "tag", tags: [{ text: "vip" }, { text: "partner" }] }],
    ["accountFrom", "contacts sum of engagement", { agg: { value: "sum" }, score: { text: "engagement", span: at(116, 126) } }],
    ["atMost", "1 per 1d", { count: { value: 1 }, per: { seconds: 86400 }, span: at(100, 108) }],
    ["trigger", "event page.visited if url contains \"x\"", { kind: "event", event: { text: "page.visited" }, if: { kind: "compare" } }],
    ["trigger", "engagement >= 60", { kind: "condition", when: { kind: "compare" } }],
    ["allow", "mql -> recycled", { from: { text: "mql" }, to: { text: "recycled", span: at(107, 115) } }],
    ["ask", "owner via email after 3d, then every 3d, at most 10 times", { to: { kind: "owner" }, times: { value: 10 } }],
    ["enter", "when in segment lapsed_buyers", { kind: "segment", segment: { text: "lapsed_buyers" } }],
    ["enter", "on purchase.completed if amount > 0", { kind: "event", if: { kind: "compare" } }],
    ["reentry", "once per order_id", { kind: "once_per", prop: { text: "order_id" } }],
    ["window", "mon-fri 09:00-18:00", { days: [{}, {}, {}, {}, {}], from: { value: "09:00" }, to: { value: "18:00", span: at(114, 119) } }],
    ["recipient", '"sales@example.com"', { kind: "address", address: { value: "sales@example.com" } }],
  ];

  it.each(cases)("parses a %s fragment with spans shifted into the file: %s", (kind, text, expected) => {
    const r = parseFragment(kind, text, "w.funnel.yaml", BASE);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject(expected);
  });

  it("reports trailing junk after a complete fragment, at its place in the file", () => {
    const r = parseFragment("condition", 'url contains "/x" junk', "w.funnel.yaml", BASE);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ code: "unexpected-token", span: at(118, 122) }]);
  });

  it("shifts lexer and value errors too", () => {
    expect(parseFragment("duration", "3mo", "w.funnel.yaml", BASE).diagnostics).toMatchObject([{ code: "invalid-duration", span: at(100, 103) }]);
    expect(parseFragment("condition", 'a == "x', "w.funnel.yaml", BASE).diagnostics).toMatchObject([{ code: "unterminated-string", span: at(105, 107) }]);
    expect(parseFragment("action", "tag @", "w.funnel.yaml", BASE).diagnostics).toMatchObject([
      { code: "missing-token", span: at(103, 103) },
      { code: "syntax-error", span: at(104, 105) },
    ]);
  });

  it("reports an empty fragment", () => {
    expect(parseFragment("condition", "", "w.funnel.yaml", BASE).diagnostics).toMatchObject([{ code: "missing-token", span: at(100, 100) }]);
  });
});
