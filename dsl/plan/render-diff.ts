import type { EntityChange, IrDiff } from "./diff.js";

/** Colours for text output; identity functions when not on a terminal. */
export interface PlanStyle {
  add(s: string): string;
  change(s: string): string;
  remove(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const ident = /^[A-Za-z_][A-Za-z0-9_.]*$/;
export const entityName = (name: string): string => (ident.test(name) ? name : JSON.stringify(name));

const SIGN = { add: "+", change: "~", remove: "-", rename: "~" } as const;

/** What a rename does to state the runtime keeps under the old name. */
export function renameWarning(c: EntityChange): string | undefined {
  switch (c.kind) {
    case "score":
      return `stored values and the ledger of score ${c.from ?? ""} will not follow the new name`;
    case "rule":
      return `\`once\` and \`at most\` counters of rule ${JSON.stringify(c.from ?? "")} will start again`;
    case "segment":
      return `members of static segment ${c.from ?? ""} will not follow`;
    case "pipeline":
      return `stages and stage history kept under ${c.from ?? ""} will not follow`;
    case "threshold":
      return `threshold ${c.from ?? ""} will be armed again: contacts above it may be alerted a second time`;
    case "feedback":
    case "campaign":
      return `loops and enrollments in flight under ${c.from ?? ""} keep the old name`;
    default:
      return undefined;
  }
}

export function summaryLine(d: IrDiff): string {
  const { add, change, remove, rename } = d.summary;
  if (d.changes.length === 0) return "No changes. The workspace matches the base.";
  const renamed = rename > 0 ? `, ${rename} to rename` : "";
  return `Plan: ${add} to add, ${change} to change, ${remove} to remove${renamed}.`;
}

/** Terraform-style `+ ~ -` lines with the changed attributes, old → new. */
export function renderDiffText(d: IrDiff, s: PlanStyle): string {
  const paint = (c: EntityChange["action"], text: string) =>
    c === "add" ? s.add(text) : c === "remove" ? s.remove(text) : s.change(text);
  const lines: string[] = [];
  for (const c of d.changes) {
    const head = `${SIGN[c.action]} ${c.kind} ${entityName(c.name)}`;
    lines.push(`  ${paint(c.action, head)}${c.action === "rename" ? s.dim(` (renamed from ${entityName(c.from ?? "")})`) : ""}`);
    if (c.action === "rename") {
      const w = renameWarning(c);
      if (w) lines.push(`      ${s.change("!")} ${w}`);
    }
    for (const a of c.attributes) {
      if (c.action === "add") lines.push(`      ${s.add("+")} ${a.attribute}: ${a.after ?? ""}`);
      else if (c.action === "remove") lines.push(`      ${s.remove("-")} ${a.attribute}: ${a.before ?? ""}`);
      else if (a.before === undefined) lines.push(`      ${s.add("+")} ${a.attribute}: ${a.after ?? ""}`);
      else if (a.after === undefined) lines.push(`      ${s.remove("-")} ${a.attribute}: ${a.before}`);
      else lines.push(`      ${s.change("~")} ${a.attribute}: ${a.before} ${s.dim("→")} ${a.after}`);
    }
  }
  lines.push("", s.bold(summaryLine(d)));
  return lines.join("\n");
}
