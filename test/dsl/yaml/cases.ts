/**
 * The same content in both syntaxes: [what, DSL text, YAML text]. Shared by the parity
 * test (same AST) and the schema test (the YAML is valid authoring YAML).
 */
import { sample } from "./docs-yaml.js";

export const CASES: [string, string, string][] = [
  [
    "version, timezone, fields and events",
    `version "2026.11.1"
timezone "Europe/Berlin"
field job_title: string
field marketing_suspended: boolean = false
field interests: string[] = []
field seats: number = 5
event coupon.received { code: string, value: number }
event signup.done { }
`,
    `version: "2026.11.1"
timezone: Europe/Berlin
fields:
  job_title: string
  marketing_suspended: { type: boolean, default: false }
  interests: { type: "string[]", default: [] }
  seats: { type: number, default: 5 }
events:
  coupon.received: { code: string, value: number }
  signup.done: {}
`,
  ],
  [
    "scores",
    `score engagement "Engagement" { kind engagement limit -20..70 decay 10 every 7d after 14d inactive per product }
score fit { kind fit limit 0..100 }
score interest { decay half-life 14d per tag in [vip, partner] limit ..70 }
score by_stage { per stage of lifecycle }
score company_engagement for account { from contacts sum of engagement limit 0..500 }
`,
    `scores:
  engagement: { label: Engagement, kind: engagement, limit: -20..70, decay: 10 every 7d after 14d inactive, per: product }
  fit: { kind: fit, limit: 0..100 }
  interest: { decay: half-life 14d, per: "tag in [vip, partner]", limit: ..70 }
  by_stage: { per: stage of lifecycle }
  company_engagement: { for: account, from: contacts sum of engagement, limit: 0..500 }
`,
  ],
  [
    "rules",
    `rule "Clicked an email"  on email.clicked engagement +3
rule "Pricing page"      on page.visited if url contains "/pricing" engagement +20 at most 1 per 1d
rule "Asked for a demo"  on form.submitted if form == "demo" engagement +60 once
rule "Senior title"      when job_title matches "director|vp|chief" fit +30
`,
    `rules:
  Clicked an email: { on: email.clicked, score: engagement, points: +3 }
  Pricing page: { on: page.visited, if: url contains "/pricing", score: engagement, points: 20, at most: 1 per 1d }
  Asked for a demo: { on: form.submitted, if: form == "demo", score: engagement, points: "+60", once: true }
  Senior title: { when: job_title matches "director|vp|chief", score: fit, points: 30 }
`,
  ],
  [
    "segments and suppression",
    `segment do_not_score "Suppressed" { email endswith ".edu" or marketing_suspended or company_domain in ["rival.example", "other.example"] }
segment needs_feedback static
suppress engagement, interest while in do_not_score
`,
    `segments:
  do_not_score:
    label: Suppressed
    when: email endswith ".edu" or marketing_suspended or company_domain in ["rival.example", "other.example"]
  needs_feedback: { static: true }
suppress:
  do_not_score: [engagement, interest]
`,
  ],
  [
    "pipelines",
    `pipeline lifecycle "Lifecycle" {
  per product
  allow mql -> recycled
  allow lost -> engaged
  manual lock 30d
  stage unknown initial
  stage engaged when event page.visited
  stage mql "Marketing qualified" when engagement >= 60 and fit >= 20 when event form.submitted if form == "demo"
  stage confirmed manual
  stage customer when event purchase.completed if amount > 0 category succeeded
  stage lost category not_succeeded
}
pipeline accounts for account { allow backward stage new initial stage big when company_engagement >= 100 }
`,
    `pipelines:
  lifecycle:
    label: Lifecycle
    per: product
    allow: [mql -> recycled, lost -> engaged]
    manual lock: 30d
    stages:
      - unknown: { initial: true }
      - engaged: { when: event page.visited }
      - mql:
          label: Marketing qualified
          when: [engagement >= 60 and fit >= 20, event form.submitted if form == "demo"]
      - confirmed: { manual: true }
      - customer: { when: event purchase.completed if amount > 0, category: succeeded }
      - lost: { category: not_succeeded }
  accounts:
    for: account
    allow backward: true
    stages:
      - new: { initial: true }
      - big: { when: company_engagement >= 100 }
`,
  ],
  [
    "thresholds",
    `threshold mql when engagement >= 60 and fit >= 20 {
  cooldown 30d
  per product
  stage lifecycle.mql
  notify owner "mql-alert" via email
  notify "sales@example.com" "new-mql"
  feedback mql_quality
  tag hot
  untag cold
  add to needs_feedback
  remove from nurture_pool
  start nurture
  set marketing_suspended = true
  webhook crm_sync
}
`,
    `thresholds:
  mql:
    when: engagement >= 60 and fit >= 20
    cooldown: 30d
    per: product
    do:
      - stage lifecycle.mql
      - notify owner "mql-alert" via email
      - notify "sales@example.com" "new-mql"
      - feedback mql_quality
      - tag hot
      - untag cold
      - add to needs_feedback
      - remove from nurture_pool
      - start nurture
      - set marketing_suspended = true
      - webhook crm_sync
`,
  ],
  [
    "feedback loops",
    `feedback mql_quality {
  ask owner via email after 3d, then every 3d, at most 10 times, then escalate to sales_manager
  good_lead  -> stage lifecycle.sales_accepted
  bad_timing -> start nurture, tag nurture
  bad_fit    -> set marketing_suspended = true
  junk       -> delete contact after 30d
}
`,
    `feedback:
  mql_quality:
    ask: owner via email after 3d, then every 3d, at most 10 times, then escalate to sales_manager
    good_lead: [stage lifecycle.sales_accepted]
    bad_timing: [start nurture, tag nurture]
    bad_fit: set marketing_suspended = true
    junk: [delete contact after 30d]
`,
  ],
  [
    "campaigns",
    `campaign reactivate "Win back lapsed buyers" {
  enter when in segment lapsed_buyers
  leave when stage lifecycle is customer
  goal did purchase.completed
  reenter after 90d
  on change migrate
  send window mon-fri 09:00-18:00
  intro: send email "we-miss-you"
  wait 3d
  if did email.clicked within 3d {
    send email "offer"
  } else {
    wait until mon 09:00
    send email "last-chance"
  }
  wait until did email.clicked at most 7d
  points engagement +5
  delete contact after 30d
}
campaign welcome { enter on form.submitted if form == "newsletter" reenter once per form send email "hi" }
`,
    `campaigns:
  reactivate:
    label: Win back lapsed buyers
    enter: when in segment lapsed_buyers
    leave: when stage lifecycle is customer
    goal: did purchase.completed
    reenter: after 90d
    on change: migrate
    send window: mon-fri 09:00-18:00
    steps:
      - intro: send email "we-miss-you"
      - wait 3d
      - if: did email.clicked within 3d
        then: [send email "offer"]
        else: [wait until mon 09:00, send email "last-chance"]
      - wait until did email.clicked at most 7d
      - points engagement +5
      - delete contact after 30d
  welcome:
    enter: on form.submitted if form == "newsletter"
    reenter: once per form
    steps: [send email "hi"]
`,
  ],
  [
    "channels",
    `channel email    { type smtp  url env("SMTP_URL")  from "marketing@example.com" }
channel crm_sync { type webhook  url env("CRM_WEBHOOK_URL")  secret env("CRM_WEBHOOK_SECRET") }
channel dev_log  { type log }
`,
    `channels:
  email: { type: smtp, url: { env: SMTP_URL }, from: marketing@example.com }
  crm_sync: { type: webhook, url: { env: CRM_WEBHOOK_URL }, secret: { env: CRM_WEBHOOK_SECRET } }
  dev_log: { type: log }
`,
  ],
  [
    "comments",
    `# the version
version "1"
# scores below
# the main one
score engagement { limit 0..100 }
# fit
score fit { kind fit }
pipeline p {
  # first stage
  stage a initial
  # second stage
  stage b
}
campaign c {
  # say hi
  send email "hi"
  # then wait
  intro: wait 3d
}
# the end
`,
    `# the version
version: "1"
# scores below
scores:
  # the main one
  engagement: { limit: 0..100 }
  # fit
  fit: { kind: fit }
pipelines:
  p:
    stages:
      # first stage
      - a: { initial: true }
      # second stage
      - b
campaigns:
  c:
    steps:
      # say hi
      - send email "hi"
      # then wait
      - intro: wait 3d
# the end
`,
  ],
];

CASES.push([
  "end-of-line comments and comments inside bodies",
  `score engagement { limit 0..100 }  # eol
campaign c {
  send email "hi"  # after send
  if tagged vip {
    # vip only
    wait 1d
  }
  wait 2d
}
`,
  `scores:
  engagement: { limit: 0..100 }  # eol
campaigns:
  c:
    steps:
      - send email "hi"  # after send
      - if: tagged vip
        then:
          # vip only
          - wait 1d
      - wait 2d
`,
]);
CASES.push(["the B2B sample", sample("b2b.funnel"), sample("b2b.funnel.yaml")]);
