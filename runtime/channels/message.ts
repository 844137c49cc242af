/**
 * Reads an outbox row's payload (written by `appendEffects`: `{ to, template?, data, at }`)
 * into a typed message, tolerating rows written by other code: a missing part becomes null.
 */
import { parseAskKey } from "../api/feedback-link.js";
import type { ClaimedMessage } from "../store/outbox.js";
import type { OutboundMessage } from "./types.js";

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function readData(v: unknown): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === "string" || typeof x === "number") out[k] = x;
  return out;
}

/** The claimed row as a message to send. */
export function toOutbound(row: ClaimedMessage): OutboundMessage {
  const p = isRecord(row.payload) ? row.payload : {};
  const at = typeof p["at"] === "string" ? Date.parse(p["at"]) : NaN;
  return {
    key: row.key,
    channel: row.channel,
    kind: row.kind,
    contact: row.contact,
    to: typeof p["to"] === "string" && p["to"] !== "" ? p["to"] : null,
    template: typeof p["template"] === "string" ? p["template"] : null,
    data: readData(p["data"]),
    at: Number.isNaN(at) ? row.availableAt : at,
    configHash: row.configHash,
    attempt: row.attempts,
  };
}

/** A feedback request's parts: which loop, which run of it, which ask, which outcomes. */
export interface FeedbackAsk {
  loop: string;
  startedAt: number;
  ask: number;
  outcomes: string[];
}

/**
 * The feedback request in `m`, or undefined when `m` is not one. The run's start comes from
 * `data.startedAt` when the engine writes it, else from the idempotency key
 * (`feedback:<loop>:<contact>:<ISO start>:ask:<n>`).
 */
export function feedbackAsk(m: OutboundMessage): FeedbackAsk | undefined {
  if (m.kind !== "feedback") return undefined;
  const fromKey = parseAskKey(m.key);
  const loop = typeof m.data["loop"] === "string" ? m.data["loop"] : fromKey?.loop;
  const started = m.data["startedAt"];
  const startedAt = typeof started === "string" ? Date.parse(started) : typeof started === "number" ? started : (fromKey?.startedAt ?? NaN);
  if (loop === undefined || Number.isNaN(startedAt)) return undefined;
  const ask = typeof m.data["ask"] === "number" ? m.data["ask"] : (fromKey?.ask ?? 1);
  const outcomes = typeof m.data["outcomes"] === "string" ? m.data["outcomes"].split(",").filter((o) => o !== "") : [];
  return { loop, startedAt, ask, outcomes };
}
