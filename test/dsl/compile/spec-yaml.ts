/** The SPEC section 2 example (as completed in helpers.ts) written in YAML. */
export const SPEC_YAML = `version: "2026.11.1"
fields:
  job_title: string
  marketing_suspended: { type: boolean, default: false }
  company_domain: string
scores:
  engagement: { limit: "-20..70", decay: "10 every 7d" }
  fit: { kind: fit, limit: "0..100" }
rules:
  Clicked an email: { on: email.clicked, score: engagement, points: 3 }
  Pricing page: { on: page.visited, if: 'url contains "/pricing"', score: engagement, points: 20, at most: 1 per 1d }
  Careers page: { on: page.visited, if: 'url contains "/careers"', score: engagement, points: -10 }
  Asked for a demo: { on: form.submitted, if: 'form == "demo"', score: engagement, points: 60 }
  Senior title: { when: 'job_title matches "director|vp|chief"', score: fit, points: 30 }
segments:
  do_not_score:
    label: Suppressed
    when: 'email endswith ".edu" or marketing_suspended or company_domain in ["rival.example"]'
suppress:
  do_not_score: [engagement]
pipelines:
  lifecycle:
    stages:
      - unknown: { initial: true }
      - engaged: { when: ["event page.visited"] }
      - mql: {}
      - sales_accepted: {}
      - customer: { when: ["event purchase.completed"], category: succeeded }
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
    good_lead: [stage lifecycle.sales_accepted]
    bad_timing: [start nurture]
    bad_fit: [set marketing_suspended = true]
    junk: [delete contact after 30d]
campaigns:
  nurture:
    steps:
      - send email "nurture-1"
      - wait 7d
      - send email "nurture-2"
`;
