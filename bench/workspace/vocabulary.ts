/**
 * The names a generated workspace declares and the conditions built from them.
 *
 * Every condition is written only over names that are declared (or built in) and with
 * operators that suit the type, so the workspace validates; the variety exists to exercise
 * every branch of both front ends, not to model a real company.
 */
import { pad, type Rng } from "../prng.js";
import type { FieldTypeName, Lit } from "./model.js";

export interface FieldSpec {
  name: string;
  type: FieldTypeName;
  default?: Lit;
  /** Sample values for conditions on strings and string lists. */
  values?: string[];
}

const INDUSTRIES = ["software", "retail", "finance", "healthcare", "education", "manufacturing", "media"];
const COUNTRIES = ["DE", "FR", "US", "GB", "NL", "ES", "SE", "PL"];
const PRODUCTS = ["crm", "erp", "analytics"];

export const FIELDS: FieldSpec[] = [
  { name: "job_title", type: "string", values: ["director", "vp", "chief", "manager", "engineer", "intern", "student"] },
  { name: "seniority", type: "string", values: ["junior", "mid", "senior", "executive"] },
  { name: "company_size", type: "number" },
  { name: "industry", type: "string", values: INDUSTRIES },
  { name: "country", type: "string", values: COUNTRIES },
  { name: "company_domain", type: "string", values: ["rival.example", "competitor.example", "acme.example"] },
  { name: "lead_source", type: "string", values: ["ads", "organic", "referral", "event", "partner"] },
  { name: "phone", type: "string", values: ["+49"] },
  { name: "sales_manager", type: "string", values: ["@example.com"] },
  { name: "annual_revenue", type: "number" },
  { name: "trial_ends_at", type: "timestamp" },
  { name: "marketing_suspended", type: "boolean", default: false },
  { name: "is_customer", type: "boolean", default: false },
  { name: "interests", type: "string[]", default: [], values: PRODUCTS },
  ...Array.from({ length: 24 }, (_, i): FieldSpec => {
    const types: FieldTypeName[] = ["string", "number", "boolean"];
    const type = types[i % 3] ?? "string";
    const name = `cf_${pad(i, 2)}`;
    if (type === "boolean") return { name, type, default: false };
    if (type === "number") return { name, type, default: 0 };
    return { name, type, values: [`v${i}a`, `v${i}b`, `v${i}c`] };
  }),
];

export interface EventSpec {
  name: string;
  /** Declared in the workspace (false: the standard catalog). */
  custom: boolean;
  props: [string, FieldTypeName][];
  /** Clicks, opens, page views: the scoring lints hold these to small points. */
  lowValue: boolean;
}

export const EVENTS: EventSpec[] = [
  { name: "page.visited", custom: false, props: [["url", "string"]], lowValue: true },
  { name: "email.opened", custom: false, props: [["email", "string"]], lowValue: true },
  { name: "email.clicked", custom: false, props: [["email", "string"], ["url", "string"]], lowValue: true },
  { name: "form.submitted", custom: false, props: [["form", "string"]], lowValue: false },
  { name: "purchase.completed", custom: false, props: [["amount", "number"], ["product", "string"]], lowValue: false },
  { name: "webinar.attended", custom: false, props: [["webinar", "string"]], lowValue: false },
  { name: "trial.started", custom: true, props: [["plan", "string"], ["seats", "number"]], lowValue: false },
  { name: "feature.used", custom: true, props: [["feature", "string"], ["uses", "number"]], lowValue: false },
  { name: "coupon.received", custom: true, props: [["code", "string"], ["value", "number"]], lowValue: false },
  ...Array.from({ length: 12 }, (_, i): EventSpec => ({
    name: `app.e${pad(i, 2)}`,
    custom: true,
    props: [["kind", "string"], ["value", "number"], ["product", "string"]],
    lowValue: false,
  })),
];

const PROP_STRINGS: Record<string, string[]> = {
  url: ["/pricing", "/careers", "/blog/", "/product/crm", "/product/erp", "/docs/", ".pdf", "/contact"],
  email: ["newsletter", "onboarding", "webinar-invite", "promo"],
  form: ["demo", "newsletter", "contact", "quote", "trial"],
  product: PRODUCTS,
  webinar: ["w-2026-01", "w-2026-02", "w-2026-03"],
  plan: ["starter", "team", "enterprise"],
  feature: ["export", "reports", "api", "sso"],
  code: ["SPRING", "WELCOME", "LOYAL"],
  kind: ["alpha", "beta", "gamma", "delta"],
};

/** A condition over one prop of `event` (for rule `if`, `when event ... if`, `did ... if`). */
export function propCondition(rng: Rng, event: EventSpec): string | undefined {
  if (event.props.length === 0) return undefined;
  const [prop, type] = rng.pick(event.props);
  if (type === "number") return `${prop} ${rng.pick([">=", ">", "<", "<=", "=="])} ${rng.pick([0, 1, 5, 10, 50, 100, 500])}`;
  const values = PROP_STRINGS[prop] ?? ["x"];
  const v = rng.pick(values);
  switch (rng.int(0, 5)) {
    case 0:
      return `${prop} == ${JSON.stringify(v)}`;
    case 1:
      return `${prop} in [${[...new Set([v, rng.pick(values)])].map((s) => JSON.stringify(s)).join(", ")}]`;
    case 2:
      return `${prop} startswith ${JSON.stringify(v)}`;
    case 3:
      return `${prop} != ${JSON.stringify(v)}`;
    default:
      return `${prop} contains ${JSON.stringify(v)}`;
  }
}

/** A condition over one declared field (fit rules and contact conditions). */
export function fieldCondition(rng: Rng): string {
  const f = rng.pick(FIELDS);
  const values = f.values ?? ["x"];
  switch (f.type) {
    case "number":
      return `${f.name} ${rng.pick([">=", ">", "<", "<="])} ${rng.pick([10, 50, 200, 1000, 5000])}`;
    case "boolean":
      return rng.chance(0.5) ? f.name : `not ${f.name}`;
    case "string[]":
      return `${f.name} contains ${JSON.stringify(rng.pick(values))}`;
    case "timestamp":
      return `${f.name} is set`;
    case "string":
      switch (rng.int(0, 6)) {
        case 0:
          return `${f.name} == ${JSON.stringify(rng.pick(values))}`;
        case 1:
          return `${f.name} in [${values.slice(0, 2).map((s) => JSON.stringify(s)).join(", ")}]`;
        case 2:
          return `${f.name} not in [${JSON.stringify(rng.pick(values))}]`;
        case 3: {
          // Only plain words make a pattern that is valid in the safe regex subset.
          const words = values.slice(0, 3).filter((v) => /^[a-z0-9]+$/i.test(v));
          if (words.length === 0) return `${f.name} == ${JSON.stringify(rng.pick(values))}`;
          return `${f.name} matches ${JSON.stringify(words.join("|"))}`;
        }
        case 4:
          return `${f.name} is ${rng.chance(0.5) ? "" : "not "}set`;
        case 5:
          return `${f.name} endswith ${JSON.stringify(rng.pick(values))}`;
        default:
          return `${f.name} != ${JSON.stringify(rng.pick(values))}`;
      }
  }
}

/** Names a contact-level condition may refer to besides fields. */
export interface ContactScope {
  engagementScores: string[];
  fitScores: string[];
  tags: string[];
  /** Segments declared before the one being written (no cycles). */
  segments: string[];
  pipelines: { name: string; stages: string[] }[];
}

/** One atom of a contact-level condition. */
function contactAtom(rng: Rng, scope: ContactScope): string {
  switch (rng.int(0, 11)) {
    case 0:
    case 1:
      return fieldCondition(rng);
    case 2:
      return `${rng.pick(scope.engagementScores)} >= ${rng.int(1, 9) * 10}`;
    case 3:
      return `${rng.pick(scope.fitScores)} ${rng.pick([">=", "<"])} ${rng.int(1, 5) * 10}`;
    case 4:
      return `interest[${rng.pick(PRODUCTS)}] >= ${rng.int(1, 6) * 10}`;
    case 5:
      return `tagged ${rng.pick(scope.tags)}`;
    case 6: {
      if (scope.segments.length === 0) return `interest[any] >= ${rng.int(1, 5) * 10}`;
      return `in segment ${rng.pick(scope.segments)}`;
    }
    case 7: {
      const p = rng.pick(scope.pipelines);
      const s = rng.pick(p.stages);
      const mode = rng.int(0, 2);
      if (mode === 0) return `stage ${p.name} is ${s}`;
      if (mode === 1) return `stage ${p.name} at least ${s}`;
      return `stage ${p.name} in [${p.stages.slice(1, 3).join(", ")}]`;
    }
    case 8: {
      const e = rng.pick(EVENTS);
      const cond = rng.chance(0.5) ? propCondition(rng, e) : undefined;
      const neg = rng.chance(0.2) ? "not " : "";
      return `did ${neg}${e.name}${cond === undefined ? "" : ` if ${cond}`} within ${rng.int(1, 12) * 5}d`;
    }
    case 9:
      return `count(${rng.pick(EVENTS).name} within ${rng.pick([7, 14, 30, 90])}d) >= ${rng.int(1, 5)}`;
    case 10:
      return `sum(amount of purchase.completed within ${rng.pick([30, 90, 180])}d) >= ${rng.pick([100, 500, 1000])}`;
    default:
      return rng.pick([
        `last_active before ${rng.int(3, 12) * 10}d ago`,
        `created_at after ${rng.int(1, 9) * 10}d ago`,
        `last_active within ${rng.int(1, 4)}w`,
      ]);
  }
}

/** A contact-level condition of 1–4 atoms joined by `and`/`or`, sometimes negated or grouped. */
export function contactCondition(rng: Rng, scope: ContactScope): string {
  const n = rng.weighted([
    [1, 4],
    [2, 4],
    [3, 2],
    [4, 1],
  ] as const);
  const atoms = Array.from({ length: n }, () => contactAtom(rng, scope));
  if (n === 1) return atoms[0] ?? "";
  if (n >= 3 && rng.chance(0.5)) {
    const [a, b, ...rest] = atoms;
    return [`(${a} or ${b})`, ...rest].join(" and ");
  }
  const joined = atoms.join(rng.chance(0.6) ? " and " : " or ");
  return rng.chance(0.1) ? `not (${joined})` : joined;
}
