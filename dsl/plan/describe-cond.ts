import type { Action, Cond, Key, Literal, Recipient, Ref } from "../../schemas/ir.js";

/**
 * IR → readable DSL-like text, for plan output. Plans compare compiled IRs (possibly
 * read from a database or a git ref in another syntax), so they cannot reuse the
 * author's text: this renders what the IR means, in the language's own words.
 */
export function describeCond(c: Cond, parent: "and" | "or" | "not" | "top" = "top"): string {
  switch (c.op) {
    case "and":
    case "or": {
      const text = c.args.map((a) => describeCond(a, c.op)).join(` ${c.op} `);
      return (parent === "and" && c.op === "or") || parent === "not" ? `(${text})` : text;
    }
    case "not":
      return `not ${describeCond(c.arg, "not")}`;
    case "cmp":
      return `${ref(c.ref)} ${c.cmp} ${literal(c.value)}`;
    case "text":
      return `${ref(c.ref)} ${c.fn} ${literal(c.value)}`;
    case "in":
      return `${ref(c.ref)} in [${c.values.map(literal).join(", ")}]`;
    case "set":
      return `${ref(c.ref)} is set`;
    case "true":
      return ref(c.ref);
    case "tagged":
      return `tagged ${c.tag}`;
    case "segment":
      return `in segment ${c.segment}`;
    case "stage": {
      const p = `${c.pipeline}${c.key ? key(c.key) : ""}`;
      return c.stages.length === 1 ? `stage ${p} is ${c.stages[0] ?? ""}` : `stage ${p} in [${c.stages.join(", ")}]`;
    }
    case "history": {
      const where = c.where ? ` if ${describeCond(c.where)}` : "";
      const within = c.within ? ` within ${duration(c.within)}` : "";
      if (c.agg === "count" && c.cmp === ">=" && c.value === 1) return `did ${c.event}${where}${within}`;
      if (c.agg === "count") return `count(${c.event}${where}${within}) ${c.cmp} ${c.value}`;
      return `sum(${c.prop ?? "?"} of ${c.event}${where}${within}) ${c.cmp} ${c.value}`;
    }
    case "ago":
      return `${ref(c.ref)} ${c.dir} ${duration(c.seconds)} ago`;
  }
}

function ref(r: Ref): string {
  switch (r.ref) {
    case "field":
    case "prop":
      return r.name;
    case "attr":
      return r.name === "last_active_at" ? "last_active" : r.name;
    case "score":
      return `${r.score}${r.key && r.key.key !== "context" ? key(r.key) : ""}`;
  }
}

function key(k: Key): string {
  return k.key === "any" ? "[any]" : k.key === "value" ? `[${k.value}]` : "";
}

export function literal(v: Literal): string {
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

// No weeks: authors write `7d`, and a plan that says `1w` reads like someone else's change.
const UNITS: [number, string][] = [
  [86400, "d"],
  [3600, "h"],
  [60, "m"],
  [1, "s"],
];

/** The largest unit that divides the duration exactly: 604800 → `7d`, 90000 → `25h`. */
export function duration(seconds: number): string {
  for (const [size, unit] of UNITS) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

function recipient(r: Recipient): string {
  return r.to === "owner" ? "owner" : r.to === "field" ? r.field : JSON.stringify(r.address);
}

export function describeAction(a: Action): string {
  switch (a.do) {
    case "notify":
      return `notify ${recipient(a.to)} ${JSON.stringify(a.template)}${a.channel ? ` via ${a.channel}` : ""}`;
    case "feedback":
      return `feedback ${a.loop}`;
    case "stage":
      return `stage ${a.pipeline}.${a.stage}`;
    case "tag":
    case "untag":
      return `${a.do} ${a.tag}`;
    case "add_to_segment":
      return `add to ${a.segment}`;
    case "remove_from_segment":
      return `remove from ${a.segment}`;
    case "start":
      return `start ${a.campaign}`;
    case "set":
      return `set ${a.field} = ${literal(a.value)}`;
    case "webhook":
      return `webhook ${a.channel}`;
    case "send_email":
      return `send email ${JSON.stringify(a.template)}${a.channel ? ` via ${a.channel}` : ""}`;
    case "points":
      return `points ${a.score} ${a.points >= 0 ? "+" : ""}${a.points}`;
    case "delete_contact":
      return `delete contact${a.after ? ` after ${duration(a.after)}` : ""}`;
  }
}

export function describeRecipient(r: Recipient): string {
  return recipient(r);
}
