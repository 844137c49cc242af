/**
 * Issue 7's property: scores read at random times equal `simulate`'s.
 *
 * Random short b2b-like histories (decaying scores of both kinds, a per-dimension score, a
 * threshold with cooldown and feedback, a suppression segment, a time-relative segment, a
 * campaign with waits) go into real PostgreSQL through `ingestBatch`; in between, the due-work
 * functions run at random moments — the loops' activities (`decaySweep` per decaying score,
 * `dueTimersSweep`) and `runDueTimers` — or do not run at all. At random read times T every
 * contact is read through the path the API and the console use (`readContactSummary`: the
 * stored value decayed exactly to T) and must show `simulate --until T`'s scores.
 *
 * No Temporal here: the workflows only decide WHEN these functions run (tested under time
 * skipping in test/workflows/differential.test.ts); what is read must not depend on it.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileModel, simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary, runDueTimers } from "../../runtime/ingest/index.js";
import { createActivities } from "../../runtime/temporal/activities/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { compileDsl, truncateState } from "./helpers.js";

const T0 = Date.parse("2026-03-02T00:00:00Z");
const HOUR = 3_600_000;
/** The histories span this many hours; reads and sweeps fall up to two weeks after. */
const SPAN_H = 30 * 24;
const AFTER_H = 14 * 24;

const ir = compileDsl(`
version "1"
field job_title: string
field marketing_suspended: boolean = false
score engagement { limit 0..70  decay 10 every 7d }
score warmth { limit 0..50  decay half-life 3d after 1d inactive }
score interest { per product  limit 0..100  decay 5 every 2d }
score fit { kind fit  limit 0..100 }
rule "Visit"    on page.visited engagement +3
rule "Pricing"  on page.visited if url contains "/pricing" engagement +20 at most 1 per 1d
rule "Careers"  on page.visited if url contains "/careers" engagement -10
rule "Demo"     on form.submitted if form == "demo" engagement +60 once
rule "Warm"     on email.clicked warmth +7.5
rule "Bought"   on purchase.completed interest +35
rule "Senior"   when job_title matches "director|vp|chief" fit +30
rule "Corp"     when email endswith ".example" fit +10
segment do_not_score { email endswith ".edu" or marketing_suspended }
segment lapsed { last_active before 20d ago }
suppress engagement while in do_not_score
threshold mql when engagement >= 60 and fit >= 20 {
  cooldown 3d
  notify owner "mql-alert"
  feedback mql_quality
}
threshold warm when warmth >= 20 or interest[any] >= 60 { tag warm }
feedback mql_quality {
  ask owner via email after 1d, then every 2d, at most 3 times
  good_lead -> tag good
  bad_timing -> tag nurture
  bad_fit -> set marketing_suspended = true
  junk -> delete contact after 5d
}
campaign welcome {
  enter on form.submitted if form == "newsletter"
  leave when engagement >= 60
  hello: send email "welcome"
  wait 3d
  tour: send email "tour"
}
`);
const model = compileModel(ir);

const eventArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("page.visited"), props: fc.record({ url: fc.constantFrom("/", "/pricing", "/careers") }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("form.submitted"), props: fc.record({ form: fc.constantFrom("demo", "newsletter") }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("email.clicked"), props: fc.record({ email: fc.constant("n1"), url: fc.constant("/") }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant("purchase.completed"), props: fc.record({ amount: fc.integer({ min: 1, max: 500 }), product: fc.constantFrom("crm", "erp") }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("contact.updated"),
      props: fc.oneof(
        fc.record({ email: fc.constantFrom("a@corp.example", "b@uni.edu") }),
        fc.record({ job_title: fc.constantFrom("VP Sales", "Intern") }),
        fc.record({ owner: fc.constant("sam@example.com") }),
        fc.record({ marketing_suspended: fc.boolean() }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant("feedback.given"), props: fc.record({ loop: fc.constant("mql_quality"), outcome: fc.constantFrom("good_lead", "bad_timing", "bad_fit", "junk") }) }),
  },
);

interface RawEvent {
  id: string;
  contact: string;
  at: number;
  type: string;
  props: Record<string, unknown>;
}

/**
 * The history minus the events the engine refuses (an outcome for a contact that is no MQL):
 * the runtime and `simulate` then see the same input. A refusal depends only on what came
 * before, so refusals in the whole history are those of every prefix.
 */
function withoutRefused(events: RawEvent[]): RawEvent[] {
  const refused = new Set(simulate(ir, events).errors.map((e) => e.event));
  return events.filter((e) => !refused.has(e.id));
}

/** Which due-work function runs at a sweep moment (the loops' activities, or the one-shot `runDueTimers`). */
type SweepKind = "decay" | "due" | "all";

interface Case {
  events: RawEvent[];
  sweeps: { at: number; kinds: SweepKind[] }[];
  reads: { at: number; caughtUp: boolean }[];
}

/** Minutes and seconds too: a read or a sweep lands between ticks, on one, or just after. */
const timeArb = (maxH: number): fc.Arbitrary<number> =>
  fc.tuple(fc.integer({ min: 0, max: maxH }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 0, 1, 30)).map(([h, m, s]) => T0 + h * HOUR + m * 60_000 + s * 1000);

const caseArb: fc.Arbitrary<Case> = fc.record({
  events: fc
    .array(fc.tuple(fc.constantFrom("a", "b", "c"), timeArb(SPAN_H), eventArb), { minLength: 1, maxLength: 30 })
    .map((list) => list.map(([contact, at, e], i): RawEvent => ({ id: `e${String(i).padStart(3, "0")}`, contact, at, type: e.type, props: e.props })))
    .map(withoutRefused),
  sweeps: fc.array(
    fc.record({ at: timeArb(SPAN_H + AFTER_H), kinds: fc.subarray(["decay", "due", "all"] as SweepKind[], { minLength: 1 }) }),
    { maxLength: 6 },
  ),
  reads: fc.array(fc.record({ at: timeArb(SPAN_H + AFTER_H), caughtUp: fc.boolean() }), { minLength: 1, maxLength: 4 }),
});

let backend: Backend;
let db: Db;
beforeAll(async () => {
  backend = (BACKENDS[0] as { make: () => Backend }).make();
  db = await backend.migrated();
  await applyVersion(db, { ir, appliedBy: "decay-reads property" });
}, HOOK_TIMEOUT);
afterAll(() => backend?.dispose(), HOOK_TIMEOUT);

const activities = () => createActivities({ db, now: () => Number.NaN });
let runs = 0;

/** Runs the due-work functions `kinds` at `at`, as a loop or an operator would. */
async function sweep(at: number, kinds: readonly SweepKind[]): Promise<void> {
  const act = activities();
  for (const kind of kinds) {
    const runKey = `property/${runs}/${at}/${kind}`;
    if (kind === "decay") for (const score of ["engagement", "warmth", "interest"]) await act.decaySweep({ score, at, runKey: `${runKey}/${score}`, chunk: 2 });
    else if (kind === "due") await act.dueTimersSweep({ at, runKey, chunk: 2, fullRefresh: true });
    else await runDueTimers(db, model, at, { chunk: 2 });
  }
}

/**
 * Plays one case: the timeline of events (one batch per instant), sweeps and reads in time
 * order; a read compares every contact the history has reached by then with `simulate`.
 */
async function play(c: Case): Promise<string[]> {
  runs++;
  await truncateState(db);
  await db.exec("TRUNCATE workflow_dispatch, sweep_runs");
  type Step = { at: number; order: number; run: () => Promise<string[]> };
  const steps: Step[] = [];
  const byAt = new Map<number, RawEvent[]>();
  for (const e of c.events) byAt.set(e.at, [...(byAt.get(e.at) ?? []), e]);
  for (const [at, batch] of byAt) {
    steps.push({
      at,
      order: 0,
      run: async () => {
        const r = await ingestBatch(db, batch, { model });
        // A batch refused as a whole would leave nothing to compare: fail loudly.
        return r.ok ? [] : [`batch at ${new Date(at).toISOString()} refused: ${JSON.stringify(r.errors)}`];
      },
    });
  }
  for (const s of c.sweeps) steps.push({ at: s.at, order: 1, run: async () => (await sweep(s.at, s.kinds), []) });
  for (const r of c.reads) steps.push({ at: r.at, order: 2, run: () => compareAt(c.events, r.at, r.caughtUp) });
  // Same instant: events first (ingest at T is part of the state at T), then sweeps, then reads.
  steps.sort((x, y) => x.at - y.at || x.order - y.order);
  const problems: string[] = [];
  for (const s of steps) problems.push(...(await s.run()));
  return problems;
}

/** Scores that decay by half-life: their rounding restarts at every write (see `compareAt`). */
const HALF_LIFE = new Set(["warmth"]);
/** One rounding step (2 decimals) per write the runtime has not made yet, at most a few. */
const HALF_LIFE_SLACK = 0.011;

/**
 * Compares every contact the history has reached by T with `simulate --until T`.
 *
 * Caught up (the due work ran at T, as the loops do within seconds of a timer's time): the
 * whole summary must be simulate's — scores, stages, segments, thresholds, feedback.
 *
 * Behind (the due work last ran earlier, or never): a contact with no timer due is read
 * exactly (scores equal simulate's). A contact with a timer due but not fired yet shows exact
 * step-decay and fit scores, since a read decays exactly whatever fired; its half-life scores
 * may differ by the rounding of writes not made yet: a half-life value is rounded from its
 * last write (docs/semantics.md, Decay), and a due timer of any kind (a segment re-check, an
 * ask) writes the contact in `simulate`. Pending deletions are left to the caught-up reads.
 */
async function compareAt(events: readonly RawEvent[], T: number, caughtUp: boolean): Promise<string[]> {
  if (caughtUp) await runDueTimers(db, model, T, { chunk: 2 });
  const seen = events.filter((e) => e.at <= T);
  const sim = simulate(ir, seen, { until: T });
  const problems = sim.errors.map((e) => `simulate refused ${e.event}`);
  const pending = new Set(
    (await db.query<{ id: string }>("SELECT id FROM contacts WHERE next_timer_at <= $1::timestamptz", [new Date(T).toISOString()])).map((r) => r.id),
  );
  if (caughtUp && pending.size > 0) problems.push(`timers still due after runDueTimers at ${new Date(T).toISOString()}: ${[...pending].join(", ")}`);
  for (const id of new Set(seen.map((e) => e.contact))) {
    const expected = sim.contacts.find((x) => x.id === id);
    const stored = await readContactSummary(db, model, id, T);
    const where = `contact ${id} read at ${new Date(T).toISOString()}${caughtUp ? " (caught up)" : ""}`;
    if (caughtUp || !pending.has(id)) {
      const [got, want] = caughtUp ? [stored, expected] : [stored?.scores, expected?.scores];
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${where}: database ${JSON.stringify(got)}, simulate ${JSON.stringify(want)}`);
      continue;
    }
    if (expected?.deleted !== undefined) continue;
    for (const [score, want] of Object.entries(expected?.scores ?? {})) {
      const got = stored?.scores[score];
      const ok = got !== undefined && (HALF_LIFE.has(score) ? Math.abs(got - want) <= HALF_LIFE_SLACK : got === want);
      if (!ok) problems.push(`${where}, a timer due: ${score} is ${String(got)} in the database, ${want} in simulate`);
    }
  }
  return problems;
}

describe("scores read at random times", () => {
  it("equal simulate --until T's, whenever the decay and due-timer sweeps ran (or did not)", async () => {
    let reads = 0;
    let decayed = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const problems = await play(c);
        expect(problems).toEqual([]);
        reads += c.reads.length;
        // Count reads that saw a decayed value, so the property is known to have bitten.
        const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM ledger WHERE reason = 'decay'");
        decayed += row?.n ?? 0;
      }),
      { numRuns: 100, endOnFailure: true },
    );
    expect(reads).toBeGreaterThan(100);
    expect(decayed).toBeGreaterThan(0);
  }, 300_000);
});
