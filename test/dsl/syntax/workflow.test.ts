import { describe, expect, it } from "vitest";
import { oneDecl, parseOk } from "./helpers.js";

const at = (start: number, end: number) => ({ file: "t.funnel", start, end });

describe("pipelines", () => {
  it("reads header options, allowed moves and stages with options in any order", () => {
    const d = oneDecl(`pipeline lifecycle "Lifecycle" {
  per product
  for account
  allow mql -> recycled
  allow lost -> unknown
  manual lock 30d
  stage unknown initial
  stage engaged when event page.visited
  stage mql when engagement >= 60 and fit >= 20
  stage confirmed manual
  stage customer when event purchase.completed if amount > 0 "Customer" category succeeded
  stage lost category not_succeeded when tagged churned when event contact.deleted
}`);
    expect(d).toMatchObject({
      kind: "pipeline",
      name: { text: "lifecycle" },
      label: { value: "Lifecycle" },
      per: { kind: "prop", prop: { text: "product" } },
      account: {},
      allows: [
        { from: { text: "mql" }, to: { text: "recycled" } },
        { from: { text: "lost" }, to: { text: "unknown" } },
      ],
      manualLock: { seconds: 2592000 },
      stages: [
        { name: { text: "unknown" }, initial: {}, triggers: [] },
        { name: { text: "engaged" }, triggers: [{ kind: "event", event: { text: "page.visited" } }] },
        { name: { text: "mql" }, triggers: [{ kind: "condition", when: { kind: "and" } }] },
        { name: { text: "confirmed" }, manual: {} },
        {
          name: { text: "customer" },
          label: { value: "Customer" },
          category: { value: "succeeded" },
          triggers: [{ kind: "event", event: { text: "purchase.completed" }, if: { kind: "compare" } }],
        },
        { name: { text: "lost" }, category: { value: "not_succeeded" }, triggers: [{ kind: "condition", when: { kind: "tagged" } }, { kind: "event" }] },
      ],
    });
    expect(d).not.toHaveProperty("backward");
  });

  it("reads `allow backward`, header-form `per`, and keeps `manual lock` out of the stage before it", () => {
    const d = oneDecl("pipeline p per product { allow backward\n stage a manual\n manual lock 7d\n stage b }");
    expect(d).toMatchObject({ per: { kind: "prop" }, backward: at(31, 39), manualLock: { text: "7d" }, stages: [{ name: { text: "a" }, manual: {} }, { name: { text: "b" } }] });
  });
});

describe("thresholds and actions", () => {
  it("reads every action form", () => {
    const d = oneDecl(`threshold mql when engagement >= 60 and fit >= 20 {
  cooldown 30d
  per product
  stage lifecycle.mql
  notify owner "mql-alert" via email
  notify sales_manager "x"
  notify "team@example.com" "y"
  feedback mql_quality
  tag hot
  untag cold
  add to needs_feedback
  remove from needs_feedback
  start nurture
  set marketing_suspended = true
  webhook crm_sync
  send email "welcome" via smtp_main
  points engagement -5
  delete contact after 30d
  delete contact
}`);
    expect(d).toMatchObject({
      kind: "threshold",
      name: { text: "mql" },
      when: { kind: "and" },
      cooldown: { seconds: 2592000 },
      per: { kind: "prop", prop: { text: "product" } },
      actions: [
        { kind: "stage", pipeline: { text: "lifecycle" }, stage: { text: "mql" } },
        { kind: "notify", to: { kind: "owner" }, template: { value: "mql-alert" }, channel: { text: "email" } },
        { kind: "notify", to: { kind: "field", field: { text: "sales_manager" } } },
        { kind: "notify", to: { kind: "address", address: { value: "team@example.com" } }, template: { value: "y" } },
        { kind: "feedback", loop: { text: "mql_quality" } },
        { kind: "tag", tag: { text: "hot" } },
        { kind: "untag", tag: { text: "cold" } },
        { kind: "add_to", segment: { text: "needs_feedback" } },
        { kind: "remove_from", segment: { text: "needs_feedback" } },
        { kind: "start", campaign: { text: "nurture" } },
        { kind: "set", field: { text: "marketing_suspended" }, value: { kind: "boolean", value: true } },
        { kind: "webhook", channel: { text: "crm_sync" } },
        { kind: "send_email", template: { value: "welcome" }, channel: { text: "smtp_main" } },
        { kind: "points", score: { text: "engagement" }, points: { value: -5 } },
        { kind: "delete_contact", after: { text: "30d" } },
        { kind: "delete_contact" },
      ],
    });
    if (d.kind !== "threshold") throw new Error("not a threshold");
    expect(d.actions[0]?.span).toEqual(at(83, 102));
    expect(d.actions[15]).not.toHaveProperty("after");
  });

  it("reads a threshold with per before `when`", () => {
    expect(oneDecl("threshold hot per product when interest >= 50 { tag hot }")).toMatchObject({ per: { prop: { text: "product" } }, actions: [{ kind: "tag" }] });
  });
});

describe("feedback loops", () => {
  it("reads the ask line and outcomes in both forms", () => {
    const d = oneDecl(`feedback mql_quality {
  ask owner via email after 3d, then every 3d, at most 10 times, then escalate to sales_manager
  good_lead  -> stage lifecycle.sales_accepted
  bad_timing -> start nurture, tag nurture
  bad_fit    -> { set marketing_suspended = true; tag bad_fit }
  junk       -> delete contact after 30d
}`);
    expect(d).toMatchObject({
      kind: "feedback",
      ask: {
        to: { kind: "owner" },
        channel: { text: "email" },
        after: { seconds: 259200 },
        every: { seconds: 259200 },
        times: { value: 10 },
        escalate: { kind: "field", field: { text: "sales_manager" } },
      },
      outcomes: [
        { outcome: { text: "good_lead" }, actions: [{ kind: "stage" }] },
        { outcome: { text: "bad_timing" }, actions: [{ kind: "start" }, { kind: "tag" }] },
        { outcome: { text: "bad_fit" }, actions: [{ kind: "set" }, { kind: "tag" }] },
        { outcome: { text: "junk" }, actions: [{ kind: "delete_contact" }] },
      ],
    });
  });

  it("accepts the ask line without commas and without escalation", () => {
    const d = oneDecl("feedback f { ask owner via email after 3d then every 1d at most 2 times, good_lead -> tag a }");
    expect(d).toMatchObject({ ask: { times: { value: 2 } }, outcomes: [{ outcome: { text: "good_lead" } }] });
    expect(d).not.toHaveProperty("ask.escalate");
  });
});

describe("campaigns", () => {
  it("reads header clauses and every step form", () => {
    const d = oneDecl(`campaign reactivate "Win back" {
  enter on purchase.completed if amount > 100
  leave when stage lifecycle is customer
  goal did purchase.completed
  reenter once per order_id
  on change restart
  send window mon-fri 09:00-18:00

  intro: send email "we-miss-you"
  wait 3d
  if did email.clicked within 3d {
    send email "offer"
  } else if tagged vip {
    wait until sat, sun 9:30
  } else {
    wait until mon 09:00
    send email "last-chance"
  }
  wait until 18:00
  wait until did email.clicked at most 7d
  points engagement +5
}`);
    expect(d).toMatchObject({
      kind: "campaign",
      label: { value: "Win back" },
      enter: { kind: "event", event: { text: "purchase.completed" }, if: { kind: "compare" } },
      leave: { kind: "in_stage" },
      goal: { kind: "history", agg: "did" },
      reentry: { kind: "once_per", prop: { text: "order_id" } },
      onChange: { value: "restart" },
      sendWindow: { days: [{ value: "mon" }, { value: "tue" }, { value: "wed" }, { value: "thu" }, { value: "fri" }], from: { value: "09:00" }, to: { value: "18:00" } },
      steps: [
        { kind: "action", label: { text: "intro" }, action: { kind: "send_email" } },
        { kind: "wait", dur: { seconds: 259200 } },
        {
          kind: "if",
          cond: { kind: "history" },
          then: [{ kind: "action" }],
          else: [{ kind: "if", cond: { kind: "tagged" }, then: [{ kind: "wait_time", days: [{ value: "sat" }, { value: "sun" }], time: { value: "09:30" } }], else: [{ kind: "wait_time" }, { kind: "action" }] }],
        },
        { kind: "wait_time", time: { value: "18:00" } },
        { kind: "wait_until", until: { kind: "history" }, atMost: { text: "7d" } },
        { kind: "action", action: { kind: "points", points: { value: 5 } } },
      ],
    });
    if (d.kind !== "campaign") throw new Error("not a campaign");
    expect(d.steps[3]).not.toHaveProperty("days");
  });

  it("reads the other enter and reentry forms", () => {
    const f = parseOk("campaign a { enter when in segment lapsed reenter every time }\ncampaign b { reenter once }\ncampaign c { reenter after 90d }");
    expect(f.decls).toMatchObject([
      { enter: { kind: "segment", segment: { text: "lapsed" } }, reentry: { kind: "every_time" } },
      { reentry: { kind: "once" } },
      { reentry: { kind: "after", dur: { text: "90d" } } },
    ]);
  });
});

describe("channels", () => {
  it("reads the type and string or env settings", () => {
    const f = parseOk(`channel email    { type smtp  url env("SMTP_URL")  from "marketing@example.com" }
channel dev_log  { type log }`);
    expect(f.decls).toMatchObject([
      {
        kind: "channel",
        type: { value: "smtp" },
        settings: [
          { key: { text: "url" }, value: { kind: "env", name: { value: "SMTP_URL" } } },
          { key: { text: "from" }, value: { kind: "string", value: { value: "marketing@example.com" } } },
        ],
      },
      { kind: "channel", type: { value: "log" }, settings: [] },
    ]);
  });
});
