import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateHistory, historyText, writeHistory, WORKSPACES, type HistoryEvent, type WorkspaceName } from "../../bench/gen-history.js";

const OPTS = { workspace: "b2b" as WorkspaceName, contacts: 300, days: 30, seed: 5 };

describe("the history generator", () => {
  it("gives the same bytes for the same seed, and different ones for another seed", () => {
    expect(historyText(OPTS)).toBe(historyText(OPTS));
    expect(historyText({ ...OPTS, seed: 6 })).not.toBe(historyText(OPTS));
  });

  it.each(Object.keys(WORKSPACES) as WorkspaceName[])("writes %s events in time order, with unique ids, inside the window", (workspace) => {
    const events = [...generateHistory({ ...OPTS, workspace, start: "2026-03-01T00:00:00Z" })];
    expect(events.length).toBeGreaterThan(1000);
    const ats = events.map((e) => Date.parse(e.at));
    expect(ats.every((t, i) => i === 0 || t >= (ats[i - 1] ?? 0))).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(ats[0]).toBeGreaterThanOrEqual(Date.parse("2026-03-01T00:00:00Z"));
    expect(ats.at(-1)).toBeLessThan(Date.parse("2026-03-31T00:00:00Z"));
    expect(new Set(events.map((e) => e.contact)).size).toBeLessThanOrEqual(300);
    expect(events.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.at) && /^c\d{7}$/.test(e.contact))).toBe(true);
  });

  it("writes NDJSON lines with the keys in the documented order", () => {
    const first = historyText(OPTS).split("\n")[0] ?? "";
    expect(Object.keys(JSON.parse(first) as object)).toEqual(["id", "type", "contact", "at", "props"]);
  });

  it("makes a few contacts very active and most of them quiet", () => {
    const perContact = new Map<string, number>();
    for (const e of generateHistory({ ...OPTS, contacts: 1000 })) perContact.set(e.contact, (perContact.get(e.contact) ?? 0) + 1);
    const counts = [...perContact.values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const top5pct = counts.slice(0, 50).reduce((a, b) => a + b, 0);
    expect(top5pct / total).toBeGreaterThan(0.15);
    expect(counts[Math.floor(counts.length / 2)] ?? 0).toBeLessThan(total / counts.length);
  });

  it("mixes .edu, employee and competitor addresses in with normal ones, and job titles of every seniority", () => {
    const updates = [...generateHistory({ ...OPTS, contacts: 2000 })].filter((e) => e.type === "contact.updated" && "email" in e.props);
    const emails = updates.map((e) => String(e.props.email));
    expect(emails.some((m) => m.endsWith(".edu"))).toBe(true);
    expect(emails.some((m) => m.endsWith("@northwind.example"))).toBe(true);
    expect(emails.some((m) => /@(contoso|fabrikam|tailspin)\.example$/.test(m))).toBe(true);
    const titles = new Set(updates.map((e) => String(e.props.job_title)));
    for (const t of ["CEO", "Director of Marketing", "Marketing Manager", "Software Engineer", "Intern"]) expect(titles).toContain(t);
  });

  it("gives sales feedback on likely MQLs a few days after their activity", () => {
    const events = [...generateHistory(OPTS)];
    const feedback = events.filter((e) => e.type === "feedback.given");
    expect(feedback.length).toBeGreaterThan(0);
    for (const f of feedback) {
      expect(f.props.loop).toBe("mql_quality");
      expect(["good_lead", "bad_timing", "bad_fit", "junk"]).toContain(f.props.outcome);
      const t = Date.parse(f.at);
      const day = 86_400_000;
      // The activity that made the contact look like an MQL happened 1–7 days earlier.
      const trigger = events.find((e: HistoryEvent) => e.contact === f.contact && e.type !== "feedback.given" && t - Date.parse(e.at) > day && t - Date.parse(e.at) < 7 * day);
      expect(trigger).toBeDefined();
    }
    expect([...generateHistory({ ...OPTS, workspace: "webshop" })].some((e) => e.type === "feedback.given")).toBe(false);
  });

  it("streams the same bytes it would build in memory", async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(c));
    const n = await writeHistory(OPTS, sink);
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text).toBe(historyText(OPTS));
    expect(text.split("\n").filter((l) => l !== "")).toHaveLength(n);
  });
});
