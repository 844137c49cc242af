/**
 * Contact profiles for `contact.updated`: email addresses (mostly company addresses, with
 * the `.edu`, employee and competitor addresses suppression lists exist for), job titles
 * with a realistic seniority mix, company size, industry and country.
 */
import type { Rng } from "../prng.js";
import type { Props, WorkspaceVocabulary } from "./vocabulary.js";

const FIRST = ["anna", "ben", "clara", "david", "elif", "felix", "greta", "hannah", "ivan", "jonas", "karin", "lena", "marco", "nina", "omar", "paula", "rafael", "sara", "tom", "yuki"];
const LAST = ["schmidt", "meyer", "novak", "rossi", "dubois", "jansen", "kowalski", "garcia", "berg", "lindqvist", "okafor", "tanaka", "weber", "fischer", "moreau"];
const COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "wonka", "tyrell", "soylent", "cyberdyne", "oscorp", "aperture", "gringotts", "monarch"];
const UNIVERSITIES = ["tu-berlin.edu", "uni-hamburg.edu", "mit.edu", "ethz.edu"];
const FREEMAIL = ["gmail.example", "mail.example", "web.example"];

/** `[title, weight]`, grouped by seniority: executives, directors, managers, staff, juniors. */
const TITLES: readonly (readonly [string, number])[] = [
  ["CEO", 2], ["CTO", 1.5], ["CFO", 1], ["Founder", 1.5], ["Owner", 1], ["VP Sales", 1.5], ["Vice President Marketing", 1],
  ["Director of Marketing", 3], ["Head of IT", 3], ["Head of Operations", 2], ["Sales Director", 2],
  ["Marketing Manager", 7], ["IT Manager", 6], ["Team Lead Logistics", 4], ["Procurement Manager", 4],
  ["Software Engineer", 8], ["Data Analyst", 6], ["Consultant", 5], ["Sales Representative", 5], ["Accountant", 3],
  ["Assistant", 3], ["Intern", 2], ["Working Student", 1.5], ["Trainee", 1.5],
];
const INDUSTRIES: readonly (readonly [string, number])[] = [
  ["software", 5], ["manufacturing", 4], ["logistics", 3], ["wholesale", 2], ["retail", 3], ["finance", 2], ["healthcare", 2], ["public sector", 1],
];
const COUNTRIES: readonly (readonly [string, number])[] = [
  ["DE", 8], ["AT", 2], ["CH", 2], ["NL", 2], ["BE", 1], ["LU", 0.3], ["FR", 2], ["GB", 2], ["US", 3], ["PL", 1], ["ES", 1],
];

/** What kind of address a contact has; the odd ones are what suppression lists catch. */
export type EmailKind = "company" | "freemail" | "edu" | "employee" | "competitor";

export interface Profile {
  kind: EmailKind;
  /** `contact.updated` props: built-in `email`/`owner` and the workspace's declared fields. */
  props: Props;
  /** 0..1: how well the contact fits an ideal customer (drives feedback outcomes). */
  fit: number;
}

function companySize(rng: Rng): number {
  const bucket = rng.weighted([[0, 25], [1, 25], [2, 25], [3, 15], [4, 10]] as const);
  const ranges: readonly (readonly [number, number])[] = [[1, 9], [10, 49], [50, 499], [500, 4999], [5000, 100000]];
  const [lo, hi] = ranges[bucket] ?? [1, 9];
  return rng.int(lo, hi);
}

/** A new contact's profile for workspace `v`. */
export function makeProfile(rng: Rng, v: WorkspaceVocabulary, index: number): Profile {
  const kind = rng.weighted<EmailKind>([
    ["company", v.competitorDomains.length > 0 ? 80 : 55],
    ["freemail", v.competitorDomains.length > 0 ? 8 : 40],
    ["edu", 4],
    ["employee", 1],
    ["competitor", v.competitorDomains.length > 0 ? 2 : 0],
  ]);
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const company = `${rng.pick(COMPANIES)}${rng.int(1, 60)}`;
  const domain =
    kind === "edu" ? rng.pick(UNIVERSITIES)
    : kind === "employee" ? v.ownDomain
    : kind === "competitor" ? rng.pick(v.competitorDomains)
    : kind === "freemail" ? rng.pick(FREEMAIL)
    : `${company}.example`;
  // The index keeps addresses unique without a lookup table.
  const email = `${first}.${last}${index}@${domain}`;
  const title = kind === "edu" ? rng.pick(["Student", "Student", "Research Assistant"]) : rng.weighted(TITLES);
  const size = companySize(rng);
  const industry = rng.weighted(INDUSTRIES);
  const country = rng.weighted(COUNTRIES);
  const values: Props = {
    first_name: first[0]?.toUpperCase() + first.slice(1),
    job_title: title,
    company_name: `${company[0]?.toUpperCase()}${company.slice(1)} GmbH`,
    company_domain: kind === "freemail" ? "" : domain,
    company_size: size,
    industry,
    country,
    newsletter_opt_in: rng.chance(0.6),
  };
  const props: Props = { email, owner: `${rng.pick(["anna.berg", "tom.weber", "sara.rossi"])}@${v.ownDomain}` };
  for (const f of v.fields) {
    const value = values[f];
    if (value !== undefined && value !== "") props[f] = value;
  }
  const senior = /ceo|cto|cfo|founder|owner|vp|vice|director|head|manager|lead/i.test(title) ? 1 : 0;
  const sized = size >= 50 && size <= 5000 ? 1 : 0;
  const fit = kind === "company" ? 0.2 + 0.4 * senior + 0.3 * sized + 0.1 * rng.next() : 0.1 * rng.next();
  return { kind, props, fit };
}

/** A later change: a promotion, or a company that grew. Only declared fields. */
export function profileChange(rng: Rng, v: WorkspaceVocabulary): Props | undefined {
  if (v.fields.includes("job_title") && rng.chance(0.6)) return { job_title: rng.weighted(TITLES) };
  if (v.fields.includes("company_size")) return { company_size: companySize(rng) };
  return undefined;
}
