/**
 * What people do, per example workspace: one small table each.
 *
 * The names (event types, props, form ids, url paths, fields) match what `examples/NAME`
 * declares and scores, so a generated history exercises its rules; `intent` is a rough
 * stand-in for the workspace's engagement points, used only to decide who is a likely MQL
 * and so when sales would give feedback.
 */
import type { Rng } from "../prng.js";

export type Props = Record<string, string | number | boolean>;

/** `[value, weight, intent]` */
export type Weighted = readonly [string, number, number];

export interface CustomEvent {
  type: string;
  /** Relative frequency among sessions. */
  weight: number;
  intent: number;
  /** Only contacts who left an email address do this (e.g. a purchase or a CRM deal). */
  identified?: boolean;
  props(rng: Rng, products: readonly string[]): Props;
  /** What may follow days later (a CRM deal is won or lost), given this event's props. */
  followUps?: readonly FollowUp[];
}

export interface FollowUp {
  type: string;
  chance: number;
  /** `[min, max]` whole days after the event. */
  afterDays: readonly [number, number];
  props(rng: Rng, first: Props): Props;
}

export interface WorkspaceVocabulary {
  urls: readonly Weighted[];
  /** Email (campaign) ids for `email.opened` / `email.clicked`. */
  emails: readonly string[];
  forms: readonly Weighted[];
  webinars: readonly string[];
  products: readonly string[];
  /** Median purchase amount. */
  amount: number;
  /** Relative frequencies of the built-in session kinds. */
  sessions: { browse: number; email: number; form: number; webinar: number; purchase: number };
  custom: readonly CustomEvent[];
  /** Declared fields (besides the built-in `email` and `owner`) that `contact.updated` sets. */
  fields: readonly string[];
  /** The feedback loop sales answers for MQLs, if the workspace has one. */
  feedbackLoop?: string;
  /** Intent (≈ engagement points) at which a contact is a likely MQL. */
  mqlAt: number;
  ownDomain: string;
  competitorDomains: readonly string[];
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => rng.pick(xs);

const B2B: WorkspaceVocabulary = {
  urls: [
    ["/", 10, 1],
    ["/blog/lead-scoring-101", 8, 2],
    ["/blog/crm-migration", 6, 2],
    ["/product", 6, 1],
    ["/pricing", 4, 20],
    ["/customers/acme", 2, 12],
    ["/careers", 2, -10],
    ["/careers/sales-engineer", 1, -10],
    ["/suppliers", 1, -20],
    ["/investors", 0.5, -10],
  ],
  emails: ["newsletter-2026-01", "newsletter-2026-02", "webinar-invite", "case-study", "product-update"],
  forms: [
    ["newsletter", 6, 5],
    ["event_registration", 2, 5],
    ["brochure", 3, 15],
    ["demo", 1.5, 60],
    ["contact_sales", 1, 60],
  ],
  webinars: ["scoring-basics", "crm-roadmap-2026", "customer-panel"],
  products: ["crm", "erp", "analytics"],
  amount: 4800,
  sessions: { browse: 50, email: 35, form: 8, webinar: 3, purchase: 0.6 },
  custom: [
    { type: "trade_show.visited", weight: 1, intent: 30, props: (rng) => ({ show: pick(rng, ["cebit-2026", "dmexco-2026", "logimat-2026"]) }) },
    {
      type: "crm.deal_opened",
      weight: 0.4,
      intent: 0,
      identified: true,
      props: (rng) => ({ deal_id: `D-${rng.int(10000, 99999)}`, amount: rng.int(5, 200) * 500 }),
      // Of the deals sales opens, about a third are won and half lost within weeks.
      followUps: [
        { type: "crm.deal_won", chance: 0.35, afterDays: [14, 60], props: (_rng, d) => ({ deal_id: d.deal_id ?? "", amount: d.amount ?? 0 }) },
        {
          type: "crm.deal_lost",
          chance: 0.5,
          afterDays: [10, 45],
          props: (rng, d) => ({ deal_id: d.deal_id ?? "", reason: rng.pick(["price", "timing", "competitor", "no_decision"]) }),
        },
      ],
    },
  ],
  fields: ["first_name", "job_title", "company_name", "company_domain", "company_size", "industry", "country"],
  feedbackLoop: "mql_quality",
  mqlAt: 60,
  ownDomain: "northwind.example",
  competitorDomains: ["contoso.example", "fabrikam.example", "tailspin.example"],
};

const WEBSHOP: WorkspaceVocabulary = {
  urls: [
    ["/", 10, 1],
    ["/shop/tents", 6, 2],
    ["/shop/backpacks", 6, 2],
    ["/shop/jackets", 5, 2],
    ["/sale", 3, 3],
    ["/cart", 2, 5],
    ["/blog/packing-list", 3, 1],
  ],
  emails: ["newsletter", "we-miss-you", "offer", "last-chance", "premium-range"],
  forms: [["newsletter", 4, 5], ["contact", 1, 2]],
  webinars: [],
  products: ["tents", "backpacks", "jackets", "boots"],
  amount: 120,
  sessions: { browse: 55, email: 30, form: 3, webinar: 0, purchase: 6 },
  custom: [],
  fields: ["first_name", "newsletter_opt_in"],
  mqlAt: 1000,
  ownDomain: "bergfeld-outdoor.example",
  competitorDomains: [],
};

const productPage = (rng: Rng, products: readonly string[]): Props => ({
  product: pick(rng, products),
  page: pick(rng, ["overview", "overview", "features", "pricing", "integrations"]),
});

const MULTI_PRODUCT: WorkspaceVocabulary = {
  urls: [
    ["/", 10, 1],
    ["/blog/", 5, 1],
    ["/careers", 1, -10],
    ["/about", 2, 0],
  ],
  emails: ["product-news", "webinar-invite", "analytics-cross-sell", "seasonal-news"],
  forms: [["newsletter", 3, 5], ["contact", 1, 10]],
  webinars: ["crm-live", "erp-roadmap", "analytics-deep-dive"],
  products: ["crm", "erp", "analytics"],
  amount: 9000,
  sessions: { browse: 25, email: 30, form: 3, webinar: 3, purchase: 0.5 },
  custom: [
    { type: "product.viewed", weight: 30, intent: 3, props: productPage },
    { type: "trial.started", weight: 1.5, intent: 25, props: (rng, p) => ({ product: pick(rng, p) }) },
    { type: "demo.requested", weight: 0.8, intent: 40, props: (rng, p) => ({ product: pick(rng, p) }) },
    {
      type: "quote.requested",
      weight: 0.5,
      intent: 40,
      identified: true,
      props: (rng, p) => ({ product: pick(rng, p), seats: rng.int(1, 40) * 5 }),
    },
  ],
  fields: ["job_title", "company_size"],
  mqlAt: 40,
  ownDomain: "quantumworks.example",
  competitorDomains: [],
};

const EVENT_STAGES: WorkspaceVocabulary = {
  urls: [
    ["/", 10, 1],
    ["/teas/green", 5, 1],
    ["/teas/oolong", 4, 1],
    ["/tasting", 2, 2],
    ["/wholesale", 1, 3],
  ],
  emails: ["welcome", "coupon-reminder", "new-harvest"],
  forms: [
    ["tasting_booking", 2, 10],
    ["wholesale_enquiry", 1, 10],
    ["gift_card", 1, 10],
    ["newsletter", 3, 2],
  ],
  webinars: [],
  products: ["green_tea", "oolong", "tea_set", "gift_card"],
  amount: 45,
  sessions: { browse: 45, email: 30, form: 4, webinar: 0, purchase: 4 },
  custom: [
    { type: "qr.scanned", weight: 6, intent: 1, props: (rng) => ({ location: pick(rng, ["table_card", "shop_window", "packaging"]) }) },
    {
      type: "coupon.received",
      weight: 2,
      intent: 5,
      identified: true,
      props: (rng) => ({ code: pick(rng, ["WELCOME10", "TASTE5", "SPRING"]), value: pick(rng, [5, 10, 15]) }),
    },
  ],
  fields: [],
  mqlAt: 1000,
  ownDomain: "lotus-tea.example",
  competitorDomains: [],
};

/** The example workspaces a history can be generated for, by folder name (`-yaml`: the same workspace in YAML). */
export const WORKSPACES = {
  b2b: B2B,
  "b2b-yaml": B2B,
  webshop: WEBSHOP,
  "webshop-yaml": WEBSHOP,
  "multi-product": MULTI_PRODUCT,
  "event-stages": EVENT_STAGES,
} as const satisfies Record<string, WorkspaceVocabulary>;

export type WorkspaceName = keyof typeof WORKSPACES;

export function isWorkspaceName(s: string): s is WorkspaceName {
  return Object.hasOwn(WORKSPACES, s);
}
