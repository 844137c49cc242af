/**
 * The event stream itself: contacts with power-law activity, sessions of page visits,
 * email opens and clicks, forms, webinars, purchases and workspace-specific events, profile
 * updates, unsubscribes, and sales feedback a few days after a contact looks like an MQL.
 *
 * Generated one day at a time and yielded in time order, so memory holds one day of events
 * plus a small state per contact — 10 M events stream through without being kept.
 */
import { createRng, type Rng } from "../prng.js";
import { makeProfile, profileChange, type Profile } from "./profile.js";
import { WORKSPACES, type Props, type WorkspaceName, type WorkspaceVocabulary } from "./vocabulary.js";

/** One NDJSON line of a history, keys in this order. */
export interface HistoryEvent {
  id: string;
  type: string;
  contact: string;
  at: string;
  props: Props;
}

export interface HistoryOptions {
  workspace: WorkspaceName;
  contacts: number;
  days: number;
  seed: number;
  /** ISO-8601; default `2026-01-01T00:00:00Z` (the scenario tests' default start). */
  start?: string;
  /** Mean sessions per contact per day; individual rates follow a power law around it. */
  sessionsPerDay?: number;
}

export const DEFAULT_START = "2026-01-01T00:00:00Z";
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface ContactState {
  id: string;
  rate: number;
  firstDay: number;
  profile?: Profile;
  unsubscribed: boolean;
  intent: number;
  intentAt: number;
  lastMql: number;
}

interface Pending {
  t: number;
  contact: string;
  type: string;
  props: Props;
}

/** Pareto with mean 1 (alpha 1.6): most contacts barely active, a few very active. */
function activity(rng: Rng): number {
  const alpha = 1.6;
  const xm = (alpha - 1) / alpha;
  return Math.min(200, xm / Math.pow(1 - rng.next(), 1 / alpha));
}

function poisson(rng: Rng, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rng)));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Office hours are busiest; some activity runs late into the evening. */
function timeOfDay(rng: Rng): number {
  const h = rng.chance(0.8) ? 13 + 3 * normal(rng) : 20 + 2 * normal(rng);
  return Math.floor(Math.min(Math.max(h, 0), 23.99) * HOUR);
}

function weightedValue(rng: Rng, items: readonly (readonly [string, number, number])[]): readonly [string, number, number] {
  return rng.weighted(items.map((i) => [i, i[1]] as const));
}

const FEEDBACK_BY_FIT: readonly (readonly [number, readonly (readonly [string, number])[]])[] = [
  [0.6, [["good_lead", 60], ["bad_timing", 25], ["bad_fit", 10], ["junk", 5]]],
  [0.3, [["good_lead", 30], ["bad_timing", 35], ["bad_fit", 25], ["junk", 10]]],
  [0, [["good_lead", 5], ["bad_timing", 15], ["bad_fit", 45], ["junk", 35]]],
];

/** Creates the day-by-day session simulation for one workspace. */
class Simulation {
  private readonly v: WorkspaceVocabulary;
  private readonly pending = new Map<number, Pending[]>();
  private readonly sessionKinds: (readonly [string, number])[];

  constructor(
    private readonly rng: Rng,
    private readonly opts: Required<HistoryOptions>,
    private readonly startMs: number,
  ) {
    this.v = WORKSPACES[opts.workspace];
    const s = this.v.sessions;
    this.sessionKinds = [
      ["browse", s.browse],
      ["email", s.email],
      ["form", this.v.forms.length > 0 ? s.form : 0],
      ["webinar", this.v.webinars.length > 0 ? s.webinar : 0],
      ["purchase", s.purchase],
      ...this.v.custom.map((c) => [`custom:${c.type}`, c.weight] as const),
    ];
  }

  private emit(t: number, contact: string, type: string, props: Props): void {
    const day = Math.floor((t - this.startMs) / DAY);
    if (day >= this.opts.days) return;
    let bucket = this.pending.get(day);
    if (bucket === undefined) this.pending.set(day, (bucket = []));
    bucket.push({ t, contact, type, props });
  }

  /** Everything that falls on `day`, in time order; later days' events stay pending. */
  takeDay(day: number): Pending[] {
    const bucket = this.pending.get(day) ?? [];
    this.pending.delete(day);
    // Stable: events with the same second keep the order they happened in.
    return bucket.sort((a, b) => a.t - b.t);
  }

  private identify(c: ContactState, t: number, index: number): void {
    if (c.profile !== undefined) return;
    c.profile = makeProfile(this.rng, this.v, index);
    this.emit(t, c.id, "contact.updated", c.profile.props);
  }

  private addIntent(c: ContactState, t: number, delta: number): void {
    // Roughly the workspaces' decay: 10 points a week.
    c.intent = Math.max(0, c.intent - (10 * (t - c.intentAt)) / (7 * DAY)) + delta;
    c.intentAt = t;
    const p = c.profile;
    const loop = this.v.feedbackLoop;
    if (loop === undefined || p === undefined || c.intent < this.v.mqlAt || t - c.lastMql < 60 * DAY) return;
    // Suppressed addresses never become MQLs, so sales never judges them.
    if (p.kind === "edu" || p.kind === "employee" || p.kind === "competitor") return;
    c.lastMql = t;
    const table = FEEDBACK_BY_FIT.find(([min]) => p.fit >= min)?.[1] ?? [];
    const outcome = this.rng.weighted(table);
    const answerDay = Math.floor((t - this.startMs) / DAY) + this.rng.int(2, 6);
    this.emit(this.startMs + answerDay * DAY + 8 * HOUR + this.rng.int(0, 9 * HOUR), c.id, "feedback.given", { loop, outcome });
  }

  session(c: ContactState, t0: number, index: number): void {
    const { rng, v } = this;
    let t = t0;
    const step = () => (t += 1000 * rng.int(20, 240));
    const kind = rng.weighted(this.sessionKinds);
    if (kind === "browse") {
      const pages = 1 + Math.min(12, Math.floor(-Math.log(1 - rng.next()) * 2));
      for (let i = 0; i < pages; i++) {
        const [url, , intent] = weightedValue(rng, v.urls);
        this.emit(step(), c.id, "page.visited", { url });
        this.addIntent(c, t, intent);
      }
    } else if (kind === "email") {
      if (c.profile === undefined || c.unsubscribed) return;
      const email = rng.pick(v.emails);
      this.emit(step(), c.id, "email.opened", { email });
      this.addIntent(c, t, 1);
      if (rng.chance(0.25)) {
        this.emit(step(), c.id, "email.clicked", { email, url: weightedValue(rng, v.urls)[0] });
        this.addIntent(c, t, 3);
      }
      if (rng.chance(0.008)) {
        c.unsubscribed = true;
        this.emit(step(), c.id, "email.unsubscribed", {});
      }
    } else if (kind === "form") {
      const [form, , intent] = weightedValue(rng, v.forms);
      this.identify(c, step(), index);
      this.emit(step(), c.id, "form.submitted", { form });
      this.addIntent(c, t, intent);
    } else if (kind === "webinar") {
      this.identify(c, step(), index);
      this.emit(step(), c.id, "webinar.attended", { webinar: rng.pick(v.webinars) });
      this.addIntent(c, t, 25);
    } else if (kind === "purchase") {
      this.identify(c, step(), index);
      const amount = Math.round(v.amount * Math.exp(0.6 * normal(rng)) * 100) / 100;
      this.emit(step(), c.id, "purchase.completed", { amount, product: rng.pick(v.products) });
    } else {
      const spec = v.custom.find((e) => `custom:${e.type}` === kind);
      if (spec === undefined) return;
      if (spec.identified === true) this.identify(c, step(), index);
      const props = spec.props(rng, v.products);
      this.emit(step(), c.id, spec.type, props);
      this.addIntent(c, t, spec.intent);
      // At most one follow-up (a deal is won or lost, not both), in the order listed.
      let r = rng.next();
      for (const f of spec.followUps ?? []) {
        if (r < f.chance) {
          this.emit(t + rng.int(f.afterDays[0], f.afterDays[1]) * DAY + rng.int(0, 8 * HOUR), c.id, f.type, f.props(rng, props));
          break;
        }
        r -= f.chance;
      }
    }
  }

  /** Sessions and profile changes of one contact on one day. */
  day(c: ContactState, day: number, index: number): void {
    const { rng } = this;
    const dayStart = this.startMs + day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const factor = weekday === 0 || weekday === 6 ? 0.4 : 1.15;
    let sessions = poisson(rng, c.rate * this.opts.sessionsPerDay * factor);
    if (day === c.firstDay) sessions = Math.max(1, sessions);
    const starts = Array.from({ length: sessions }, () => dayStart + timeOfDay(rng)).sort((a, b) => a - b);
    // Some contacts are known from the start (imported, or a sign-up before the window).
    if (day === c.firstDay && rng.chance(0.35)) this.identify(c, Math.max(dayStart, (starts[0] ?? dayStart) - 1000 * rng.int(1, 600)), index);
    for (const t of starts) this.session(c, t, index);
    if (c.profile !== undefined && rng.chance(0.002)) {
      const change = profileChange(rng, this.v);
      if (change !== undefined) this.emit(dayStart + timeOfDay(rng), c.id, "contact.updated", change);
    }
  }
}

/** Contact ids: `c000001`… (wide enough to sort as text up to 10 M contacts). */
export function contactId(i: number): string {
  return `c${String(i).padStart(7, "0")}`;
}

/**
 * The history, event by event, in time order (`at` never decreases), with unique ids.
 * Deterministic: same options → same events.
 */
export function* generateHistory(options: HistoryOptions): Generator<HistoryEvent> {
  const opts: Required<HistoryOptions> = { start: DEFAULT_START, sessionsPerDay: 0.15, ...options };
  const startMs = Date.parse(opts.start);
  if (Number.isNaN(startMs)) throw new Error(`not an ISO-8601 time: ${opts.start}`);
  const rng = createRng(opts.seed);
  const sim = new Simulation(rng, opts, startMs);
  const contacts: ContactState[] = [];
  for (let i = 0; i < opts.contacts; i++) {
    contacts.push({
      id: contactId(i + 1),
      rate: activity(rng),
      firstDay: rng.chance(0.4) ? 0 : rng.int(0, Math.max(0, opts.days - 1)),
      unsubscribed: false,
      intent: 0,
      intentAt: startMs,
      lastMql: -Infinity,
    });
  }
  let n = 0;
  for (let day = 0; day < opts.days; day++) {
    contacts.forEach((c, i) => {
      if (c.firstDay <= day) sim.day(c, day, i + 1);
    });
    for (const e of sim.takeDay(day)) {
      n++;
      yield { id: `e${opts.seed}-${n}`, type: e.type, contact: e.contact, at: new Date(e.t - (e.t % 1000)).toISOString(), props: e.props };
    }
  }
}
