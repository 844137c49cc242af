import { expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, ev } from "./helpers.js";

const ir = compileDsl(`
version "1"
score engagement { limit 0..70 }
score company_engagement for account { from contacts sum of engagement  limit 0..100 }
score company_peak for account { from contacts max of engagement }
rule "Demo" on form.submitted engagement +60
rule "Visit" on page.visited engagement +10
`);

test("an account's score follows its contacts' (sum, max), within its limit", () => {
  const r = simulate(ir, [
    ev("ann", 0, "contact.updated", { account: "acme" }),
    ev("bob", 0, "contact.updated", { account: "acme" }),
    ev("cy", 0, "contact.updated", { account: "other" }),
    ev("ann", 1, "form.submitted", { form: "demo" }),
    ev("bob", 2, "page.visited", { url: "/" }),
    ev("cy", 3, "page.visited", { url: "/" }),
  ]);
  expect(r.accounts).toEqual([
    { id: "acme", scores: { company_engagement: 70, company_peak: 60 } },
    { id: "other", scores: { company_engagement: 10, company_peak: 10 } },
  ]);
  const moved = simulate(ir, [ev("ann", 0, "contact.updated", { account: "acme" }), ev("ann", 1, "form.submitted", { form: "demo" }), ev("ann", 2, "contact.updated", { account: "other" })]);
  expect(moved.accounts).toEqual([
    { id: "acme", scores: { company_engagement: 0, company_peak: 0 } },
    { id: "other", scores: { company_engagement: 60, company_peak: 60 } },
  ]);
});

test("a contact's condition on an account score counts the contact's own input at once", () => {
  const ir2 = compileDsl(`
version "1"
score engagement { limit 0..70 }
score company_engagement for account { from contacts sum of engagement }
rule "Demo" on form.submitted engagement +60
threshold hot_account when company_engagement >= 100 { tag hot_account }
`);
  const r = simulate(ir2, [
    ev("ann", 0, "contact.updated", { account: "acme" }),
    ev("bob", 0, "contact.updated", { account: "acme" }),
    ev("ann", 1, "form.submitted", { form: "demo" }),
    ev("bob", 2, "form.submitted", { form: "demo" }),
  ]);
  expect(r.contacts.map((c) => [c.id, c.tags])).toEqual([
    ["ann", []],
    ["bob", ["hot_account"]],
  ]);
});
