import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  compileModel,
  emptySimulation,
  runSimulation,
  simulate,
  summarize,
  type ContactState,
  type Effect,
  type LedgerEffect,
  type SimulationState,
} from "../../runtime/engine/index.js";
import { compileDsl, DAY, HOUR, T0 } from "./helpers.js";

// A config that exercises every moving part at once.
const ir = compileDsl(`
version "1"
field job_title: string
field marketing_suspended: boolean = false
score engagement { limit -20..70  decay 10 every 7d }
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
segment pricing_curious { did page.visited if url contains "/pricing" within 5d }
segment lapsed { last_active before 20d ago }
suppress engagement, fit while in do_not_score
pipeline lifecycle {
  allow backward
  stage unknown initial
  stage engaged when event page.visited
  stage mql when engagement >= 60 and fit >= 20
  stage sales_accepted manual
  stage customer when event purchase.completed
}
threshold mql when engagement >= 60 and fit >= 20 {
  cooldown 3d
  notify owner "mql-alert"
  feedback mql_quality
}
threshold warm when warmth >= 20 or interest[any] >= 60 { tag warm }
feedback mql_quality {
  ask owner via email after 1d, then every 2d, at most 3 times
  good_lead -> stage lifecycle.sales_accepted
  bad_timing -> tag nurture
  bad_fit -> set marketing_suspended = true
  junk -> delete contact after 5d
}
`);
const model = compileModel(ir);

const eventArb = fc.oneof(
  fc.record({ type: fc.constant("page.visited"), props: fc.record({ url: fc.constantFrom("/", "/pricing", "/careers") }) }),
  fc.record({ type: fc.constant("form.submitted"), props: fc.record({ form: fc.constantFrom("demo", "other") }) }),
  fc.record({ type: fc.constant("email.clicked"), props: fc.record({ email: fc.constant("n1"), url: fc.constant("/") }) }),
  fc.record({
    type: fc.constant("purchase.completed"),
    props: fc.record({ amount: fc.integer({ min: 1, max: 500 }), product: fc.constantFrom("crm", "erp") }),
  }),
  fc.record({
    type: fc.constant("contact.updated"),
    props: fc.oneof(
      fc.record({ email: fc.constantFrom("a@corp.example", "b@uni.edu") }),
      fc.record({ job_title: fc.constantFrom("VP Sales", "Intern") }),
      fc.record({ owner: fc.constant("sam@example.com") }),
      fc.record({ marketing_suspended: fc.boolean() }),
    ),
  }),
  fc.record({ type: fc.constant("feedback.given"), props: fc.record({ loop: fc.constant("mql_quality"), outcome: fc.constantFrom("good_lead", "bad_timing", "bad_fit", "junk") }) }),
  fc.record({ type: fc.constant("stage.set"), props: fc.record({ pipeline: fc.constant("lifecycle"), stage: fc.constantFrom("engaged", "sales_accepted"), by: fc.constant("sam") }) }),
);

const historyArb = fc
  .array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer({ min: 0, max: 60 * 24 }), eventArb), { minLength: 1, maxLength: 40 })
  .map((list) => list.map(([contact, hour, e], i) => ({ id: `e${String(i).padStart(3, "0")}`, contact, at: T0 + hour * HOUR, ...e })));

const UNTIL = T0 + 70 * DAY;

function cellsOf(sim: SimulationState): [ContactState, string, string, number][] {
  const out: [ContactState, string, string, number][] = [];
  for (const st of Object.values(sim.contacts)) {
    for (const [score, cells] of Object.entries(st.scores)) for (const [key, cell] of Object.entries(cells)) out.push([st, score, key, cell.value]);
  }
  return out;
}

describe("engine properties", () => {
  test("the ledger sums to the score, for every contact, score and key", () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const sim = emptySimulation();
        const { effects } = runSimulation(model, sim, events, UNTIL);
        const sums = new Map<string, number>();
        for (const e of effects) if (e.type === "ledger") sums.set(`${e.contact}/${e.score}/${e.key}`, (sums.get(`${e.contact}/${e.score}/${e.key}`) ?? 0) + e.delta);
        for (const [st, score, key, value] of cellsOf(sim)) expect(sums.get(`${st.id}/${score}/${key}`) ?? 0).toBeCloseTo(value, 6);
      }),
      { numRuns: 150 },
    );
  });

  test("limits always hold: after every input, and in every ledger row that ends an input", () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const sim = emptySimulation();
        const { effects } = runSimulation(model, sim, events, UNTIL);
        for (const [, score, , value] of cellsOf(sim)) {
          const sm = model.scores.get(score);
          expect(value).toBeGreaterThanOrEqual(Math.min(sm?.min ?? -Infinity, 0));
          expect(value).toBeLessThanOrEqual(sm?.max ?? Infinity);
        }
        const last = new Map<string, LedgerEffect>();
        const check = (): void => {
          for (const row of last.values()) {
            const sm = model.scores.get(row.score);
            if (row.reason === "suppression") continue;
            expect(row.value).toBeLessThanOrEqual(sm?.max ?? Infinity);
            expect(row.value).toBeGreaterThanOrEqual(sm?.min ?? -Infinity);
          }
          last.clear();
        };
        let event: string | null | undefined;
        for (const e of effects) {
          if (e.type !== "ledger") continue;
          if (e.event !== event) check();
          event = e.event;
          last.set(`${e.contact}/${e.score}/${e.key}`, e);
        }
        check();
      }),
      { numRuns: 150 },
    );
  });

  test("the same history gives the same output, byte for byte, whatever the input order", () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), (events, seed) => {
        const once = JSON.stringify(simulate(ir, events, { until: UNTIL, ledger: true }));
        const shuffled = [...events].sort((a, b) => ((a.id.charCodeAt(3) * 31 + seed) % 7) - ((b.id.charCodeAt(3) * 31 + seed) % 7));
        expect(JSON.stringify(simulate(ir, shuffled, { until: UNTIL, ledger: true }))).toBe(once);
        expect(JSON.stringify(simulate(ir, [...events, ...events], { until: UNTIL, ledger: true }))).toBe(once);
      }),
      { numRuns: 60 },
    );
  });

  test("splitting a history in two runs, with the state serialised to JSON between them, changes nothing", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 60 * 24 }), (events, splitHour) => {
        const split = T0 + splitHour * HOUR;
        const whole = emptySimulation();
        const all = runSimulation(model, whole, events, UNTIL);

        const first = emptySimulation();
        const part1 = runSimulation(model, first, events.filter((e) => e.at < split));
        const resumed = JSON.parse(JSON.stringify(first)) as SimulationState;
        const part2 = runSimulation(model, resumed, events.filter((e) => e.at >= split), UNTIL);

        const effects: Effect[] = [...part1.effects, ...part2.effects];
        expect(effects).toEqual(all.effects);
        expect(JSON.stringify(summarize(model, resumed, effects, []))).toBe(JSON.stringify(summarize(model, whole, all.effects, [])));
      }),
      { numRuns: 150 },
    );
  });
});
