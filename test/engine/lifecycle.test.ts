import { describe, expect, test } from "vitest";
import { applyInput, compileModel, simulate, type ContactState } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, HOUR, T0 } from "./helpers.js";

const iso = (ms: number) => new Date(T0 + ms).toISOString();

describe("campaign entry rules", () => {
  const ir = compileDsl(`
version "1"
campaign welcome {
  enter on form.submitted
  send email "hello"
}
campaign per_order {
  enter on purchase.completed
  reenter once per product
  send email "thanks"
}
campaign cooling {
  enter on page.visited
  reenter after 7d
  send email "visit"
}
campaign office_hours {
  enter on webinar.attended
  reenter every time
  send window mon-fri 09:00-17:00
  send email "slides"
}
campaign by_action {
  send email "started"
}
threshold demo when did form.submitted { start by_action }
`);
  const sends = (events: ReturnType<typeof ev>[]) => simulate(ir, events, { until: T0 + 30 * DAY }).outbox.map((m) => [m.template, m.at]);

  test("`once` (the default): a second entry does nothing", () => {
    expect(sends([ev("a", 0, "form.submitted", { form: "x" }), ev("a", DAY, "form.submitted", { form: "x" })])).toEqual([
      ["hello", iso(0)],
      ["started", iso(0)],
    ]);
  });

  test("`once per PROP`: once per value of the entering event's prop", () => {
    const buys = ["crm", "erp", "crm"].map((product, i) => ev("a", i * DAY, "purchase.completed", { amount: 1, product }));
    expect(sends(buys).map(([t]) => t)).toEqual(["thanks", "thanks"]);
  });

  test("`after 7d`: not within 7 days of the last exit", () => {
    const visits = [0, 3 * DAY, 7 * DAY].map((t) => ev("a", t, "page.visited", { url: "/" }));
    expect(sends(visits).map(([, at]) => at)).toEqual([iso(0), iso(7 * DAY)]);
  });

  test("a send window holds the send until it opens (2026-01-03 is a Saturday)", () => {
    expect(sends([ev("a", 2 * DAY + 10 * HOUR, "webinar.attended", { webinar: "w" })])).toEqual([["slides", "2026-01-05T09:00:00.000Z"]]);
  });
});

describe("deletion", () => {
  const ir = compileDsl(`
version "1"
score engagement { limit 0..100  decay 10 every 1d }
rule "Visit" on page.visited engagement +50
`);

  test("`contact.deleted` ends the contact; later events are ignored", () => {
    const r = simulate(ir, [ev("a", 0, "page.visited", { url: "/" }), ev("a", HOUR, "contact.deleted"), ev("a", DAY, "page.visited", { url: "/" })], {
      until: T0 + 10 * DAY,
      ledger: true,
    });
    expect(r.contacts[0]).toMatchObject({ id: "a", deleted: iso(HOUR) });
    // No decay rows after deletion: its timers ended.
    expect(r.ledger?.map((l) => l.reason)).toEqual(["rule:Visit"]);
  });
});

describe("refresh (a new config version is applied)", () => {
  test("the new version's thresholds are evaluated against the current state at once", () => {
    const v1 = compileModel(compileDsl(`version "1"\nscore engagement { limit 0..100 }\nrule "Visit" on page.visited engagement +50`));
    const v2 = compileModel(
      compileDsl(`version "2"\nscore engagement { limit 0..100 }\nrule "Visit" on page.visited engagement +50\nthreshold hot when engagement >= 40 { tag hot }`),
    );
    const st = applyInput(v1, undefined, { kind: "event", event: { id: "e1", type: "page.visited", contact: "a", at: T0, props: { url: "/" } } }).state;
    const r = applyInput(v2, JSON.parse(JSON.stringify(st)) as ContactState, { kind: "refresh", contact: "a", at: T0 + HOUR });
    expect(r.effects).toContainEqual({ type: "threshold", contact: "a", name: "hot", key: "", at: T0 + HOUR });
    expect(r.state.tags).toEqual(["hot"]);
  });
});

describe("a late event (older than the contact's latest input)", () => {
  test("is applied at the contact's latest time: decay already written is not written twice", () => {
    const model = compileModel(compileDsl(`version "1"\nscore engagement { limit 0..100  decay 10 every 1d }\nrule "Visit" on page.visited engagement +50`));
    const visit = (id: string, at: number) => ({ kind: "event" as const, event: { id, type: "page.visited", contact: "a", at, props: { url: "/" } } });
    let st = applyInput(model, undefined, visit("e1", T0)).state;
    st = applyInput(model, st, { kind: "refresh", contact: "a", at: T0 + 3 * DAY }).state;
    const r = applyInput(model, st, visit("late", T0 + DAY));
    expect(r.state.scores["engagement"]?.[""]).toMatchObject({ value: 70, asOf: T0 + 3 * DAY });
    expect(r.effects.filter((e) => e.type === "ledger").map((e) => (e.type === "ledger" ? [e.reason, e.at] : []))).toEqual([["rule:Visit", T0 + 3 * DAY]]);
  });
});
