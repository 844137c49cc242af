import { describe, expect, it } from "vitest";
import { oneDecl, parseOk } from "./helpers.js";

const at = (start: number, end: number) => ({ file: "t.funnel", start, end });

describe("version, timezone, fields, events", () => {
  it("reads version and timezone with exact spans", () => {
    const f = parseOk('version "2026.11.1"\ntimezone "Europe/Berlin"');
    expect(f.decls).toMatchObject([
      { kind: "version", value: { value: "2026.11.1", span: at(8, 19) }, span: at(0, 19) },
      { kind: "timezone", value: { value: "Europe/Berlin" }, span: at(20, 44) },
    ]);
    expect(f.syntax).toBe("dsl");
  });

  it("reads field types and default literals, including empty lists", () => {
    const f = parseOk(`field job_title: string
field marketing_suspended: boolean = false
field interests: string[] = []
field seats: number = -3
field tags2: string[] = ["a", "b"]
field seen: timestamp`);
    expect(f.decls).toMatchObject([
      { kind: "field", name: { text: "job_title", span: at(6, 15) }, type: { value: "string", span: at(17, 23) } },
      { kind: "field", type: { value: "boolean" }, default: { kind: "boolean", value: false } },
      { kind: "field", type: { value: "string[]" }, default: { kind: "list", items: [] } },
      { kind: "field", type: { value: "number" }, default: { kind: "number", value: -3 } },
      { kind: "field", default: { kind: "list", items: [{ kind: "string", value: "a" }, { kind: "string", value: "b" }] } },
      { kind: "field", type: { value: "timestamp" } },
    ]);
  });

  it("reads custom event types with dotted names and typed props", () => {
    expect(oneDecl("event coupon.received { code: string, value: number }")).toMatchObject({
      kind: "event",
      name: { text: "coupon.received", span: at(6, 21) },
      props: [
        { name: { text: "code" }, type: { value: "string" } },
        { name: { text: "value" }, type: { value: "number" } },
      ],
    });
  });
});

describe("scores", () => {
  it("reads label, kind, limit, step decay and per-prop dimension", () => {
    expect(oneDecl('score engagement "Engagement" { kind engagement  limit -20..70  decay 10 every 7d after 14d inactive  per product }')).toMatchObject({
      kind: "score",
      name: { text: "engagement" },
      label: { value: "Engagement" },
      scoreKind: { value: "engagement" },
      limit: { min: { value: -20 }, max: { value: 70 } },
      decay: { model: "step", amount: { value: 10 }, every: { seconds: 604800, text: "7d" }, after: { seconds: 1209600 } },
      per: { kind: "prop", prop: { text: "product" } },
    });
  });

  it("reads open-ended limits", () => {
    const f = parseOk("score a { limit ..70 }\nscore b { limit 0.. }\nscore c { limit +5..+9 }");
    expect(f.decls[0]).toMatchObject({ limit: { max: { value: 70 } } });
    expect(f.decls[0]).not.toHaveProperty("limit.min");
    expect(f.decls[1]).toMatchObject({ limit: { min: { value: 0 } } });
    expect(f.decls[1]).not.toHaveProperty("limit.max");
    expect(f.decls[2]).toMatchObject({ limit: { min: { value: 5 }, max: { value: 9 } } });
  });

  it("reads half-life decay with and without `after ... inactive`", () => {
    const f = parseOk("score a { decay half-life 14d }\nscore b { decay half-life 14d after 7d inactive }");
    expect(f.decls[0]).toMatchObject({ decay: { model: "half-life", halfLife: { seconds: 1209600 } } });
    expect(f.decls[1]).toMatchObject({ decay: { model: "half-life", after: { text: "7d" } } });
  });

  it("reads stage and tag dimensions", () => {
    const f = parseOk("score a { per stage of lifecycle }\nscore b { per tag in [vip, partner] }");
    expect(f.decls[0]).toMatchObject({ per: { kind: "stage", pipeline: { text: "lifecycle" } } });
    expect(f.decls[1]).toMatchObject({ per: { kind: "tag", tags: [{ text: "vip" }, { text: "partner" }] } });
  });

  it("reads account scores", () => {
    expect(oneDecl("score company_engagement for account { from contacts max of engagement  limit 0..500 }")).toMatchObject({
      kind: "score",
      account: at(25, 36),
      from: { agg: { value: "max" }, score: { text: "engagement" } },
      limit: { min: { value: 0 }, max: { value: 500 } },
    });
  });

  it("accepts `;` and `,` between block items", () => {
    expect(oneDecl("score fit { kind fit; limit 0..100, }")).toMatchObject({ scoreKind: { value: "fit" }, limit: { max: { value: 100 } } });
  });
});

describe("rules", () => {
  it("reads event rules with if, signed points, once and at most", () => {
    const f = parseOk(`rule "Clicked an email"  on email.clicked engagement +3
rule "Pricing page"      on page.visited if url contains "/pricing" engagement +20 at most 1 per 1d
rule "Careers"           on page.visited if url contains "/careers" engagement -10
rule "Asked for a demo"  on form.submitted if form == "demo" engagement +60 once`);
    expect(f.decls).toMatchObject([
      { kind: "rule", name: { text: "Clicked an email", span: at(5, 23) }, trigger: { kind: "event", event: { text: "email.clicked" } }, score: { text: "engagement" }, points: { value: 3 } },
      {
        kind: "rule",
        trigger: { kind: "event", if: { kind: "compare", op: { value: "contains" }, value: { value: "/pricing" } } },
        points: { value: 20 },
        atMost: { count: { value: 1 }, per: { seconds: 86400 } },
      },
      { kind: "rule", points: { value: -10 } },
      { kind: "rule", points: { value: 60 }, once: {} },
    ]);
    const first = f.decls[0];
    expect(first?.kind === "rule" && first.points.span).toEqual(at(53, 55));
  });

  it("reads fit rules", () => {
    expect(oneDecl('rule "Senior title" when job_title matches "director|vp|chief" fit +30')).toMatchObject({
      kind: "rule",
      trigger: { kind: "fit", when: { kind: "compare", ref: { name: { text: "job_title" } }, op: { value: "matches" } } },
      score: { text: "fit" },
      points: { value: 30 },
    });
  });
});

describe("segments and suppression", () => {
  it("reads dynamic and static segments", () => {
    const f = parseOk('segment do_not_score "Suppressed" { email endswith ".edu" or marketing_suspended }\nsegment needs_feedback static');
    expect(f.decls).toMatchObject([
      { kind: "segment", label: { value: "Suppressed" }, when: { kind: "or", args: [{ kind: "compare" }, { kind: "bare", ref: { name: { text: "marketing_suspended" } } }] } },
      { kind: "segment", name: { text: "needs_feedback" }, static: {} },
    ]);
  });

  it("reads suppress lines", () => {
    expect(oneDecl("suppress engagement, interest while in do_not_score")).toMatchObject({
      kind: "suppress",
      scores: [{ text: "engagement" }, { text: "interest" }],
      segment: { text: "do_not_score" },
    });
  });
});

describe("keywords as names", () => {
  it("lets a field be called `stage`, `score` or `event` and be used in conditions", () => {
    const f = parseOk(`field stage: string
field score: number
field event: string
segment s { stage == "x" and score > 3 or event is set }
rule "r" on page.visited if stage startswith "a" score +1`);
    expect(f.decls.slice(0, 3)).toMatchObject([{ name: { text: "stage" } }, { name: { text: "score" } }, { name: { text: "event" } }]);
    expect(f.decls[3]).toMatchObject({
      when: {
        kind: "or",
        args: [
          { kind: "and", args: [{ kind: "compare", ref: { name: { text: "stage" } } }, { kind: "compare", ref: { name: { text: "score" } } }] },
          { kind: "is_set", ref: { name: { text: "event" } } },
        ],
      },
    });
    expect(f.decls[4]).toMatchObject({ score: { text: "score" }, points: { value: 1 } });
  });

  it("lets scores, segments and stages carry keyword names", () => {
    const f = parseOk("score fit { kind fit }\nsegment static static\npipeline pipeline { stage stage initial  stage when when tagged vip }");
    expect(f.decls).toMatchObject([
      { kind: "score", name: { text: "fit" } },
      { kind: "segment", name: { text: "static" }, static: {} },
      { kind: "pipeline", name: { text: "pipeline" }, stages: [{ name: { text: "stage" }, initial: {} }, { name: { text: "when" }, triggers: [{ kind: "condition" }] }] },
    ]);
  });
});
