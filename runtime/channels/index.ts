/**
 * Channels: the senders of the outbox's messages (log, webhook, smtp) and the loop that
 * sends them. A worker calls `resolveChannels(ir, process.env, …)` — refusing to start with
 * its `errors` — then `runOutboxSender({ db, senders, worker, signal })`.
 */
export type { ChannelSender, FeedbackLinkRequest, LinkBuilder, MessageKind, OutboundMessage, SendResult } from "./types.js";
export { channelEnvErrors, channelEnvNeeds, type ChannelEnvNeed, type Env } from "./env-check.js";
export { closeSenders, IMPLICIT_LOG_CHANNELS, resolveChannels, type ResolvedChannels, type ResolveOptions } from "./resolve.js";
export { createLogSender, logLine, type LogSenderOptions } from "./log-sender.js";
export { createWebhookSender, webhookBody, type WebhookBody, type WebhookSenderOptions } from "./webhook-sender.js";
export { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER, verifySignature } from "./webhook-signature.js";
export { createSmtpSender, type SmtpSenderOptions } from "./smtp-sender.js";
export { textOf, type TextMessage } from "./text-body.js";
export { createLinkBuilder, DEFAULT_LINK_TTL_MS, linksFor } from "./links.js";
export { backoffMs, DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
export { NOT_FOR_CHANNELS, runOutboxSender, sendDueOnce, type OutboxSenderOptions, type PassSummary, type SenderLookup, type SendOutcome } from "./run-sender.js";
export { describeOutcome, linkBuilderFromEnv, startChannelSender, type ChannelWorkerOptions, type StartedChannels } from "./channel-worker.js";
