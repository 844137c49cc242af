/**
 * Prints a generated workspace model as DSL text (`*.funnel`), following docs/language.md.
 */
import { litText, signed, type DeclModel, type FileModel, type StageModel, type StepModel } from "./model.js";

const q = (s: string): string => JSON.stringify(s);

function stage(s: StageModel): string {
  const parts = ["stage", s.name];
  if (s.label !== undefined) parts.push(q(s.label));
  if (s.initial === true) parts.push("initial");
  if (s.manual === true) parts.push("manual");
  for (const t of s.when) parts.push(`when ${t}`);
  if (s.category !== undefined) parts.push(`category ${s.category}`);
  return `  ${parts.join(" ")}`;
}

function steps(items: StepModel[], indent: string): string[] {
  const out: string[] = [];
  for (const step of items) {
    if (typeof step === "string") {
      out.push(`${indent}${step}`);
      continue;
    }
    if ("line" in step) {
      out.push(`${indent}${step.label}: ${step.line}`);
      continue;
    }
    out.push(`${indent}${step.label === undefined ? "" : `${step.label}: `}if ${step.if} {`, ...steps(step.then, `${indent}  `));
    if (step.else === undefined) out.push(`${indent}}`);
    else out.push(`${indent}} else {`, ...steps(step.else, `${indent}  `), `${indent}}`);
  }
  return out;
}

function decl(d: DeclModel): string {
  switch (d.kind) {
    case "version":
    case "timezone":
      return `${d.kind} ${q(d.value)}`;
    case "field":
      return `field ${d.name}: ${d.type}${d.default === undefined ? "" : ` = ${litText(d.default)}`}`;
    case "event":
      return `event ${d.name} { ${d.props.map(([n, t]) => `${n}: ${t}`).join(", ")} }`;
    case "score": {
      const head = `score ${d.name}${d.label === undefined ? "" : ` ${q(d.label)}`}${d.accountFrom === undefined ? "" : " for account"}`;
      const body: string[] = [];
      if (d.accountFrom !== undefined) body.push(`from ${d.accountFrom}`);
      if (d.fit === true) body.push("kind fit");
      if (d.limit !== undefined) body.push(`limit ${d.limit}`);
      if (d.decay !== undefined) body.push(`decay ${d.decay}`);
      if (d.per !== undefined) body.push(`per ${d.per}`);
      return `${head} { ${body.join("  ")} }`;
    }
    case "rule": {
      const trigger = d.on !== undefined ? `on ${d.on}${d.if === undefined ? "" : ` if ${d.if}`}` : `when ${d.when ?? ""}`;
      const tail = d.once === true ? " once" : d.atMost !== undefined ? ` at most ${d.atMost}` : "";
      return `rule ${q(d.name)} ${trigger} ${d.score} ${signed(d.points)}${tail}`;
    }
    case "segment": {
      const head = `segment ${d.name}${d.label === undefined ? "" : ` ${q(d.label)}`}`;
      return d.when === undefined ? `${head} static` : `${head} { ${d.when} }`;
    }
    case "suppress":
      return `suppress ${d.scores.join(", ")} while in ${d.segment}`;
    case "pipeline": {
      const lines = [`pipeline ${d.name}${d.label === undefined ? "" : ` ${q(d.label)}`} {`];
      if (d.per !== undefined) lines.push(`  per ${d.per}`);
      for (const a of d.allow) lines.push(`  allow ${a}`);
      if (d.manualLock !== undefined) lines.push(`  manual lock ${d.manualLock}`);
      lines.push(...d.stages.map(stage), "}");
      return lines.join("\n");
    }
    case "threshold": {
      const lines = [`threshold ${d.name} when ${d.when} {`];
      if (d.cooldown !== undefined) lines.push(`  cooldown ${d.cooldown}`);
      if (d.per !== undefined) lines.push(`  per ${d.per}`);
      lines.push(...d.actions.map((a) => `  ${a}`), "}");
      return lines.join("\n");
    }
    case "feedback":
      return [`feedback ${d.name} {`, `  ask ${d.ask}`, ...d.outcomes.map(([o, acts]) => `  ${o} -> ${acts.join(", ")}`), "}"].join(
        "\n",
      );
    case "campaign": {
      const lines = [`campaign ${d.name}${d.label === undefined ? "" : ` ${q(d.label)}`} {`];
      if (d.enter !== undefined) lines.push(`  enter ${d.enter}`);
      if (d.leave !== undefined) lines.push(`  leave when ${d.leave}`);
      if (d.goal !== undefined) lines.push(`  goal ${d.goal}`);
      if (d.reenter !== undefined) lines.push(`  reenter ${d.reenter}`);
      if (d.onChange !== undefined) lines.push(`  on change ${d.onChange}`);
      if (d.sendWindow !== undefined) lines.push(`  send window ${d.sendWindow}`);
      lines.push("", ...steps(d.steps, "  "), "}");
      return lines.join("\n");
    }
    case "channel": {
      const settings = d.settings.map(([k, v]) => `${k} ${"env" in v ? `env(${q(v.env)})` : q(v.str)}`);
      return `channel ${d.name} { ${[`type ${d.type}`, ...settings].join("  ")} }`;
    }
  }
}

/** Block declarations get a blank line around them; one-liners stay together. */
const isBlock = (d: DeclModel): boolean => d.kind === "pipeline" || d.kind === "threshold" || d.kind === "feedback" || d.kind === "campaign";

/** The text of one `*.funnel` file. */
export function printDslFile(file: FileModel, header: string): string {
  const out: string[] = [`# ${header}`];
  let prevBlock = true;
  file.decls.forEach((d, i) => {
    if (isBlock(d) || prevBlock) out.push("");
    // An occasional comment above a declaration exercises comment attachment.
    if (i % 50 === 7) out.push(`# ${d.kind} ${i}`);
    out.push(decl(d));
    prevBlock = isBlock(d);
  });
  return `${out.join("\n")}\n`;
}
