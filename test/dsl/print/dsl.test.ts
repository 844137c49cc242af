import { describe, expect, it } from "vitest";
import type { Decl } from "../../../dsl/ast.js";
import { printDsl } from "../../../dsl/print/dsl.js";
import { S, a, c, decl, dur, file, lit, n, num, s, step, tok } from "./build.js";
import { SAMPLE_DSL, sampleAst } from "./sample.js";

const rule = (name: string, extra: Partial<Extract<Decl, { kind: "rule" }>> = {}): Decl =>
  decl({ kind: "rule", name: n(name), trigger: { kind: "event", event: n("email.clicked"), span: S }, score: n("engagement"), points: num(3), ...extra });

describe("printDsl", () => {
  it("prints the sample workspace in canonical form", () => {
    expect(printDsl(sampleAst())).toBe(SAMPLE_DSL);
  });

  it("prints an empty file as empty text", () => {
    expect(printDsl(file([]))).toBe("");
    expect(printDsl(file([], ["just a note"]))).toBe("# just a note\n");
  });

  it("aligns rules within a paragraph only, and keeps a comment inside the paragraph", () => {
    const text = printDsl(
      file([rule("A"), rule("Longer name"), rule("C", { comments: ["fit"], once: S, blankLineBefore: true }), rule("Dee", { comments: ["no break"] })]),
    );
    expect(text).toBe(
      [
        'rule "A"            on email.clicked  engagement +3',
        'rule "Longer name"  on email.clicked  engagement +3',
        "",
        "# fit",
        'rule "C"    on email.clicked  engagement +3 once',
        "# no break",
        'rule "Dee"  on email.clicked  engagement +3',
        "",
      ].join("\n"),
    );
  });

  it("gives a lone rule a single space and prints negative points with their sign", () => {
    expect(printDsl(file([rule("Careers page", { points: num(-10) })]))).toBe('rule "Careers page" on email.clicked engagement -10\n');
  });

  it("breaks a score body over lines when it has more than three items", () => {
    const score = decl({
      kind: "score",
      name: n("interest"),
      label: s("Product interest"),
      scoreKind: tok("engagement"),
      limit: { max: num(70), span: S },
      decay: { model: "half-life", halfLife: dur("14d"), span: S },
      per: { kind: "prop", prop: n("product"), span: S },
    });
    expect(printDsl(file([score]))).toBe(
      ['score interest "Product interest" {', "  kind engagement", "  per product", "  limit ..70", "  decay half-life 14d", "}", ""].join("\n"),
    );
  });

  it("prints account scores, static segments and empty bodies", () => {
    const text = printDsl(
      file([
        decl({ kind: "score", name: n("company"), account: S, from: { agg: tok("sum"), score: n("engagement"), span: S }, limit: { min: num(0), max: num(500), span: S } }),
        decl({ kind: "segment", name: n("needs_feedback"), static: S }),
        decl({ kind: "event", name: n("coupon.received"), props: [] }),
      ]),
    );
    expect(text).toBe(
      ["score company for account { from contacts sum of engagement  limit 0..500 }", "", "segment needs_feedback static", "", "event coupon.received {}", ""].join("\n"),
    );
  });

  it("separates pipeline settings from stages and keeps allowed moves in order", () => {
    const text = printDsl(
      file([
        decl({
          kind: "pipeline",
          name: n("lifecycle"),
          label: s("Lifecycle"),
          per: { kind: "stage", pipeline: n("other"), span: S },
          allows: [
            { from: n("mql"), to: n("recycled"), span: S },
            { from: n("sql"), to: n("recycled"), span: S },
          ],
          manualLock: dur("30d"),
          stages: [{ name: n("unknown"), initial: S, manual: S, label: s("Unknown"), triggers: [], comments: [], span: S }],
        }),
      ]),
    );
    expect(text).toBe(
      [
        'pipeline lifecycle "Lifecycle" {',
        "  per stage of other",
        "  allow mql -> recycled",
        "  allow sql -> recycled",
        "  manual lock 30d",
        "",
        '  stage unknown "Unknown" initial manual',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("prints campaign settings and nested steps with labels", () => {
    const text = printDsl(
      file([
        decl({
          kind: "campaign",
          name: n("onboarding"),
          enter: { kind: "event", event: n("form.submitted"), if: c.cmp("form", "==", lit.str("signup")), span: S },
          leave: c.bare("marketing_suspended"),
          goal: c.did("purchase.completed"),
          reentry: { kind: "once_per", prop: n("order_id"), span: S },
          onChange: tok("migrate"),
          sendWindow: { days: [tok("mon"), tok("tue"), tok("wed"), tok("thu"), tok("fri")], from: s("09:00"), to: s("18:00"), span: S },
          steps: [
            step({ kind: "if", label: n("check"), cond: c.bare("vip"), then: [step({ kind: "action", action: a.tag("hot") })] }),
            step({ kind: "wait_until", until: c.did("email.clicked"), atMost: dur("7d"), comments: ["nudge"] }),
          ],
        }),
      ]),
    );
    expect(text).toBe(
      [
        "campaign onboarding {",
        '  enter on form.submitted if form == "signup"',
        "  leave when marketing_suspended",
        "  goal did purchase.completed",
        "  reenter once per order_id",
        "  on change migrate",
        "  send window mon-fri 09:00-18:00",
        "",
        "  check: if vip {",
        "    tag hot",
        "  }",
        "  # nudge",
        "  wait until did email.clicked at most 7d",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("prints thresholds with dimension and cooldown first, and channels with settings", () => {
    const text = printDsl(
      file([
        decl({
          kind: "threshold",
          name: n("hot"),
          when: c.cmp("interest", ">=", lit.num(50)),
          cooldown: dur("30d"),
          per: { kind: "tag", tags: [n("vip"), n("partner")], span: S },
          actions: [a.set("marketing_suspended", lit.bool(true))],
        }),
        decl({
          kind: "channel",
          name: n("crm_sync"),
          type: tok("webhook"),
          settings: [
            { key: n("url"), value: { kind: "env", name: s("CRM_WEBHOOK_URL"), span: S }, span: S },
            { key: n("secret"), value: { kind: "env", name: s("CRM_WEBHOOK_SECRET"), span: S }, span: S },
            { key: n("note"), value: { kind: "string", value: s("x") }, span: S },
          ],
        }),
      ]),
    );
    expect(text).toBe(
      [
        "threshold hot when interest >= 50 {",
        "  per tag in [vip, partner]",
        "  cooldown 30d",
        "  set marketing_suspended = true",
        "}",
        "",
        "channel crm_sync {",
        "  type webhook",
        '  url env("CRM_WEBHOOK_URL")',
        '  secret env("CRM_WEBHOOK_SECRET")',
        '  note "x"',
        "}",
        "",
      ].join("\n"),
    );
  });
});
