import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { generateHistory, WORKSPACES, type WorkspaceName } from "../../bench/gen-history.js";

const ROOT = join(import.meta.dirname, "../../examples");

function compileExample(name: string) {
  const dir = join(ROOT, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel") || f.endsWith(".funnel.yaml"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  return compileWorkspace(files);
}

const jsType = (t: string) => (t === "number" ? "number" : t === "boolean" ? "boolean" : "string");

describe.each(Object.keys(WORKSPACES) as WorkspaceName[])("a history for examples/%s", (workspace) => {
  const compiled = compileExample(workspace);
  const ir = compiled.value?.ir;
  const events = [...generateHistory({ workspace, contacts: 200, days: 30, seed: 2 })];

  it("uses only event types and props the workspace declares, with their types", () => {
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    if (ir === undefined) throw new Error(`examples/${workspace} did not compile`);
    const problems = new Set<string>();
    for (const e of events) {
      if (e.type === "contact.updated" || e.type === "feedback.given") continue;
      const declared = ir.events[e.type];
      if (declared === undefined) {
        problems.add(`undeclared event ${e.type}`);
        continue;
      }
      for (const [prop, value] of Object.entries(e.props)) {
        const p = declared.props[prop];
        if (p === undefined) problems.add(`${e.type} has no prop ${prop}`);
        else if (typeof value !== jsType(p.type)) problems.add(`${e.type}.${prop} is ${p.type}, got ${typeof value}`);
      }
    }
    expect([...problems]).toEqual([]);
  });

  it("sets only declared fields, with their types, and answers only declared feedback loops", () => {
    if (ir === undefined) throw new Error(`examples/${workspace} did not compile`);
    const problems = new Set<string>();
    for (const e of events) {
      if (e.type === "contact.updated") {
        for (const [field, value] of Object.entries(e.props)) {
          const f = ir.fields[field];
          if (f === undefined) problems.add(`undeclared field ${field}`);
          else if (typeof value !== jsType(f.type)) problems.add(`field ${field} is ${f.type}, got ${typeof value}`);
        }
      }
      if (e.type === "feedback.given" && ir.feedback[String(e.props.loop)] === undefined) problems.add(`unknown feedback loop ${String(e.props.loop)}`);
    }
    expect([...problems]).toEqual([]);
  });
});
