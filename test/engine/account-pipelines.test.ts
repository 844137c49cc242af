import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileModel, emptySimulation, runSimulation, simulate, summarize, type SimulationState } from "../../runtime/engine/index.js";
import { renderSimulationText } from "../../runtime/cli/commands/simulate.js";
import { plain } from "../../runtime/cli/output/text.js";
import { computeImpact } from "../../runtime/impact/impact.js";
import { compileDsl, DAY, ev, HOUR, T0 } from "./helpers.js";

// The account pipeline of examples/multi-product, driven by a sum of the members' engagement.
const ir = compileDsl(`
version "1"
score engagement { limit 0..200 }
score account_engagement for account { from contacts sum of engagement }
rule "Visit" on page.visited engagement +10
rule "Demo" on form.submitted engagement +60
pipeline account_journey {
  for account
  manual lock 2d
  stage target initial
  stage aware when account_engagement >= 30
  stage buying_committee when account_engagement >= 120
  stage customer category succeeded manual
}
threshold committee when stage account_journey is buying_committee { tag committee }
`);

type Ev = ReturnType<typeof ev>;
const joins = (...who: string[]): Ev[] => who.map((c) => ev(c, 0, "contact.updated", { account: "acme" }));
const stageOf = (events: Ev[], id = "acme", until?: number): string | undefined =>
  simulate(ir, events, until === undefined ? {} : { until }).accounts?.find((a) => a.id === id)?.stages?.["account_journey"];

describe("account pipelines", () => {
  test("another member's activity moves the account: aware at 30, buying committee at 120", () => {
    const base = [...joins("ann", "bob"), ev("ann", HOUR, "page.visited", { url: "/" }), ev("ann", 2 * HOUR, "page.visited", { url: "/" })];
    expect(stageOf(base)).toBe("target");
    const third = [...base, ev("bob", 3 * HOUR, "page.visited", { url: "/" })];
    expect(stageOf(third)).toBe("aware");
    const committee = [...third, ev("bob", 4 * HOUR, "form.submitted", { form: "demo" }), ev("ann", 5 * HOUR, "form.submitted", { form: "demo" })];
    const model = compileModel(ir);
    const sim = emptySimulation();
    const run = runSimulation(model, sim, committee);
    expect(summarize(model, sim, run.effects, run.errors).accounts).toEqual([
      { id: "acme", scores: { account_engagement: 150 }, stages: { account_journey: "buying_committee" } },
    ]);
    // The history names the member whose input moved the account.
    expect(run.accountStages.map((m) => [m.from, m.to, m.reason, m.contact])).toEqual([
      [null, "target", "initial", "ann"],
      ["target", "aware", "condition", "bob"],
      ["aware", "buying_committee", "condition", "ann"],
    ]);
  });

  test("`simulate` text lists each account with its scores and stages, and each member's view names its account's stage", () => {
    const r = simulate(ir, [...joins("ann", "bob"), ev("bob", HOUR, "page.visited", { url: "/" }), ev("bob", 2 * HOUR, "page.visited", { url: "/" }), ev("ann", 3 * HOUR, "page.visited", { url: "/" })]);
    const text = renderSimulationText(r, plain);
    expect(text).toContain("account acme\n  scores      account_engagement 30\n  stages      account_journey: aware\n");
    expect(r.contacts.map((c) => c.stages)).toEqual([{ account_journey: "aware" }, { account_journey: "aware" }]);
  });

  test("a member's condition reads the account's stage as its input began", () => {
    const events = [...joins("ann", "bob"), ev("ann", HOUR, "form.submitted", { form: "demo" }), ev("bob", 2 * HOUR, "form.submitted", { form: "demo" })];
    // Bob's demo moved the account to buying_committee: nobody has read it yet.
    expect(simulate(ir, events).contacts.map((c) => c.tags)).toEqual([[], []]);
    const later = [...events, ev("ann", 3 * HOUR, "page.visited", { url: "/" })];
    expect(simulate(ir, later).contacts.map((c) => [c.id, c.tags])).toEqual([
      ["ann", ["committee"]],
      ["bob", []],
    ]);
  });

  test("a contact without an account has no account stage", () => {
    const r = simulate(ir, [ev("solo", 0, "form.submitted", { form: "demo" }), ev("solo", HOUR, "form.submitted", { form: "demo" })]);
    expect(r.accounts).toEqual([]);
    expect(r.contacts[0]?.tags).toEqual([]);
  });

  test("`stage.set` on any member sets the account's stage (customer), and backward moves are refused", () => {
    const events = [...joins("ann", "bob"), ev("bob", DAY, "stage.set", { pipeline: "account_journey", stage: "customer", by: "ae@example.com" })];
    expect(stageOf(events)).toBe("customer");
    const back = simulate(ir, [...events, ev("ann", 2 * DAY, "stage.set", { pipeline: "account_journey", stage: "aware", by: "ae@example.com" })]);
    expect(back.accounts?.[0]?.stages).toEqual({ account_journey: "customer" });
    expect(back.errors.map((e) => e.error)).toEqual([
      'pipeline "account_journey" does not allow moving account "acme" back from "customer" to "aware" (add `allow customer -> aware` to allow it)',
    ]);
  });

  test("a stage set by hand holds against conditions until unlocked or until `manual lock 2d` has passed", () => {
    const set = [...joins("ann", "bob"), ev("ann", 0, "stage.set", { pipeline: "account_journey", stage: "aware", by: "ae" })];
    const demos = [ev("ann", HOUR, "form.submitted", { form: "demo" }), ev("bob", 2 * HOUR, "form.submitted", { form: "demo" })];
    expect(stageOf([...set, ...demos])).toBe("aware");
    // Unlocked: the next member input applies the conditions that hold.
    const unlocked = [...set, ...demos, ev("bob", 3 * HOUR, "stage.unlocked", { pipeline: "account_journey" })];
    expect(stageOf(unlocked)).toBe("buying_committee");
    // The lock runs out after 2 days, seen at the next member input after that.
    expect(stageOf([...set, ...demos, ev("ann", DAY, "page.visited", { url: "/" })])).toBe("aware");
    expect(stageOf([...set, ...demos, ev("ann", 2 * DAY + HOUR, "page.visited", { url: "/" })])).toBe("buying_committee");
  });

  test("a member that changes account moves its contribution; the old account keeps its stage (forward only)", () => {
    const events = [
      ...joins("ann", "bob"),
      ev("ann", HOUR, "form.submitted", { form: "demo" }),
      ev("ann", 2 * HOUR, "form.submitted", { form: "demo" }),
      ev("ann", 3 * HOUR, "contact.updated", { account: "globex" }),
    ];
    const r = simulate(ir, events);
    expect(r.accounts).toEqual([
      { id: "acme", scores: { account_engagement: 0 }, stages: { account_journey: "buying_committee" } },
      // Both conditions hold at once for the new account: the furthest stage wins.
      { id: "globex", scores: { account_engagement: 120 }, stages: { account_journey: "buying_committee" } },
    ]);
  });

  test("refused: a key on an account pipeline, an unknown stage", () => {
    const r = simulate(ir, [
      ...joins("ann"),
      ev("ann", 1, "stage.set", { pipeline: "account_journey", stage: "customer", key: "x" }),
      ev("ann", 2, "stage.set", { pipeline: "account_journey", stage: "won" }),
    ]);
    expect(r.errors.map((e) => e.error)).toEqual([
      'pipeline "account_journey" is kept per account: it takes no "key"',
      'pipeline "account_journey" has no stage "won"; its stages are: target, aware, buying_committee, customer',
    ]);
    expect(r.accounts?.[0]?.stages).toEqual({ account_journey: "target" });
  });

  test("a member's threshold action `stage account_journey.customer` moves the account", () => {
    const withAction = compileDsl(`
version "1"
score engagement { limit 0..200 }
rule "Demo" on form.submitted engagement +60
pipeline account_journey {
  for account
  stage target initial
  stage customer category succeeded manual
}
threshold big_deal when engagement >= 120 { stage account_journey.customer }
`);
    const events = [...joins("ann", "bob"), ev("ann", HOUR, "form.submitted", { form: "demo" })];
    expect(simulate(withAction, events).accounts?.[0]?.stages).toEqual({ account_journey: "target" });
    const model = compileModel(withAction);
    const run = runSimulation(model, emptySimulation(), [...events, ev("ann", 2 * HOUR, "form.submitted", { form: "demo" })]);
    expect(run.accountStages.map((m) => [m.to, m.reason, m.contact])).toEqual([
      ["target", "initial", "ann"],
      ["customer", "threshold:big_deal", "ann"],
    ]);
  });

  test("an event trigger of an account pipeline fires on any member's event", () => {
    const withEvent = compileDsl(`
version "1"
pipeline account_journey {
  for account
  stage target initial
  stage customer when event purchase.completed if amount >= 100
}
`);
    const base = [...joins("ann", "bob"), ev("bob", HOUR, "purchase.completed", { amount: 50, product: "crm" })];
    expect(simulate(withEvent, base).accounts).toEqual([{ id: "acme", scores: {}, stages: { account_journey: "target" } }]);
    const bought = [...base, ev("ann", 2 * HOUR, "purchase.completed", { amount: 150, product: "crm" })];
    expect(simulate(withEvent, bought).accounts).toEqual([{ id: "acme", scores: {}, stages: { account_journey: "customer" } }]);
  });
});

describe("account pipelines: properties", () => {
  const model = compileModel(ir);
  const members = ["ann", "bob", "cy", "dan"];
  const memberEvent = fc.oneof(
    fc.record({ type: fc.constant("page.visited"), props: fc.constant({ url: "/" }) }),
    fc.record({ type: fc.constant("form.submitted"), props: fc.constant({ form: "demo" }) }),
    fc.record({ type: fc.constant("stage.set"), props: fc.record({ pipeline: fc.constant("account_journey"), stage: fc.constantFrom("aware", "customer"), by: fc.constant("ae") }) }),
    fc.record({ type: fc.constant("stage.unlocked"), props: fc.constant({ pipeline: "account_journey" }) }),
    fc.record({ type: fc.constant("contact.updated"), props: fc.record({ account: fc.constantFrom("acme", "globex") }) }),
  );
  const historyArb = fc
    .array(fc.tuple(fc.constantFrom(...members), fc.integer({ min: 1, max: 24 * 6 }), memberEvent), { minLength: 1, maxLength: 40 })
    .map((list) => [
      ...members.map((c, i) => ev(c, 0, "contact.updated", { account: i % 2 === 0 ? "acme" : "globex" }, `join-${c}`)),
      ...list.map(([c, h, e], i) => ev(c, h * HOUR, e.type, e.props, `p${String(i).padStart(3, "0")}`)),
    ]);

  test("the account stages are the same whatever way the members' events are split into runs (state saved between)", () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.integer({ min: 1, max: 24 * 6 }), { maxLength: 3 }), (events, cuts) => {
        const whole = emptySimulation();
        const all = runSimulation(model, whole, events, T0 + 8 * DAY);
        const bounds = [...new Set(cuts)].sort((a, b) => a - b).map((h) => T0 + h * HOUR);
        let sim: SimulationState = emptySimulation();
        const moves = [];
        let from = -Infinity;
        for (const to of [...bounds, Infinity]) {
          const part = runSimulation(model, sim, events.filter((e) => e.at >= from && e.at < to), to === Infinity ? T0 + 8 * DAY : undefined);
          moves.push(...part.accountStages);
          sim = JSON.parse(JSON.stringify(sim)) as SimulationState;
          from = to;
        }
        expect(moves).toEqual(all.accountStages);
        expect(summarize(model, sim, [], []).accounts).toEqual(summarize(model, whole, [], []).accounts);
      }),
      { numRuns: 120 },
    );
  });

  test("the events' input order does not matter (same-time events of different members included)", () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), (events, seed) => {
        const shuffled = [...events].sort((a, b) => ((a.id.charCodeAt(a.id.length - 1) * seed) % 7) - ((b.id.charCodeAt(b.id.length - 1) * seed) % 7));
        expect(JSON.stringify(simulate(ir, shuffled).accounts)).toBe(JSON.stringify(simulate(ir, events).accounts));
      }),
      { numRuns: 60 },
    );
  });
});

describe("plan impact", () => {
  test("counts accounts per stage of an account pipeline (not contacts)", () => {
    const lower = compileDsl(`
version "1"
score engagement { limit 0..200 }
score account_engagement for account { from contacts sum of engagement }
rule "Visit" on page.visited engagement +10
rule "Demo" on form.submitted engagement +60
pipeline account_journey {
  for account
  manual lock 2d
  stage target initial
  stage aware when account_engagement >= 30
  stage buying_committee when account_engagement >= 80
  stage customer category succeeded manual
}
threshold committee when stage account_journey is buying_committee { tag committee }
`);
    const events = [
      ...joins("ann", "bob", "cy"),
      ev("dan", 0, "contact.updated", { account: "globex" }),
      ev("ann", HOUR, "form.submitted", { form: "demo" }),
      ev("bob", 2 * HOUR, "page.visited", { url: "/" }),
      ev("cy", 3 * HOUR, "page.visited", { url: "/" }),
      ev("dan", 4 * HOUR, "page.visited", { url: "/" }),
    ];
    const impact = computeImpact(ir, lower, events);
    expect(impact.before.stages["account_journey"]).toEqual({ target: 1, aware: 1, buying_committee: 0, customer: 0 });
    expect(impact.after.stages["account_journey"]).toEqual({ target: 1, aware: 0, buying_committee: 1, customer: 0 });
  });
});
