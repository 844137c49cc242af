import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, HOUR } from "./helpers.js";

const ir = compileDsl(`
version "1"
field job_title: string
field marketing_suspended: boolean = false
score engagement { limit 0..100 }
score fit { kind fit  limit 0..40 }
rule "Demo"         on form.submitted engagement +60
rule "Senior title" when job_title matches "director|vp|chief" fit +30
rule "Has email"    when email is set fit +20
segment do_not_score { email endswith ".edu" or marketing_suspended }
suppress engagement, fit while in do_not_score
threshold mql when engagement >= 60 and fit >= 20 { notify owner "mql-alert" }
`);

describe("fit scores", () => {
  test("are the sum of matching fit rules, recomputed when fields change, one ledger row per rule", () => {
    const r = simulate(
      ir,
      [
        ev("a", 0, "contact.updated", { job_title: "VP Sales" }),
        ev("a", HOUR, "contact.updated", { email: "a@corp.example" }),
        ev("a", 2 * HOUR, "contact.updated", { job_title: "Intern" }),
      ],
      { ledger: true },
    );
    expect(r.contacts[0]?.scores["fit"]).toBe(20);
    expect(r.ledger?.filter((l) => l.score === "fit").map((l) => [l.reason, l.delta, l.value])).toEqual([
      ["rule:Senior title", 30, 30],
      ["rule:Has email", 20, 50],
      ["limit", -10, 40],
      ["rule:Senior title", -30, 10],
      ["limit", 10, 20],
    ]);
  });
});

describe("suppression", () => {
  test("a student who asks for a demo never becomes an MQL", () => {
    const r = simulate(
      ir,
      [
        ev("s1", 0, "contact.updated", { email: "ann@uni.edu", job_title: "Student" }),
        ev("s1", HOUR, "form.submitted", { form: "demo" }),
      ],
      { ledger: true },
    );
    const s1 = r.contacts[0];
    expect(s1?.scores).toEqual({ engagement: 0, fit: 0 });
    expect(s1?.segments).toEqual(["do_not_score"]);
    expect(s1?.thresholds).toEqual([]);
    expect(r.outbox).toEqual([]);
    expect(r.ledger?.find((l) => l.reason === "rule:Demo")).toMatchObject({ delta: 0, value: 0 });
  });

  test("entering resets to 0 (reason `suppression`); leaving resumes from 0; fit is rebuilt", () => {
    const r = simulate(
      ir,
      [
        ev("a", 0, "contact.updated", { email: "a@corp.example" }),
        ev("a", HOUR, "form.submitted", { form: "demo" }),
        ev("a", DAY, "contact.updated", { marketing_suspended: true }),
        ev("a", 2 * DAY, "form.submitted", { form: "demo" }),
        ev("a", 3 * DAY, "contact.updated", { marketing_suspended: false }),
        ev("a", 4 * DAY, "form.submitted", { form: "demo" }),
      ],
      { ledger: true },
    );
    const a = r.contacts[0];
    expect(a?.scores).toEqual({ engagement: 60, fit: 20 });
    expect(r.ledger?.filter((l) => l.reason === "suppression").map((l) => [l.score, l.delta])).toEqual([
      ["engagement", -60],
      ["fit", -20],
    ]);
    // Fired before suppression, re-armed by the reset, fired again after leaving.
    expect(a?.thresholds.map((t) => t.at)).toEqual([new Date(Date.parse("2026-01-01T01:00:00Z")).toISOString(), "2026-01-05T00:00:00.000Z"]);
    const sums = new Map<string, number>();
    for (const l of r.ledger ?? []) sums.set(l.score, (sums.get(l.score) ?? 0) + l.delta);
    expect(Object.fromEntries(sums)).toEqual({ engagement: 60, fit: 20 });
  });
});
