/**
 * The whole pull-request comment: the diff's summary, the impact tables, then the collapsed
 * details — cut, when the comment would pass a hosted code review's limit, with a pointer to
 * the full plan.
 */
import { COMMENT_LIMIT } from "../../dsl/plan/render-markdown.js";
import { renderImpactMarkdown } from "./render-impact.js";
import type { Impact } from "./impact.js";

const POINTER = "… (cut here to fit a pull-request comment: the full plan is in the plan file, `funnelform plan -out FILE`, or `--format json`)";

/** Cuts `text` at a line boundary to at most `room` characters, closing any open block. */
export function cutTo(text: string, room: number): string {
  if (text.length <= room) return text;
  const reserve = POINTER.length + 40;
  let kept = text.slice(0, Math.max(0, text.lastIndexOf("\n", Math.max(0, room - reserve))));
  const fences = (kept.match(/^```/gm) ?? []).length;
  const opened = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  kept += `\n${fences % 2 === 1 ? "```\n" : ""}${POINTER}`;
  for (let k = 0; k < opened; k++) kept += "\n\n</details>";
  return kept;
}

/** `diffMarkdown` is `renderDiffMarkdown`'s output; the result stays under COMMENT_LIMIT. */
export function planComment(diffMarkdown: string, impact?: Impact): string {
  const at = diffMarkdown.indexOf("\n\n<details>");
  const head = at < 0 ? diffMarkdown : diffMarkdown.slice(0, at);
  const diffDetails = at < 0 ? "" : diffMarkdown.slice(at + 2);
  const im = impact === undefined ? undefined : renderImpactMarkdown(impact);
  // The summaries always fit (a few dozen rows); the details share what room is left.
  const top = [head, ...(im ? [im.summary] : [])].join("\n\n");
  let room = COMMENT_LIMIT - top.length - 100;
  const parts = [top];
  for (const d of [diffDetails, im?.details ?? ""]) {
    if (d === "") continue;
    const fitted = cutTo(d, Math.max(0, room));
    if (fitted.length === 0 || room <= POINTER.length + 40) {
      parts.push(POINTER);
      break;
    }
    parts.push(fitted);
    room -= fitted.length + 2;
  }
  return cutTo(parts.join("\n\n"), COMMENT_LIMIT);
}
