/**
 * Prints a generated workspace model as YAML text (`*.funnel.yaml`), following the YAML
 * section of docs/language.md: one top-level key per declaration kind, DSL text inside
 * strings for conditions, actions, steps and the other small phrases.
 */
import type { DeclModel, FileModel, Lit, StageModel, StepModel } from "./model.js";
import { SECTION } from "../../dsl/print/yaml.js";

const RESERVED = new Set(["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]);

/**
 * A YAML scalar for a string: plain when that cannot be misread (also inside flow
 * collections), single-quoted otherwise — the style the docs use for conditions.
 */
export function yamlString(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_ ./@-]*$/.test(s) && !s.endsWith(" ") && !RESERVED.has(s.toLowerCase())) return s;
  return `'${s.replaceAll("'", "''")}'`;
}

function lit(v: Lit): string {
  if (Array.isArray(v)) return `[${v.map(yamlString).join(", ")}]`;
  return typeof v === "string" ? yamlString(v) : String(v);
}

/** `{ a: 1, b: x }` from entries whose values are already YAML text. */
function flow(entries: [string, string][]): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
}

function stage(s: StageModel): string {
  const body: [string, string][] = [];
  if (s.label !== undefined) body.push(["label", yamlString(s.label)]);
  if (s.initial === true) body.push(["initial", "true"]);
  if (s.manual === true) body.push(["manual", "true"]);
  if (s.category !== undefined) body.push(["category", s.category]);
  if (s.when.length > 0) body.push(["when", `[${s.when.map(yamlString).join(", ")}]`]);
  return `      - ${s.name}: ${flow(body)}`;
}

function steps(items: StepModel[], indent: string): string[] {
  const out: string[] = [];
  for (const step of items) {
    if (typeof step === "string") {
      out.push(`${indent}- ${yamlString(step)}`);
      continue;
    }
    if ("line" in step) {
      out.push(`${indent}- ${step.label}: ${yamlString(step.line)}`);
      continue;
    }
    out.push(`${indent}- if: ${yamlString(step.if)}`);
    if (step.label !== undefined) out.push(`${indent}  label: ${step.label}`);
    out.push(`${indent}  then:`, ...steps(step.then, `${indent}    `));
    if (step.else !== undefined) out.push(`${indent}  else:`, ...steps(step.else, `${indent}    `));
  }
  return out;
}

/** The lines one declaration adds under its group key (or at the top for version/timezone). */
function decl(d: DeclModel): string[] {
  switch (d.kind) {
    case "version":
    case "timezone":
      return [`${d.kind}: '${d.value}'`];
    case "field":
      return [`  ${d.name}: ${d.default === undefined ? yamlString(d.type) : flow([["type", yamlString(d.type)], ["default", lit(d.default)]])}`];
    case "event":
      return [`  ${d.name}: ${flow(d.props.map(([n, t]) => [n, yamlString(t)]))}`];
    case "score": {
      const body: [string, string][] = [];
      if (d.label !== undefined) body.push(["label", yamlString(d.label)]);
      if (d.fit === true) body.push(["kind", "fit"]);
      if (d.accountFrom !== undefined) body.push(["for", "account"], ["from", yamlString(d.accountFrom)]);
      if (d.limit !== undefined) body.push(["limit", yamlString(d.limit)]);
      if (d.decay !== undefined) body.push(["decay", yamlString(d.decay)]);
      if (d.per !== undefined) body.push(["per", yamlString(d.per)]);
      return [`  ${d.name}: ${flow(body)}`];
    }
    case "rule": {
      const body: [string, string][] =
        d.on !== undefined
          ? [["on", d.on], ...(d.if === undefined ? [] : [["if", yamlString(d.if)] as [string, string]])]
          : [["when", yamlString(d.when ?? "")]];
      body.push(["score", d.score], ["points", String(d.points)]);
      if (d.once === true) body.push(["once", "true"]);
      if (d.atMost !== undefined) body.push(["at most", yamlString(d.atMost)]);
      return [`  ${yamlString(d.name)}: ${flow(body)}`];
    }
    case "segment": {
      const body: [string, string][] = [];
      if (d.label !== undefined) body.push(["label", yamlString(d.label)]);
      body.push(d.when === undefined ? ["static", "true"] : ["when", yamlString(d.when)]);
      return [`  ${d.name}: ${flow(body)}`];
    }
    case "suppress":
      return [`  ${d.segment}: [${d.scores.join(", ")}]`];
    case "pipeline": {
      const lines = [`  ${d.name}:`];
      if (d.label !== undefined) lines.push(`    label: ${yamlString(d.label)}`);
      if (d.per !== undefined) lines.push(`    per: ${yamlString(d.per)}`);
      if (d.allow.length > 0) lines.push(`    allow: [${d.allow.map(yamlString).join(", ")}]`);
      if (d.manualLock !== undefined) lines.push(`    manual lock: ${d.manualLock}`);
      lines.push("    stages:", ...d.stages.map(stage));
      return lines;
    }
    case "threshold": {
      const lines = [`  ${d.name}:`, `    when: ${yamlString(d.when)}`];
      if (d.cooldown !== undefined) lines.push(`    cooldown: ${d.cooldown}`);
      if (d.per !== undefined) lines.push(`    per: ${yamlString(d.per)}`);
      lines.push("    do:", ...d.actions.map((a) => `      - ${yamlString(a)}`));
      return lines;
    }
    case "feedback":
      return [
        `  ${d.name}:`,
        `    ask: ${yamlString(d.ask)}`,
        ...d.outcomes.map(([o, acts]) => `    ${o}: [${acts.map(yamlString).join(", ")}]`),
      ];
    case "campaign": {
      const lines = [`  ${d.name}:`];
      if (d.label !== undefined) lines.push(`    label: ${yamlString(d.label)}`);
      if (d.enter !== undefined) lines.push(`    enter: ${yamlString(d.enter)}`);
      if (d.leave !== undefined) lines.push(`    leave: ${yamlString(`when ${d.leave}`)}`);
      if (d.goal !== undefined) lines.push(`    goal: ${yamlString(d.goal)}`);
      if (d.reenter !== undefined) lines.push(`    reenter: ${yamlString(d.reenter)}`);
      if (d.onChange !== undefined) lines.push(`    on change: ${d.onChange}`);
      if (d.sendWindow !== undefined) lines.push(`    send window: ${yamlString(d.sendWindow)}`);
      lines.push("    steps:", ...steps(d.steps, "      "));
      return lines;
    }
    case "channel": {
      const settings = d.settings.map(([k, v]): [string, string] => [k, "env" in v ? flow([["env", v.env]]) : yamlString(v.str)]);
      return [`  ${d.name}: ${flow([["type", d.type], ...settings])}`];
    }
  }
}

/** The top-level key a declaration kind lives under: the printer's own table (version and timezone stand alone). */
const groupOf = (kind: DeclModel["kind"]): string | undefined => (kind === "version" || kind === "timezone" ? undefined : SECTION[kind]);

/** The text of one `*.funnel.yaml` file. Consecutive declarations of one kind share a group key. */
export function printYamlFile(file: FileModel, header: string): string {
  const out: string[] = [`# ${header}`, ""];
  let group: string | undefined;
  file.decls.forEach((d, i) => {
    const g = groupOf(d.kind);
    if (g !== group) {
      if (g !== undefined) out.push(`${g}:`);
      group = g;
    }
    if (i % 50 === 7) out.push(`  # ${d.kind} ${i}`);
    out.push(...decl(d));
  });
  return `${out.join("\n")}\n`;
}
