import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { adoptVersion, applyInput, compileModel, type Model } from "../../runtime/engine/index.js";
import type { ContactState, Effect } from "../../runtime/engine/types.js";
import { compileDsl, DAY, ev, HOUR, T0 } from "./helpers.js";

/** One contact's life: inputs applied one by one, every effect kept (the ledger must sum). */
class Contact {
  st: ContactState | undefined;
  effects: Effect[] = [];
  constructor(public model: Model) {}

  send(at: number, type: string, props: Record<string, unknown> = {}): this {
    const e = ev("c", at, type, props);
    const r = applyInput(this.model, this.st, { kind: "event", event: { ...e } });
    this.st = r.state;
    this.effects.push(...r.effects);
    return this;
  }

  /** Fires every timer due up to `at` (ms after T0). */
  wait(at: number): this {
    const r = applyInput(this.model, this.state, { kind: "timer", timer: { type: "timer", contact: "c", at: T0 + at } });
    this.effects.push(...r.effects);
    return this;
  }

  /** Applies `next` at `at` (ms after T0); returns the adoption's effects. */
  adopt(next: Model, at: number): Effect[] {
    const out = adoptVersion(this.model, next, this.state, T0 + at);
    this.model = next;
    this.effects.push(...out);
    return out;
  }

  get state(): ContactState {
    if (this.st === undefined) throw new Error("no state yet");
    return this.st;
  }

  /** Every score cell equals the sum of its ledger rows. */
  expectLedgerSums(): void {
    const sums = new Map<string, number>();
    for (const e of this.effects) if (e.type === "ledger") sums.set(`${e.score}[${e.key}]`, (sums.get(`${e.score}[${e.key}]`) ?? 0) + e.delta);
    const cells = new Map<string, number>();
    for (const [score, keys] of Object.entries(this.state.scores)) for (const [key, cell] of Object.entries(keys)) cells.set(`${score}[${key}]`, cell.value);
    for (const [k, v] of sums) expect(Math.round(v * 100) / 100, k).toBe(cells.get(k) ?? 0);
    for (const [k, v] of cells) expect(v, k).toBe(Math.round((sums.get(k) ?? 0) * 100) / 100);
  }
}

const base = `
version "1"
field job_title: string
score engagement { limit 0..100 }
score fit { kind fit limit 0..100 }
rule "Demo" on form.submitted if form == "demo" engagement +50
rule "Visit" on page.visited engagement +10
rule "Senior" when job_title matches "vp|chief" fit +30
`;

const model = (text: string, previous: Model[] = []): Model =>
  compileModel(compileDsl(text), { previous: previous.map((m) => m.ir) });

const of = <T extends Effect["type"]>(effects: Effect[], type: T): Extract<Effect, { type: T }>[] =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

describe("adoptVersion: thresholds and scores", () => {
  const v1 = model(`${base}
threshold mql when engagement >= 60 { notify owner "mql-alert" }
`);

  test("a lowered threshold fires at once for a contact above it; one that fired does not fire again", () => {
    const low = new Contact(v1).send(0, "form.submitted", { form: "demo" });
    const high = new Contact(v1).send(0, "form.submitted", { form: "demo" }).send(HOUR, "page.visited", { url: "/" }).send(HOUR, "page.visited", { url: "/" });
    expect(of(high.effects, "threshold")).toHaveLength(1);
    const v2 = model(`${base}
threshold mql when engagement >= 40 { notify owner "mql-alert" }
`);
    const fired = low.adopt(v2, DAY);
    expect(of(fired, "threshold")).toMatchObject([{ name: "mql", at: T0 + DAY }]);
    expect(of(fired, "outbox")).toMatchObject([{ template: "mql-alert", key: `threshold:mql:c:${new Date(T0 + DAY).toISOString()}:0` }]);
    expect(of(high.adopt(v2, DAY), "threshold")).toEqual([]);
    // Adopting the same version again changes nothing: the edge has fired.
    expect(of(adoptVersion(v2, v2, low.state, T0 + 2 * DAY), "threshold")).toEqual([]);
  });

  test("a raised threshold re-arms a contact below it, which fires again once it gets there", () => {
    const c = new Contact(v1).send(0, "form.submitted", { form: "demo" }).send(HOUR, "page.visited", {});
    const v2 = model(`${base}
threshold mql when engagement >= 70 { notify owner "mql-alert" }
`);
    expect(of(c.adopt(v2, DAY), "threshold")).toEqual([]);
    expect(c.state.thresholds["mql"]?.[""]?.state).toBe("off");
    c.send(2 * DAY, "page.visited", {});
    expect(of(c.effects, "threshold").map((e) => e.at)).toEqual([T0 + HOUR, T0 + 2 * DAY]);
  });

  test("a changed fit rule is recomputed with rule rows; a removed one is taken back; the ledger sums", () => {
    const c = new Contact(v1).send(0, "contact.updated", { job_title: "VP Sales", email: "a@b.example" });
    expect(c.state.scores["fit"]?.[""]?.value).toBe(30);
    const v2 = model(`${base.replace('fit +30', 'fit +40')}
rule "Has email" when email is set fit +20
`);
    const out = c.adopt(v2, DAY);
    expect(of(out, "ledger")).toMatchObject([
      { score: "fit", delta: 10, value: 40, reason: "rule:Senior" },
      { score: "fit", delta: 20, value: 60, reason: "rule:Has email" },
    ]);
    const v3 = model(`${base.replace(/rule "Senior".*\n/, "")}
rule "Has email" when email is set fit +20
`);
    expect(of(c.adopt(v3, 2 * DAY), "ledger")).toMatchObject([{ score: "fit", delta: -40, value: 20, reason: "rule:Senior" }]);
    expect(c.state.scores["fit"]?.[""]).toMatchObject({ value: 20, matched: ["Has email"] });
    c.expectLedgerSums();
  });

  test("a removed score goes to 0 in the ledger and leaves the state; a lowered limit clamps with a limit row", () => {
    const c = new Contact(v1).send(0, "form.submitted", { form: "demo" }).send(HOUR, "page.visited", {}).send(HOUR, "contact.updated", { job_title: "chief" });
    const v2 = model(`
version "2"
field job_title: string
score engagement { limit 0..55 }
rule "Visit" on page.visited engagement +10
`);
    const out = c.adopt(v2, DAY);
    expect(of(out, "ledger")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ score: "fit", delta: -30, value: 0, reason: "version: score removed" }),
        expect.objectContaining({ score: "engagement", delta: -5, value: 55, reason: "limit" }),
      ]),
    );
    expect(c.state.scores["fit"]).toBeUndefined();
    expect(c.state.rules).toEqual({});
    expect(c.state.thresholds).toEqual({});
    c.expectLedgerSums();
  });

  test("a suppression the new version adds resets a contact already in the segment", () => {
    const text = `${base}
segment students { email endswith ".edu" }
`;
    const c = new Contact(model(text)).send(0, "contact.updated", { email: "s@uni.edu" }).send(0, "form.submitted", { form: "demo" });
    const out = c.adopt(model(`${text}\nsuppress engagement while in students\n`), DAY);
    expect(of(out, "ledger")).toMatchObject([{ score: "engagement", delta: -50, value: 0, reason: "suppression" }]);
    c.expectLedgerSums();
  });

  test("decay a new version adds counts from the change, not from the last increase", () => {
    const c = new Contact(v1).send(0, "form.submitted", { form: "demo" });
    const v2 = model(base.replace("limit 0..100 }", "limit 0..100 decay 10 every 7d }"));
    expect(of(c.adopt(v2, 30 * DAY), "ledger")).toEqual([]);
    c.send(36 * DAY, "form.submitted", { form: "other" });
    // One tick (at 35d) after the change, none for the 30 days before it.
    expect(c.state.scores["engagement"]?.[""]?.value).toBe(40);
    c.expectLedgerSums();
  });
});

describe("adoptVersion: removed entities", () => {
  const pipeline = (stages: string): string => `${base}
pipeline lifecycle {
${stages}
}
feedback quality {
  ask owner via email after 3d, then every 3d, at most 3 times
  good_lead -> tag good
}
segment demo_askers { did form.submitted }
threshold mql when engagement >= 40 { stage lifecycle.mql  feedback quality }
`;
  const v1 = model(pipeline(`  stage unknown initial
  stage engaged when event page.visited
  stage mql
  stage customer`));

  test("a contact at a removed stage moves to the nearest earlier stage that still exists, with the reason", () => {
    const c = new Contact(v1).send(0, "page.visited", {}).send(0, "form.submitted", { form: "demo" });
    expect(c.state.stages["lifecycle"]?.[""]?.stage).toBe("mql");
    const v2 = model(`${base}
pipeline lifecycle {
  stage unknown initial
  stage engaged
  stage customer
}
`);
    const out = c.adopt(v2, DAY);
    expect(of(out, "stage")).toMatchObject([{ pipeline: "lifecycle", from: "mql", to: "engaged", reason: "version: stage mql removed" }]);
    // The removed loop keeps its run (reports count it) but asks no more; the removed segment and threshold are gone silently.
    expect(c.state.feedback["quality"]).toMatchObject({ asks: 0 });
    expect(c.state.feedback["quality"]?.nextAskAt).toBeUndefined();
    expect(c.state.timers.filter((t) => t.kind === "feedback")).toEqual([]);
    expect(c.state.segments).toEqual([]);
    expect(of(out, "segment")).toEqual([]);
    expect(c.state.thresholds).toEqual({});
    c.wait(30 * DAY);
    expect(of(c.effects, "outbox").filter((o) => o.kind === "feedback")).toEqual([]);
  });

  test("a removed pipeline and a history window no condition reads any more are dropped without effects", () => {
    const v = model(`${base}
segment active { count(page.visited within 7d) >= 2 }
pipeline lifecycle {
  stage unknown initial
  stage engaged when event page.visited
}
`);
    const c = new Contact(v).send(0, "page.visited", {}).send(HOUR, "page.visited", {});
    expect(Object.keys(c.state.history)).toHaveLength(1);
    const out = c.adopt(model(base), DAY);
    expect(out.filter((e) => e.type === "stage" || e.type === "segment")).toEqual([]);
    expect(c.state.stages).toEqual({});
    expect(c.state.history).toEqual({});
    expect(c.state.segments).toEqual([]);
  });

  test("a pipeline the new version adds starts every contact at its initial stage, and its triggers apply at once", () => {
    const c = new Contact(model(base)).send(0, "form.submitted", { form: "demo" });
    const out = c.adopt(model(`${base}
pipeline lifecycle {
  stage unknown initial
  stage mql when engagement >= 50
}
`), DAY);
    expect(of(out, "stage")).toMatchObject([
      { pipeline: "lifecycle", from: null, to: "unknown", reason: "initial" },
      { pipeline: "lifecycle", from: "unknown", to: "mql", reason: "condition" },
    ]);
  });
});

describe("adoptVersion: campaigns in flight", () => {
  const campaign = (policy: string, steps: string): string => `${base}
campaign onboarding {
  enter on form.submitted if form == "trial"
  on change ${policy}
${steps}
}
`;
  const v1Steps = `  welcome: send email "welcome"
  wait 2d
  tips: send email "tips"
  wait 3d
  outro: send email "outro"`;
  const sent = (c: Contact): [string | undefined, number][] => of(c.effects, "outbox").map((o) => [o.template, o.at - T0]);

  test("keep: the enrollment finishes on the version it started under; new enrollments get the new one", () => {
    const v1 = model(campaign("keep", v1Steps));
    const c = new Contact(v1).send(0, "form.submitted", { form: "trial" });
    const other = new Contact(v1);
    const v2 = model(campaign("keep", `  welcome: send email "welcome-v2"
  wait 1d
  tips: send email "tips-v2"`), [v1]);
    const out = c.adopt(v2, DAY);
    expect(of(out, "campaign")).toMatchObject([{ campaign: "onboarding", what: "kept", step: "2" }]);
    c.wait(10 * DAY);
    expect(sent(c)).toEqual([["welcome", 0], ["tips", 2 * DAY], ["outro", 5 * DAY]]);
    other.model = v2;
    other.send(DAY, "form.submitted", { form: "trial" }).wait(10 * DAY);
    expect(sent(other)).toEqual([["welcome-v2", DAY], ["tips-v2", 2 * DAY]]);
  });

  test("keep, then a rollback to the version it runs on: it simply runs on the active version", () => {
    const v1 = model(campaign("keep", v1Steps));
    const c = new Contact(v1).send(0, "form.submitted", { form: "trial" });
    const v2 = model(campaign("keep", `  welcome: send email "welcome-v2"`), [v1]);
    c.adopt(v2, DAY);
    expect(c.state.campaigns["onboarding"]?.active?.hash).toBe(v1.hash);
    const back = model(campaign("keep", v1Steps), [v2]);
    expect(of(c.adopt(back, DAY + HOUR), "campaign")).toEqual([]);
    expect(c.state.campaigns["onboarding"]?.active?.hash).toBeUndefined();
    c.wait(10 * DAY);
    expect(sent(c)).toEqual([["welcome", 0], ["tips", 2 * DAY], ["outro", 5 * DAY]]);
  });

  test("migrate: to the step with the same id, a changed wait keeps the time already waited", () => {
    const v1 = model(campaign("migrate", v1Steps));
    const c = new Contact(v1).send(0, "form.submitted", { form: "trial" });
    const v2 = model(campaign("migrate", `  welcome: send email "welcome"
  wait 4d
  tips: send email "tips-v2"`), [v1]);
    expect(of(c.adopt(v2, DAY), "campaign")).toMatchObject([{ what: "migrated", step: "2" }]);
    c.wait(10 * DAY);
    expect(sent(c)).toEqual([["welcome", 0], ["tips-v2", 4 * DAY]]);
    expect(of(c.effects, "campaign").at(-1)).toMatchObject({ what: "completed" });
  });

  test("migrate: an enrollment at a step the new version no longer has leaves", () => {
    const v1 = model(campaign("migrate", v1Steps));
    const c = new Contact(v1).send(0, "form.submitted", { form: "trial" }).wait(3 * DAY);
    // At the second wait (id "4"); the new version has three steps.
    const v2 = model(campaign("migrate", `  welcome: send email "welcome"
  wait 2d
  tips: send email "tips"`), [v1]);
    expect(of(c.adopt(v2, 3 * DAY), "campaign")).toMatchObject([{ what: "left", step: "4", reason: "version: step 4 removed" }]);
    expect(c.state.campaigns["onboarding"]?.active).toBeUndefined();
    expect(c.state.timers.filter((t) => t.kind === "campaign")).toEqual([]);
  });

  test("restart: back to the first step of the new version, whose sends go out again", () => {
    const v1 = model(campaign("restart", v1Steps));
    const c = new Contact(v1).send(0, "form.submitted", { form: "trial" });
    const v2 = model(campaign("restart", `  welcome: send email "welcome"
  wait 1d
  tips: send email "tips-v2"`), [v1]);
    expect(of(c.adopt(v2, DAY), "campaign").map((e) => e.what)).toEqual(["restarted", "step"]);
    c.wait(10 * DAY);
    expect(sent(c)).toEqual([["welcome", 0], ["welcome", DAY], ["tips-v2", 2 * DAY]]);
  });

  test("a removed campaign ends its enrollments; a campaign that did not change keeps them as they are", () => {
    const v1 = model(campaign("keep", v1Steps));
    const c = new Contact(v1).send(0, "form.submitted", { form: "trial" });
    const same = model(campaign("keep", v1Steps).replace('version "1"', 'version "1.1"'), [v1]);
    expect(of(c.adopt(same, HOUR), "campaign")).toEqual([]);
    expect(c.state.campaigns["onboarding"]?.active?.hash).toBeUndefined();
    const out = c.adopt(model(base, [same]), DAY);
    expect(of(out, "campaign")).toMatchObject([{ what: "left", step: "2", reason: "version: campaign removed" }]);
    c.wait(10 * DAY);
    expect(sent(c)).toEqual([["welcome", 0]]);
  });
});

describe("adoptVersion: properties", () => {
  const versions = [
    base,
    `${base}\nthreshold mql when engagement >= 30 { points fit +5 }\n`,
    base.replace("limit 0..100 }", "limit 0..35 decay 5 every 2d }").replace("fit +30", "fit +45"),
    base.replace(/rule "Senior".*\n/, 'rule "Any title" when job_title is set fit +10\n').replaceAll("engagement", "attention"),
  ].map((t) => model(t));
  const input = fc.record({
    type: fc.constantFrom("form.submitted", "page.visited", "contact.updated"),
    at: fc.integer({ min: 0, max: 10 * DAY }),
    title: fc.constantFrom("VP", "Intern", null),
  });

  test("whatever the versions and the events before and after, the ledger sums to every score", () => {
    fc.assert(
      fc.property(fc.array(input, { maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), (events, path) => {
        const c = new Contact(versions[0] as Model);
        let t = 0;
        const send = (e: { type: string; at: number; title: string | null }): void => {
          t += e.at;
          c.send(t, e.type, e.type === "contact.updated" ? { job_title: e.title } : { form: "demo" });
        };
        send({ type: "form.submitted", at: 0, title: null });
        for (const [i, e] of events.entries()) {
          send(e);
          const next = path[i];
          if (next !== undefined && i % 2 === 0) c.adopt(versions[next] as Model, (t += HOUR));
        }
        c.wait(t + 30 * DAY);
        c.expectLedgerSums();
      }),
      { numRuns: 150 },
    );
  });
});
