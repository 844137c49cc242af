/**
 * Plain, readable text of a message per kind, for email and the log: what happened, to
 * whom, and what to do (a feedback request lists one link per outcome).
 */
import { feedbackAsk } from "./message.js";
import type { RequestLinks } from "./links.js";
import type { OutboundMessage } from "./types.js";

export interface TextMessage {
  subject: string;
  text: string;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const minute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const words = (name: string): string => name.replace(/_/g, " ");

/** `threshold:mql` → `the threshold "mql"`; anything else as written. */
function why(reason: string | number | undefined): string | undefined {
  if (typeof reason !== "string") return undefined;
  const [what, ...rest] = reason.split(":");
  const name = rest.join(":");
  if (what === "threshold") return `the threshold "${name}" was reached`;
  if (what === "campaign") return `a step of the campaign "${name}"`;
  if (what === "feedback") return `an outcome of the feedback loop "${name}"`;
  return reason;
}

function details(m: OutboundMessage, skip: readonly string[] = []): string[] {
  const lines = [`Contact: ${m.contact ?? "(none)"}`, `When: ${minute(m.at)}`];
  if (m.template !== null) lines.push(`Template: ${m.template}`);
  for (const [k, v] of Object.entries(m.data).sort(([a], [b]) => (a < b ? -1 : 1))) if (k !== "reason" && !skip.includes(k)) lines.push(`${k}: ${v}`);
  lines.push("", `Message id: ${m.key}`);
  return lines;
}

function feedbackText(m: OutboundMessage, links: RequestLinks | undefined): TextMessage {
  const ask = feedbackAsk(m);
  const loop = ask?.loop ?? String(m.data["loop"] ?? "feedback");
  const lines = [`Hello,`, "", `How good a lead is ${m.contact ?? "this contact"}? (feedback loop "${loop}", request ${ask?.ask ?? 1})`, ""];
  if (links !== undefined && Object.keys(links.links).length > 0) {
    lines.push("One click records your answer:", "");
    const width = Math.max(...Object.keys(links.links).map((o) => words(o).length));
    for (const [outcome, url] of Object.entries(links.links)) lines.push(`  ${(words(outcome) + ":").padEnd(width + 1)}  ${url}`);
    lines.push("", `These links work until ${day(links.expiresAt)}.`);
  } else {
    const outcomes = ask?.outcomes ?? [];
    lines.push(`Possible answers: ${outcomes.map(words).join(", ") || "(none listed)"}.`, "No answer links are configured (set FUNNELFORM_SECRET on the worker to send them).");
  }
  lines.push("", ...details(m, ["loop", "ask", "outcomes"]));
  return { subject: `How good is this lead? ${m.contact ?? ""} (${words(loop)})`.trim(), text: lines.join("\n") + "\n" };
}

/** The subject and plain-text body of `m`. */
export function textOf(m: OutboundMessage, links?: RequestLinks): TextMessage {
  const reason = why(m.data["reason"]);
  const contact = m.contact ?? "a contact";
  switch (m.kind) {
    case "feedback":
      return feedbackText(m, links);
    case "escalate": {
      const loop = String(m.data["loop"] ?? "feedback");
      const asks = m.data["asks"];
      const text = [
        "Hello,",
        "",
        `Nobody has judged the lead ${contact} yet: the feedback loop "${loop}" asked ${asks ?? "several"} times without an answer.`,
        "Please follow up with its owner.",
        "",
        ...details(m, ["loop", "asks"]),
      ];
      return { subject: `No answer about the lead ${contact} (${words(loop)})`, text: text.join("\n") + "\n" };
    }
    case "notify": {
      const text = ["Hello,", "", `${contact} needs your attention${reason ? `: ${reason}` : ""}.`, "", ...details(m)];
      return { subject: `${m.template ?? "Notice"}: ${contact}`, text: text.join("\n") + "\n" };
    }
    case "email": {
      const text = [`This is the email "${m.template ?? ""}" for ${contact}${reason ? ` (${reason})` : ""}.`, "", ...details(m)];
      return { subject: m.template ?? "Message", text: text.join("\n") + "\n" };
    }
    default: {
      const text = [`A ${m.kind} message about ${contact}${reason ? `: ${reason}` : ""}.`, "", ...details(m)];
      return { subject: `${m.kind}: ${contact}`, text: text.join("\n") + "\n" };
    }
  }
}
