import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { simulate } from "../../runtime/engine/simulate.js";
import { runCli } from "./run-cli.js";

const MODEL = `version "1"
field job_title: string
score engagement { limit -20..70  decay 10 every 7d }
rule "Clicked an email" on email.clicked engagement +3
rule "Asked for a demo" on form.submitted if form == "demo" engagement +60
threshold mql when engagement >= 60 { tag mql }
`;

const line = (id: string, contact: string, at: string, type: string, props: object): string => JSON.stringify({ id, type, contact, at, props });
const HISTORY = [
  line("e1", "ann", "2026-01-01T09:00:00Z", "email.clicked", { email: "welcome", url: "/blog" }),
  line("e2", "bob", "2026-01-01T10:00:00Z", "form.submitted", { form: "demo" }),
  line("e3", "ann", "2026-01-02T09:00:00Z", "form.submitted", { form: "newsletter" }),
].join("\n");

function setup(history: string): { dir: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), "ff-simulate-"));
  writeFileSync(join(dir, "model.funnel"), MODEL);
  const events = join(dir, "history.ndjson");
  writeFileSync(events, history + "\n");
  return { dir, events };
}

interface Out {
  hash: string;
  contacts: { id: string; scores: Record<string, number>; tags: string[]; thresholds: { name: string; at: string }[] }[];
  outbox: unknown[];
}

describe("funnelform simulate", () => {
  it("prints every contact's end state as JSON, the same bytes on every run and the same as the engine", async () => {
    const { dir, events } = setup(HISTORY);
    const a = await runCli(["simulate", dir, "--events", events, "--format", "json"]);
    const b = await runCli(["simulate", dir, "--events", events, "--format", "json"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as Out;
    expect(out.contacts.map((c) => c.id)).toEqual(["ann", "bob"]);
    expect(out.contacts[1]).toMatchObject({ id: "bob", scores: { engagement: 60 }, tags: ["mql"], thresholds: [{ name: "mql", at: "2026-01-01T10:00:00.000Z" }] });
    const ir = compileWorkspace([{ path: "model.funnel", text: MODEL }]).value?.ir;
    if (ir === undefined) throw new Error("does not compile");
    const direct = simulate(ir, HISTORY.split("\n").map((l) => JSON.parse(l) as unknown));
    expect(out).toEqual(JSON.parse(JSON.stringify(direct)));
  });

  it("--until fires the timers after the last event: a quiet lead decays", async () => {
    const { dir, events } = setup(HISTORY);
    const r = await runCli(["simulate", dir, "--events", events, "--until", "2026-01-15T10:00:00Z", "--format", "json"]);
    expect(r.code).toBe(0);
    const bob = (JSON.parse(r.stdout) as Out).contacts.find((c) => c.id === "bob");
    expect(bob?.scores["engagement"]).toBe(40);
  });

  it("prints a readable block per contact and the outbox count", async () => {
    const { dir, events } = setup(HISTORY);
    const r = await runCli(["simulate", dir, "--events", events]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^contact bob$/m);
    expect(r.stdout).toMatch(/^ {2}scores {6}engagement 60$/m);
    expect(r.stdout).toMatch(/^ {2}thresholds {2}mql at 2026-01-01T10:00:00.000Z$/m);
    expect(r.stdout).toMatch(/^2 contacts, 0 messages in the outbox/m);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("refuses a history with an unknown event type, naming the line and the allowed types, and simulates nothing", async () => {
    const bad = HISTORY + "\n" + line("e4", "ann", "2026-01-03T09:00:00Z", "email.clickd", {});
    const { dir, events } = setup(bad);
    const r = await runCli(["simulate", dir, "--events", events, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${events}:4: unknown event type "email.clickd"`);
    expect(r.stderr).toMatch(/allowed types are: .*email\.clicked/);
  });

  it("names the line of a prop of the wrong type and of a line that is not JSON", async () => {
    const bad = [line("e1", "ann", "2026-01-01T09:00:00Z", "form.submitted", { form: 7 }), "", "{not json"].join("\n");
    const { dir, events } = setup(bad);
    const r = await runCli(["simulate", dir, "--events", events]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${events}:1: prop "form" of "form.submitted" must be a text`);
    expect(r.stderr).toContain(`${events}:3: `);
    expect(r.stderr).toMatch(/2 events would be refused: nothing was simulated/);
  });

  it("says so when --until is not a date-time (usage error, exit 2)", async () => {
    const { dir, events } = setup(HISTORY);
    const r = await runCli(["simulate", dir, "--events", events, "--until", "next week"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--until");
  });
});
