import type { Action, Recipient } from "../../schemas/ir.js";
import type { ActionNode, RecipientNode } from "../ast.js";
import { mark, type LowerContext } from "./context.js";
import { lowerLiteral } from "./literal.js";
import { ptr } from "./pointer.js";

export function lowerRecipient(ctx: LowerContext, node: RecipientNode, p: string): Recipient {
  mark(ctx, p, node.span);
  switch (node.kind) {
    case "owner":
      return { to: "owner" };
    case "field":
      mark(ctx, ptr(p, "field"), node.field.span);
      return { to: "field", field: node.field.text };
    case "address":
      mark(ctx, ptr(p, "address"), node.address.span);
      return { to: "address", address: node.address.value };
  }
}

/** Lowers one action at IR pointer `p`; which actions a context allows is a check. */
export function lowerAction(ctx: LowerContext, node: ActionNode, p: string): Action {
  mark(ctx, p, node.span);
  const at = (key: string, span: ActionNode["span"]): void => mark(ctx, ptr(p, key), span);
  switch (node.kind) {
    case "notify": {
      at("template", node.template.span);
      const out: Action = { do: "notify", to: lowerRecipient(ctx, node.to, ptr(p, "to")), template: node.template.value };
      if (node.channel !== undefined) {
        at("channel", node.channel.span);
        out.channel = node.channel.text;
      }
      return out;
    }
    case "feedback":
      at("loop", node.loop.span);
      return { do: "feedback", loop: node.loop.text };
    case "stage":
      at("pipeline", node.pipeline.span);
      at("stage", node.stage.span);
      return { do: "stage", pipeline: node.pipeline.text, stage: node.stage.text };
    case "tag":
    case "untag":
      at("tag", node.tag.span);
      return { do: node.kind, tag: node.tag.text };
    case "add_to":
    case "remove_from":
      at("segment", node.segment.span);
      return { do: node.kind === "add_to" ? "add_to_segment" : "remove_from_segment", segment: node.segment.text };
    case "start":
      at("campaign", node.campaign.span);
      return { do: "start", campaign: node.campaign.text };
    case "set":
      at("field", node.field.span);
      at("value", node.value.span);
      return { do: "set", field: node.field.text, value: lowerLiteral(ctx, node.value) };
    case "webhook":
      at("channel", node.channel.span);
      return { do: "webhook", channel: node.channel.text };
    case "send_email": {
      at("template", node.template.span);
      const out: Action = { do: "send_email", template: node.template.value };
      if (node.channel !== undefined) {
        at("channel", node.channel.span);
        out.channel = node.channel.text;
      }
      return out;
    }
    case "points":
      at("score", node.score.span);
      at("points", node.points.span);
      return { do: "points", score: node.score.text, points: node.points.value };
    case "delete_contact":
      if (node.after === undefined) return { do: "delete_contact" };
      at("after", node.after.span);
      return { do: "delete_contact", after: node.after.seconds };
  }
}

/** Lowers a list of actions at `p/0`, `p/1`, ... */
export function lowerActions(ctx: LowerContext, nodes: readonly ActionNode[], p: string): Action[] {
  return nodes.map((a, i) => lowerAction(ctx, a, ptr(p, i)));
}
