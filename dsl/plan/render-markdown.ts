import type { IrDiff } from "./diff.js";
import { renderDiffText, summaryLine, type PlanStyle } from "./render-diff.js";

/** A hosted code review's comment limit; the full plan goes to the plan file instead. */
export const COMMENT_LIMIT = 65_536;

const none: PlanStyle = { add: (s) => s, change: (s) => s, remove: (s) => s, bold: (s) => s, dim: (s) => s };

/** A ready pull-request comment: the summary up front, the changes in a collapsed diff block. */
export function renderDiffMarkdown(d: IrDiff, meta: { baseHash: string; hash: string }): string {
  const head = [
    "### funnelform plan",
    "",
    `**${summaryLine(d)}**`,
    "",
    `Base \`${meta.baseHash.slice(0, 12)}\` → this change \`${meta.hash.slice(0, 12)}\``,
  ];
  if (d.changes.length === 0) return head.join("\n");
  // A diff block colours lines by their first character: move each sign to column 0.
  const body = renderDiffText(d, none)
    .split("\n")
    .slice(0, -2)
    .map((line) => line.replace(/^(\s*)([+~-]) /, (_m: string, pad: string, sign: string) => `${sign === "~" ? "!" : sign}${pad} `))
    .join("\n");
  const room = COMMENT_LIMIT - head.join("\n").length - 400;
  const shown = body.length > room ? `${body.slice(0, body.lastIndexOf("\n", room))}\n… (cut here: the full plan is in the plan file, funnelform plan -out FILE)` : body;
  return [...head, "", "<details><summary>Changes</summary>", "", "```diff", shown, "```", "", "</details>"].join("\n");
}
