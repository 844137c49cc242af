/**
 * Hand-made version pairs of every example: the kinds of change a pull request to a funnel
 * makes (SPEC section 4). Each edit is a find/replace on one file of the example; a find
 * that no longer matches fails the test loudly, so the cases follow the examples.
 */
export interface Edit {
  file: string;
  find: string;
  replace: string;
}

export interface PlanCase {
  /** The example folder under `examples/` (its DSL edition). */
  example: string;
  /** kebab-case: the golden files are named after it. */
  name: string;
  edits: Edit[];
}

const b2b: PlanCase[] = [
  { example: "b2b", name: "threshold-raised", edits: [{ file: "lifecycle.funnel", find: "threshold mql when engagement >= 60", replace: "threshold mql when engagement >= 70" }] },
  {
    example: "b2b",
    name: "rule-added",
    edits: [
      {
        file: "scoring.funnel",
        find: 'rule "Attended a webinar"      on webinar.attended                            engagement +25\n',
        replace:
          'rule "Attended a webinar"      on webinar.attended                            engagement +25\nrule "Integrations page"       on page.visited if url contains "/integrations" engagement +12 at most 1 per 1d\n',
      },
    ],
  },
  { example: "b2b", name: "decay-changed", edits: [{ file: "scoring.funnel", find: "decay 10 every 7d", replace: "decay 20 every 7d" }] },
  { example: "b2b", name: "stage-inserted", edits: [{ file: "lifecycle.funnel", find: '  stage recycled "Recycled"\n', replace: '  stage nurturing "Nurturing"\n\n  stage recycled "Recycled"\n' }] },
  { example: "b2b", name: "campaign-step-removed", edits: [{ file: "nurture.funnel", find: '  best_of: send email "welcome-best-of-blog"\n', replace: "" }] },
  { example: "b2b", name: "rename", edits: [{ file: "scoring.funnel", find: 'rule "Pricing page"            on', replace: 'rule "Viewed pricing"          on' }] },
];

const webshop: PlanCase[] = [
  { example: "webshop", name: "stage-condition-changed", edits: [{ file: "stages.funnel", find: "within 90d) >= 500", replace: "within 90d) >= 300" }] },
  {
    example: "webshop",
    name: "stage-inserted",
    edits: [
      {
        file: "stages.funnel",
        find: '  stage loyal_customer "Loyal customer"\n',
        replace: '  stage repeat_buyer "Repeat buyer"\n    when count(purchase.completed within 90d) >= 2\n\n  stage loyal_customer "Loyal customer"\n',
      },
    ],
  },
  { example: "webshop", name: "wait-changed", edits: [{ file: "campaigns.funnel", find: "  we_miss_you: send email \"we-miss-you\"\n  wait 3d\n", replace: "  we_miss_you: send email \"we-miss-you\"\n  wait 5d\n" }] },
  { example: "webshop", name: "campaign-step-removed", edits: [{ file: "campaigns.funnel", find: '  last_call: send email "new-season-collection"\n', replace: "" }] },
  {
    example: "webshop",
    name: "rename",
    edits: [
      { file: "stages.funnel", find: 'segment loyal_customers "Loyal customers"', replace: 'segment big_spenders "Loyal customers"' },
      { file: "campaigns.funnel", find: "enter when in segment loyal_customers", replace: "enter when in segment big_spenders" },
    ],
  },
];

const multiProduct: PlanCase[] = [
  { example: "multi-product", name: "threshold-raised", edits: [{ file: "thresholds.funnel", find: "threshold product_mql when interest >= 40", replace: "threshold product_mql when interest >= 55" }] },
  {
    example: "multi-product",
    name: "rule-added",
    edits: [
      {
        file: "scoring.funnel",
        find: 'rule "Requested a quote"       on quote.requested                      interest +40\n',
        replace:
          'rule "Requested a quote"       on quote.requested                      interest +40\nrule "Viewed product docs"     on product.viewed if page == "docs"     interest +5 at most 2 per 1d\n',
      },
    ],
  },
  { example: "multi-product", name: "decay-changed", edits: [{ file: "scoring.funnel", find: "  decay 10 every 14d", replace: "  decay 10 every 7d" }] },
  { example: "multi-product", name: "stage-inserted", edits: [{ file: "pipelines.funnel", find: '  stage trial "In trial"\n', replace: '  stage evaluating "Evaluating"\n  stage trial "In trial"\n' }] },
  { example: "multi-product", name: "campaign-step-removed", edits: [{ file: "campaigns.funnel", find: '    case_study: send email "analytics-crm-case-study"\n', replace: "" }] },
];

const eventStages: PlanCase[] = [
  {
    example: "event-stages",
    name: "stage-inserted",
    edits: [
      {
        file: "event-stages.funnel",
        find: '  stage confirmed_lead "Confirmed lead" manual\n',
        replace: '  stage qualified_lead "Qualified lead"\n    when count(page.visited within 7d) >= 10\n\n  stage confirmed_lead "Confirmed lead" manual\n',
      },
    ],
  },
  { example: "event-stages", name: "trigger-removed", edits: [{ file: "event-stages.funnel", find: "    when event qr.scanned\n", replace: "" }] },
  { example: "event-stages", name: "campaign-wait-changed", edits: [{ file: "event-stages.funnel", find: "  wait 7d\n  reminder:", replace: "  wait 10d\n  reminder:" }] },
  { example: "event-stages", name: "manual-lock-shortened", edits: [{ file: "event-stages.funnel", find: "  manual lock 60d\n", replace: "  manual lock 30d\n" }] },
];

const ci: PlanCase[] = [
  { example: "ci/funnel", name: "threshold-raised", edits: [{ file: "model.funnel", find: "threshold mql when engagement >= 60", replace: "threshold mql when engagement >= 70" }] },
  {
    example: "ci/funnel",
    name: "rule-added",
    edits: [
      {
        file: "model.funnel",
        find: 'rule "Careers page"      on page.visited if url contains "/careers"  engagement -10\n',
        replace:
          'rule "Careers page"      on page.visited if url contains "/careers"  engagement -10\nrule "Docs page"         on page.visited if url contains "/docs"     engagement +5 at most 2 per 1d\n',
      },
    ],
  },
  { example: "ci/funnel", name: "decay-changed", edits: [{ file: "model.funnel", find: "decay 10 every 7d", replace: "decay 10 every 3d" }] },
  { example: "ci/funnel", name: "rename", edits: [{ file: "model.funnel", find: 'rule "Pricing page"      on', replace: 'rule "Pricing visit"     on' }] },
];

export const CASES: readonly PlanCase[] = [...b2b, ...webshop, ...multiProduct, ...eventStages, ...ci];
