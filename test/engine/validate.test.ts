import { describe, expect, test } from "vitest";
import { validateEvent } from "../../runtime/engine/index.js";
import { modelOf } from "./helpers.js";

const model = modelOf(`
version "1"
field plan: string
field seats: number
event coupon.received { code: string, value: number }
pipeline lifecycle {
  stage unknown initial
  stage mql
}
feedback mql_quality {
  ask owner via email after 3d, then every 3d, at most 2 times
  good_lead -> tag good
  junk -> delete contact
}
`);

const base = { id: "e1", contact: "c1", at: "2026-01-01T00:00:00Z" };

describe("validateEvent", () => {
  test("accepts declared and catalog events, with ISO or epoch times", () => {
    expect(validateEvent(model, { ...base, type: "coupon.received", props: { code: "X", value: 5 } })).toMatchObject({ ok: true, event: { at: Date.parse(base.at) } });
    expect(validateEvent(model, { ...base, at: 5, type: "page.visited", props: { url: "/" } })).toMatchObject({ ok: true });
    expect(validateEvent(model, { ...base, type: "contact.updated", props: { plan: "pro", seats: 3, email: null } })).toMatchObject({ ok: true });
  });

  test("an unknown type names the allowed types", () => {
    const r = validateEvent(model, { ...base, type: "page.visit", props: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("page.visited");
  });

  test("wrong or unknown props name the prop and what is allowed", () => {
    const wrong = validateEvent(model, { ...base, type: "coupon.received", props: { value: "5" } });
    expect(wrong).toMatchObject({ ok: false });
    if (!wrong.ok) expect(wrong.error).toContain("value");
    const unknown = validateEvent(model, { ...base, type: "coupon.received", props: { cod: "X" } });
    if (!unknown.ok) expect(unknown.error).toContain("code");
    expect(unknown.ok).toBe(false);
    expect(validateEvent(model, { ...base, type: "contact.updated", props: { seats: "3" } }).ok).toBe(false);
    expect(validateEvent(model, { ...base, type: "contact.updated", props: { nickname: "x" } }).ok).toBe(false);
  });

  test("reserved events are checked against the config", () => {
    expect(validateEvent(model, { ...base, type: "stage.set", props: { pipeline: "lifecycle", stage: "sql" } }).ok).toBe(false);
    expect(validateEvent(model, { ...base, type: "stage.set", props: { pipeline: "lifecycle", stage: "mql", by: "sam" } }).ok).toBe(true);
    expect(validateEvent(model, { ...base, type: "feedback.given", props: { loop: "mql_quality", outcome: "bad_fit" } }).ok).toBe(false);
    expect(validateEvent(model, { ...base, type: "contact.tagged", props: {} }).ok).toBe(false);
  });

  test("missing id, contact or time are refused", () => {
    expect(validateEvent(model, { contact: "c", at: 1, type: "page.visited" }).ok).toBe(false);
    expect(validateEvent(model, { id: "x", at: 1, type: "page.visited" }).ok).toBe(false);
    expect(validateEvent(model, { id: "x", contact: "c", at: "yesterday", type: "page.visited" }).ok).toBe(false);
    expect(validateEvent(model, "nope").ok).toBe(false);
  });
});
