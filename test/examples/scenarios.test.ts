/**
 * The stories the examples' comments tell, replayed with the pure engine: if a comment
 * says "a lapsed buyer who comes back moves back up the journey", this is where it is
 * shown to be true.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { simulate, type SimulationResult } from "../../runtime/engine/simulate.js";
import type { CompiledIr } from "../../schemas/ir.js";

const ROOT = join(import.meta.dirname, "../../examples");
const T0 = Date.parse("2026-03-02T07:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function compileExample(name: string): CompiledIr {
  const dir = join(ROOT, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel") || f.endsWith(".funnel.yaml"))
    .map((f) => ({ path: `examples/${name}/${f}`, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(`examples/${name} does not compile: ${r.diagnostics.map((d) => d.code).join(", ")}`);
  return r.value.ir;
}

interface RawEvent {
  id: string;
  contact: string;
  at: number;
  type: string;
  props: Record<string, unknown>;
}

/** A little history builder: `at` is a time after T0 in ms; ids follow the order written. */
function history(): { add: (contact: string, at: number, type: string, props?: Record<string, unknown>) => void; events: RawEvent[] } {
  const events: RawEvent[] = [];
  return {
    events,
    add(contact, at, type, props = {}) {
      events.push({ id: `e${String(events.length).padStart(4, "0")}`, contact, at: T0 + at, type, props });
    },
  };
}

function contactOf(r: SimulationResult, id: string): SimulationResult["contacts"][number] {
  expect(r.errors).toEqual([]);
  const c = r.contacts.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no contact ${id}`);
  return c;
}

describe("examples/b2b", () => {
  const ir = compileExample("b2b");
  const buyer = { email: "ines@hafenlogistik.example", owner: "sam@northwind.example", job_title: "Head of Operations", company_domain: "hafenlogistik.example", company_size: 400, industry: "logistics", country: "DE" };

  it("a head of operations at a German logistics firm who asks for a demo becomes an MQL, and the owner hears of it", () => {
    const h = history();
    h.add("ines", 0, "contact.updated", buyer);
    h.add("ines", HOUR, "page.visited", { url: "/pricing" });
    h.add("ines", 2 * HOUR, "form.submitted", { form: "demo" });
    const r = simulate(ir, h.events, { until: T0 + 2 * HOUR });
    const ines = contactOf(r, "ines");
    expect(ines.scores).toMatchObject({ engagement: 70, fit: 85 });
    expect(ines.stages).toMatchObject({ lifecycle: "mql" });
    expect(ines.thresholds.map((t) => t.name)).toEqual(["mql"]);
    expect(ines.feedback).toMatchObject([{ loop: "mql_quality", asks: 0 }]);
    expect(r.outbox).toEqual(expect.arrayContaining([expect.objectContaining({ contact: "ines", kind: "notify", to: "sam@northwind.example", template: "mql-alert" })]));
  });

  it("a student who asks for a demo is suppressed and never reaches sales", () => {
    const h = history();
    h.add("stu", 0, "contact.updated", { ...buyer, email: "kim@uni-hamburg.edu", job_title: "Student" });
    h.add("stu", HOUR, "form.submitted", { form: "demo" });
    h.add("stu", 2 * HOUR, "webinar.attended", { webinar: "scoring-basics" });
    const r = simulate(ir, h.events, { until: T0 + 3 * DAY });
    const stu = contactOf(r, "stu");
    expect(stu.scores).toMatchObject({ engagement: 0 });
    expect(stu.segments).toContain("do_not_score");
    expect(stu.thresholds).toEqual([]);
    expect(r.outbox.filter((o) => o.contact === "stu")).toEqual([]);
  });

  it("engagement is capped at 70 and a quiet lead drops below the MQL line within two weeks", () => {
    const h = history();
    h.add("ines", 0, "contact.updated", buyer);
    h.add("ines", HOUR, "form.submitted", { form: "demo" });
    h.add("ines", 2 * HOUR, "webinar.attended", { webinar: "scoring-basics" });
    expect(contactOf(simulate(ir, h.events, { until: T0 + 2 * HOUR }), "ines").scores["engagement"]).toBe(70);
    expect(contactOf(simulate(ir, h.events, { until: T0 + 2 * HOUR + 14 * DAY }), "ines").scores["engagement"]).toBe(50);
  });

  it("bad timing recycles the lead into nurture; bad fit suppresses it for good", () => {
    const h = history();
    for (const id of ["later", "wrong"]) {
      h.add(id, 0, "contact.updated", { ...buyer, email: `${id}@hafenlogistik.example` });
      h.add(id, HOUR, "form.submitted", { form: "demo" });
    }
    h.add("later", 4 * DAY, "feedback.given", { loop: "mql_quality", outcome: "bad_timing", by: "sam" });
    h.add("wrong", 4 * DAY, "feedback.given", { loop: "mql_quality", outcome: "bad_fit", by: "sam" });
    const r = simulate(ir, h.events, { until: T0 + 4 * DAY + HOUR });
    const later = contactOf(r, "later");
    expect(later.stages).toMatchObject({ lifecycle: "recycled" });
    expect(later.tags).toContain("recycled");
    expect(r.outbox).toEqual(expect.arrayContaining([expect.objectContaining({ contact: "later", template: "nurture-case-study" })]));
    const wrong = contactOf(r, "wrong");
    expect(wrong.segments).toContain("do_not_score");
    expect(wrong.scores).toMatchObject({ engagement: 0 });
  });
});

describe("examples/webshop", () => {
  const ir = compileExample("webshop");
  const shopper = { email: "lea@example.com", newsletter_opt_in: true };

  it("500 or more spent within 90 days makes a loyal customer", () => {
    const h = history();
    h.add("lea", 0, "contact.updated", shopper);
    h.add("lea", DAY, "purchase.completed", { amount: 320, product: "tent" });
    expect(contactOf(simulate(ir, h.events), "lea").stages).toEqual({ shop: "has_purchased" });
    h.add("lea", 40 * DAY, "purchase.completed", { amount: 180, product: "backpack" });
    expect(contactOf(simulate(ir, h.events), "lea").stages).toEqual({ shop: "loyal_customer" });
  });

  it("a buyer who stays away for 90 days gets the win-back series, and moves back up when they return", () => {
    const h = history();
    h.add("lea", 0, "contact.updated", shopper);
    h.add("lea", DAY, "purchase.completed", { amount: 80, product: "jacket" });
    const lapsed = simulate(ir, h.events, { until: T0 + 95 * DAY });
    expect(contactOf(lapsed, "lea").stages).toEqual({ shop: "reactivate_1" });
    expect(contactOf(lapsed, "lea").segments).toContain("lapsed_buyers");
    expect(lapsed.outbox).toEqual(expect.arrayContaining([expect.objectContaining({ contact: "lea", template: "we-miss-you" })]));

    h.add("lea", 96 * DAY, "page.visited", { url: "/shop/jackets" });
    expect(contactOf(simulate(ir, h.events), "lea").stages).toEqual({ shop: "has_purchased" });
  });

  it("a lapsed buyer who clicks through still gets the coupon, though the click brought them back", () => {
    const h = history();
    h.add("lea", 0, "contact.updated", shopper);
    h.add("lea", DAY, "purchase.completed", { amount: 80, product: "jacket" });
    const first = simulate(ir, h.events, { until: T0 + 95 * DAY }).outbox.find((o) => o.template === "we-miss-you");
    if (first === undefined) throw new Error("no win-back email");
    const sentAt = Date.parse(first.at) - T0;
    h.add("lea", sentAt + HOUR, "email.clicked", { email: "we-miss-you", url: "/sale" });
    h.add("lea", sentAt + HOUR + 60_000, "page.visited", { url: "/sale" });
    const r = simulate(ir, h.events, { until: T0 + sentAt + 5 * DAY });
    expect(contactOf(r, "lea").stages).toEqual({ shop: "has_purchased" });
    const templates = r.outbox.filter((o) => o.contact === "lea").map((o) => o.template);
    expect(templates).toContain("coupon-10-percent");
    expect(templates).not.toContain("coupon-20-percent-this-week");
  });

  it("someone who never bought and stays away is a lapsed browser, and a cold lead again when they return", () => {
    const h = history();
    h.add("max", 0, "contact.updated", { ...shopper, email: "max@example.com" });
    h.add("max", HOUR, "page.visited", { url: "/shop/tents" });
    expect(contactOf(simulate(ir, h.events, { until: T0 + 95 * DAY }), "max").stages).toEqual({ shop: "reactivate_2" });
    h.add("max", 100 * DAY, "page.visited", { url: "/sale" });
    expect(contactOf(simulate(ir, h.events), "max").stages).toEqual({ shop: "cold_lead" });
  });
});

describe("examples/multi-product", () => {
  const ir = compileExample("multi-product");

  it("one contact is a CRM customer and new to analytics, and gets the cross-sell", () => {
    const h = history();
    h.add("ana", 0, "contact.updated", { email: "ana@example.com", job_title: "CFO", company_size: 800 });
    h.add("ana", HOUR, "purchase.completed", { amount: 12000, product: "crm" });
    h.add("ana", 2 * HOUR, "product.viewed", { product: "analytics", page: "overview" });
    const r = simulate(ir, h.events, { until: T0 + DAY });
    const ana = contactOf(r, "ana");
    expect(ana.stages).toMatchObject({ "products[crm]": "customer", "products[analytics]": "new" });
    expect(ana.segments).toContain("crm_customers_new_to_analytics");
    expect(r.outbox).toEqual(expect.arrayContaining([expect.objectContaining({ contact: "ana", template: "analytics-for-crm-customers" })]));
  });

  it("interest counts per product line: an ERP demo and quote make an ERP MQL and nothing else", () => {
    const h = history();
    h.add("eva", 0, "contact.updated", { email: "eva@example.com", owner: "ae@quantumworks.example", job_title: "Head of Finance", company_size: 2000 });
    h.add("eva", HOUR, "demo.requested", { product: "erp" });
    h.add("eva", 2 * HOUR, "quote.requested", { product: "erp", seats: 50 });
    h.add("eva", 3 * HOUR, "product.viewed", { product: "crm", page: "overview" });
    const eva = contactOf(simulate(ir, h.events), "eva");
    expect(eva.scores).toMatchObject({ "interest[erp]": 80, "interest[crm]": 3 });
    expect(eva.stages).toMatchObject({ "products[erp]": "mql", "products[crm]": "new", erp_deal: "qualified" });
    expect(eva.thresholds.map((t) => t.name).sort()).toEqual(["erp_mql", "product_mql[erp]"]);
  });
});

describe("examples/event-stages", () => {
  const ir = compileExample("event-stages");

  it("each kind of event moves the customer one stage on", () => {
    const h = history();
    h.add("wei", 0, "qr.scanned", { location: "shop-window" });
    expect(contactOf(simulate(ir, h.events), "wei").stages).toEqual({ customer_stage: "initial_contact" });
    h.add("wei", DAY, "email.clicked", { email: "spring-teas", url: "/teas/spring" });
    expect(contactOf(simulate(ir, h.events), "wei").stages).toEqual({ customer_stage: "primary_lead" });
    h.add("wei", 2 * DAY, "coupon.received", { code: "SPRING10", value: 10 });
    expect(contactOf(simulate(ir, h.events), "wei").stages).toEqual({ customer_stage: "intentional_lead" });
    h.add("wei", 3 * DAY, "purchase.completed", { amount: 38, product: "oolong" });
    expect(contactOf(simulate(ir, h.events), "wei").stages).toEqual({ customer_stage: "closed_customer" });
  });

  it("a stage set by hand sticks for 60 days, even against a purchase", () => {
    const h = history();
    h.add("li", 0, "email.opened", { email: "spring-teas" });
    h.add("li", DAY, "stage.set", { pipeline: "customer_stage", stage: "confirmed_lead", by: "mei" });
    h.add("li", 10 * DAY, "purchase.completed", { amount: 25, product: "jasmine" });
    expect(contactOf(simulate(ir, h.events), "li").stages).toEqual({ customer_stage: "confirmed_lead" });
    h.add("li", 70 * DAY, "purchase.completed", { amount: 25, product: "jasmine" });
    expect(contactOf(simulate(ir, h.events), "li").stages).toEqual({ customer_stage: "closed_customer" });
  });
});
