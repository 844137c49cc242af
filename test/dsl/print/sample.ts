/** The SPEC's sample workspace as a hand-built AST, and its canonical DSL and YAML text. */
import type { Decl, FileAst } from "../../../dsl/ast.js";
import { S, a, c, decl, dur, file, lit, n, num, s, stage, step, tok } from "./build.js";

export function sampleAst(): FileAst {
  const rule = (name: string, event: string | undefined, cond: ReturnType<typeof c.bare> | undefined, score: string, points: number, extra: object = {}): Decl =>
    decl({
      kind: "rule",
      name: n(name),
      trigger: event === undefined ? { kind: "fit", when: cond ?? c.bare("x"), span: S } : { kind: "event", event: n(event), ...(cond ? { if: cond } : {}), span: S },
      score: n(score),
      points: num(points),
      ...extra,
    });
  return file(
    [
      decl({ kind: "version", value: s("2026.11.1"), comments: ["The marketing funnel of Example Inc."] }),
      decl({ kind: "field", name: n("job_title"), type: tok("string") }),
      decl({ kind: "field", name: n("marketing_suspended"), type: tok("boolean"), default: lit.bool(false) }),
      decl({
        kind: "score",
        name: n("engagement"),
        limit: { min: num(-20), max: num(70), span: S },
        decay: { model: "step", amount: num(10), every: dur("7d"), span: S },
      }),
      decl({ kind: "score", name: n("fit"), scoreKind: tok("fit"), limit: { min: num(0), max: num(100), span: S } }),
      rule("Clicked an email", "email.clicked", undefined, "engagement", 3),
      rule("Pricing page", "page.visited", c.cmp("url", "contains", lit.str("/pricing")), "engagement", 20, {
        atMost: { count: num(1), per: dur("1d"), span: S },
      }),
      rule("Senior title", undefined, c.cmp("job_title", "matches", lit.str("director|vp|chief")), "fit", 30),
      decl({
        kind: "segment",
        name: n("do_not_score"),
        label: s("Suppressed"),
        when: c.or(
          c.cmp("email", "endswith", lit.str(".edu")),
          c.bare("marketing_suspended"),
          c.cmp("company_domain", "in", lit.list(lit.str("rival.example"))),
        ),
      }),
      decl({ kind: "suppress", scores: [n("engagement")], segment: n("do_not_score") }),
      decl({
        kind: "pipeline",
        name: n("lifecycle"),
        allows: [],
        stages: [
          stage("unknown", { initial: S }),
          stage("engaged", { triggers: [{ kind: "event", event: n("page.visited"), span: S }] }),
          stage("mql", { comments: ["set by the mql threshold"] }),
          stage("customer", { triggers: [{ kind: "event", event: n("purchase.completed"), span: S }], category: tok("succeeded") }),
        ],
      }),
      decl({
        kind: "threshold",
        name: n("mql"),
        when: c.and(c.cmp("engagement", ">=", lit.num(60)), c.cmp("fit", ">=", lit.num(20))),
        actions: [a.stage("lifecycle", "mql"), a.notify("mql-alert"), a.feedback("mql_quality")],
      }),
      decl({
        kind: "feedback",
        name: n("mql_quality"),
        ask: { to: { kind: "owner", span: S }, channel: n("email"), after: dur("3d"), every: dur("3d"), times: num(10), span: S },
        outcomes: [
          { outcome: n("good_lead"), actions: [a.stage("lifecycle", "sales_accepted")], span: S },
          { outcome: n("bad_timing"), actions: [a.start("nurture"), a.tag("nurture")], span: S },
          { outcome: n("junk"), actions: [a.deleteContact("30d")], span: S },
        ],
      }),
      decl({
        kind: "campaign",
        name: n("reactivate"),
        enter: { kind: "segment", segment: n("lapsed_buyers"), span: S },
        steps: [
          step({ kind: "action", action: a.sendEmail("we-miss-you"), label: n("intro") }),
          step({ kind: "wait", dur: dur("3d") }),
          step({
            kind: "if",
            cond: c.did("email.clicked", undefined, "3d"),
            then: [step({ kind: "action", action: a.sendEmail("offer") })],
            else: [
              step({ kind: "wait_time", days: [tok("mon")], time: s("09:00"), comments: ["give them the weekend"] }),
              step({ kind: "action", action: a.sendEmail("last-chance") }),
            ],
          }),
        ],
      }),
      decl({
        kind: "channel",
        name: n("email"),
        type: tok("smtp"),
        settings: [{ key: n("url"), value: { kind: "env", name: s("SMTP_URL"), span: S }, span: S }],
      }),
    ],
    ["end of file"],
  );
}

export const SAMPLE_DSL = `# The marketing funnel of Example Inc.
version "2026.11.1"

field job_title: string
field marketing_suspended: boolean = false

score engagement { limit -20..70  decay 10 every 7d }
score fit { kind fit  limit 0..100 }

rule "Clicked an email"  on email.clicked                            engagement +3
rule "Pricing page"      on page.visited if url contains "/pricing"  engagement +20 at most 1 per 1d
rule "Senior title"      when job_title matches "director|vp|chief"  fit +30

segment do_not_score "Suppressed" {
  email endswith ".edu" or marketing_suspended or company_domain in ["rival.example"]
}

suppress engagement while in do_not_score

pipeline lifecycle {
  stage unknown initial
  stage engaged
    when event page.visited
  # set by the mql threshold
  stage mql
  stage customer category succeeded
    when event purchase.completed
}

threshold mql when engagement >= 60 and fit >= 20 {
  stage lifecycle.mql
  notify owner "mql-alert"
  feedback mql_quality
}

feedback mql_quality {
  ask owner via email after 3d, then every 3d, at most 10 times

  good_lead  -> stage lifecycle.sales_accepted
  bad_timing -> start nurture, tag nurture
  junk       -> delete contact after 30d
}

campaign reactivate {
  enter when in segment lapsed_buyers

  intro: send email "we-miss-you"
  wait 3d
  if did email.clicked within 3d {
    send email "offer"
  } else {
    # give them the weekend
    wait until mon 09:00
    send email "last-chance"
  }
}

channel email { type smtp  url env("SMTP_URL") }

# end of file
`;

export const SAMPLE_YAML = `# The marketing funnel of Example Inc.
version: "2026.11.1"

fields:
  job_title: string
  marketing_suspended: { type: boolean, default: false }

scores:
  engagement: { limit: -20..70, decay: 10 every 7d }
  fit: { kind: fit, limit: 0..100 }

rules:
  Clicked an email: { on: email.clicked, score: engagement, points: +3 }
  Pricing page: { on: page.visited, if: url contains "/pricing", score: engagement, points: +20, at most: 1 per 1d }
  Senior title: { when: job_title matches "director|vp|chief", score: fit, points: +30 }

segments:
  do_not_score:
    label: Suppressed
    when: email endswith ".edu" or marketing_suspended or company_domain in ["rival.example"]

suppress:
  do_not_score: [engagement]

pipelines:
  lifecycle:
    stages:
      - unknown: { initial: true }
      - engaged: { when: event page.visited }
      # set by the mql threshold
      - mql
      - customer: { category: succeeded, when: event purchase.completed }

thresholds:
  mql:
    when: engagement >= 60 and fit >= 20
    do:
      - stage lifecycle.mql
      - notify owner "mql-alert"
      - feedback mql_quality

feedback:
  mql_quality:
    ask: owner via email after 3d, then every 3d, at most 10 times

    good_lead: stage lifecycle.sales_accepted
    bad_timing: [start nurture, tag nurture]
    junk: delete contact after 30d

campaigns:
  reactivate:
    enter: when in segment lapsed_buyers
    steps:
      - intro: send email "we-miss-you"
      - wait 3d
      - if: did email.clicked within 3d
        then: [send email "offer"]
        else:
          # give them the weekend
          - wait until mon 09:00
          - send email "last-chance"

channels:
  email: { type: smtp, url: { env: SMTP_URL } }

# end of file
`;
