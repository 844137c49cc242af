/** What every channel sender shares: the message it sends and the result it reports. */

/** The kinds of message the engine writes (`OutboxEffect.kind`). */
export type MessageKind = "notify" | "email" | "webhook" | "feedback" | "escalate";

/** An outbox row read for sending: the engine's payload, typed. Times are epoch ms. */
export interface OutboundMessage {
  /** The idempotency key: a receiver that sees it twice must act once. */
  key: string;
  channel: string;
  /** A known `MessageKind`, or another kind written by a newer engine (sent as data). */
  kind: string;
  contact: string | null;
  /** The resolved address (owner, field or literal); null when the contact has none. */
  to: string | null;
  template: string | null;
  data: Record<string, string | number>;
  /** When the engine decided to send it. */
  at: number;
  configHash: string | null;
  /** This send is attempt number `attempt` (1 = the first). */
  attempt: number;
}

/**
 * The result of one send. `permanent` failures (the receiver refused the message for good,
 * the message has no address) are dead-lettered at once; the others are retried.
 */
export type SendResult =
  | { ok: true }
  | {
      ok: false;
      permanent: boolean;
      reason: string;
      /** The receiver asked to wait this long before the next try (HTTP `Retry-After`). */
      retryAfterMs?: number;
    };

/** A configured channel: sends one message, never throws for a failed send. */
export interface ChannelSender {
  /** The channel's name in the config (`crm_sync`, `email`). */
  readonly name: string;
  readonly type: "log" | "webhook" | "smtp";
  /** Sends `message`; `signal` aborts it when the claim's time is up. */
  send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult>;
  /** Releases connections (SMTP pools). */
  close?(): Promise<void>;
}

/** What a feedback link is built from (`feedbackLinks` in runtime/api/feedback-link.ts). */
export interface FeedbackLinkRequest {
  contact: string;
  loop: string;
  /** When this run of the loop started (epoch ms): links of an older run do not count. */
  startedAt: number;
  outcomes: string[];
  /** Epoch ms after which the links are refused. */
  expiresAt: number;
}

/**
 * Builds the signed one-click links of a feedback request: outcome → URL. The worker makes
 * one with `createLinkBuilder(FUNNELFORM_SECRET, baseUrl, ttlMs)`; without one, requests
 * carry no links (the email says how to configure them).
 */
export interface LinkBuilder {
  (request: FeedbackLinkRequest): Record<string, string>;
  /** How long links stay valid from the ask (default 30 days). */
  ttlMs?: number;
}
