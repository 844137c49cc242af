import { describe, expect, it } from "vitest";
import { compile } from "../compile/helpers.js";

const V = 'version "1"\n';

function ir(text: string) {
  const r = compile(V + text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const value = r.value?.ir;
  if (value === undefined) throw new Error("no IR");
  return value;
}

const when = (text: string) => {
  const seg = ir(`${text}\n`).segments["s"];
  return seg?.kind === "dynamic" ? seg.when : undefined;
};

describe("conditions", () => {
  it("lowers did / did not to history counts", () => {
    expect(when(`segment s { did page.visited if url contains "/pricing" within 30d }`)).toEqual({
      op: "history",
      event: "page.visited",
      agg: "count",
      cmp: ">=",
      value: 1,
      within: 2592000,
      where: { op: "text", ref: { ref: "prop", name: "url" }, fn: "contains", value: "/pricing" },
    });
    expect(when(`segment s { did not purchase.completed within 90d }`)).toEqual({
      op: "not",
      arg: { op: "history", event: "purchase.completed", agg: "count", cmp: ">=", value: 1, within: 7776000 },
    });
  });

  it("lowers count and sum", () => {
    expect(when(`segment s { count(email.clicked within 30d) >= 3 }`)).toEqual({
      op: "history", event: "email.clicked", agg: "count", cmp: ">=", value: 3, within: 2592000,
    });
    expect(when(`segment s { sum(amount of purchase.completed within 90d) >= 500 }`)).toEqual({
      op: "history", event: "purchase.completed", agg: "sum", prop: "amount", cmp: ">=", value: 500, within: 7776000,
    });
  });

  it("lowers time conditions: `within` is `after ... ago`", () => {
    expect(when(`segment s { last_active before 90d ago and created_at after 30d ago and last_active within 7d }`)).toEqual({
      op: "and",
      args: [
        { op: "ago", ref: { ref: "attr", name: "last_active_at" }, dir: "before", seconds: 7776000 },
        { op: "ago", ref: { ref: "attr", name: "created_at" }, dir: "after", seconds: 2592000 },
        { op: "ago", ref: { ref: "attr", name: "last_active_at" }, dir: "after", seconds: 604800 },
      ],
    });
  });

  it("lowers `is not set`, `not in`, `tagged` and `in segment`", () => {
    expect(when(`field phone: string\nsegment t static\nsegment s { phone is not set or email not in ["a@b.c"] or tagged vip or in segment t }`)).toEqual({
      op: "or",
      args: [
        { op: "not", arg: { op: "set", ref: { ref: "field", name: "phone" } } },
        { op: "not", arg: { op: "in", ref: { ref: "field", name: "email" }, values: ["a@b.c"] } },
        { op: "tagged", tag: "vip" },
        { op: "segment", segment: "t" },
      ],
    });
  });

  it("lowers `stage P at least S` to S and every later stage", () => {
    const pipeline = "pipeline life { stage a initial\n stage b\n stage c\n stage d }\n";
    expect(when(`${pipeline}segment s { stage life at least c }`)).toEqual({ op: "stage", pipeline: "life", stages: ["c", "d"] });
    expect(when(`${pipeline}segment s { stage life is b }`)).toEqual({ op: "stage", pipeline: "life", stages: ["b"] });
  });
});

describe("declarations and defaults", () => {
  it("fills pipeline defaults and sorts allowed moves", () => {
    const out = ir(`pipeline p "P" {\n allow c -> a\n allow b -> a\n manual lock 30d\n stage a initial\n stage b manual\n stage c category not_succeeded\n}\n`);
    expect(out.pipelines["p"]).toMatchObject({
      label: "P",
      backward: "listed",
      allow: [{ from: "b", to: "a" }, { from: "c", to: "a" }],
      manualLock: 2592000,
      stages: [{ name: "a" }, { name: "b", manual: true, category: "in_progress" }, { name: "c", category: "not_succeeded" }],
    });
    expect(ir(`pipeline p { allow backward\n stage a initial }\n`).pipelines["p"]).toMatchObject({ backward: "any", allow: [] });
  });

  it("resolves a stage trigger's `if` against the event's props", () => {
    const out = ir(`pipeline p { stage a initial\n stage b when event purchase.completed if amount > 0 }\n`);
    expect(out.pipelines["p"]?.stages[1]?.triggers).toEqual([
      { on: "event", event: "purchase.completed", if: { op: "cmp", ref: { ref: "prop", name: "amount" }, cmp: ">", value: 0 } },
    ]);
  });

  it("gives steps their label or their position as id", () => {
    const out = ir(`campaign c {
  enter on form.submitted if form == "demo"
  reenter once per form
  on change migrate
  intro: send email "a"
  wait 3d
  if did email.clicked within 3d {
    send email "b"
  } else {
    wait until mon 09:00
    last: send email "c"
  }
}
`);
    const c = out.campaigns["c"];
    expect(c).toMatchObject({
      enter: { on: "event", event: "form.submitted", if: { op: "cmp", ref: { ref: "prop", name: "form" } } },
      reentry: { kind: "once_per", prop: "form" },
      onChange: "migrate",
    });
    expect(c?.steps.map((s) => s.id)).toEqual(["intro", "2", "3"]);
    const branch = c?.steps[2];
    expect(branch?.step === "if" ? [branch.then.map((s) => s.id), branch.else.map((s) => s.id)] : undefined).toEqual([["3.then.1"], ["3.else.1", "last"]]);
    expect(branch?.step === "if" ? branch.else[0] : undefined).toEqual({ id: "3.else.1", step: "wait_time", days: ["mon"], time: "09:00" });
  });

  it("validates and keeps the workspace time zone", () => {
    expect(ir(`timezone "Europe/Berlin"\n`).timezone).toBe("Europe/Berlin");
  });

  it("lowers channels to environment references and keeps the default email channel unless declared", () => {
    const out = ir(`channel crm { type webhook  url env("CRM_URL")  secret env("CRM_SECRET") }\n`);
    expect(out.channels).toEqual({ crm: { type: "webhook", url: { env: "CRM_URL" }, secret: { env: "CRM_SECRET" } }, email: { type: "log" } });
    expect(ir(`channel email { type smtp  url env("SMTP_URL")  from "m@example.com" }\n`).channels["email"]).toEqual({
      type: "smtp",
      url: { env: "SMTP_URL" },
      from: "m@example.com",
    });
  });

  it("merges suppressions by segment, scores sorted", () => {
    const out = ir(`score b {}\nscore a {}\nsegment x static\nsuppress b while in x\nsuppress a, b while in x\n`);
    expect(out.suppressions).toEqual({ x: ["a", "b"] });
  });

  it("lowers declared event types and account scores", () => {
    const out = ir(`event coupon.received { code: string, value: number }\nscore e {}\nscore company for account { from contacts sum of e  limit 0..500 }\n`);
    expect(out.events["coupon.received"]).toEqual({ props: { code: { type: "string" }, value: { type: "number" } } });
    expect(out.scores["company"]).toEqual({ kind: "engagement", scope: "account", from: { agg: "sum", score: "e" }, limit: { min: 0, max: 500 } });
  });

  it("lowers a per-dimension rule whose condition names its own score without a key", () => {
    const out = ir(`score interest { per product }\nrule "r" on purchase.completed if interest < 10 interest +5 once\n`);
    expect(out.rules["r"]).toEqual({
      kind: "event",
      on: "purchase.completed",
      if: { op: "cmp", ref: { ref: "score", score: "interest", key: { key: "context" } }, cmp: "<", value: 10 },
      score: "interest",
      points: 5,
      once: true,
    });
  });

  it("reads a per-product score in a per-product pipeline's trigger as the pipeline's own key", () => {
    const out = ir(`score interest { per product }\npipeline products { per product\n stage none initial\n stage keen when interest >= 50 }\n`);
    expect(out.pipelines["products"]).toMatchObject({
      per: { by: "prop", prop: "product" },
      stages: [{ name: "none" }, { triggers: [{ on: "condition", when: { ref: { ref: "score", score: "interest", key: { key: "context" } } } }] }],
    });
  });

  it("asks for a key when a per-product pipeline is read elsewhere", () => {
    const r = compile(`${V}pipeline products { per product\n stage none initial\n stage keen }\nsegment s { stage products is keen }\n`);
    expect(r.diagnostics).toMatchObject([{ code: "missing-dimension-key", hint: expect.stringContaining("products[any]") as unknown }]);
  });
});
