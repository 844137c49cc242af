/** The one-click outcome links of a feedback request, for every sender alike. */
import { feedbackLinks } from "../api/feedback-link.js";
import { feedbackAsk } from "./message.js";
import type { LinkBuilder, OutboundMessage } from "./types.js";

/** How long a feedback link works by default: a month, longer than a typical loop of asks. */
export const DEFAULT_LINK_TTL_MS = 30 * 24 * 3600 * 1000;

/** The links of a feedback request and when they expire. */
export interface RequestLinks {
  links: Record<string, string>;
  expiresAt: number;
}

/**
 * The links for `m` when it is a feedback request and a builder is configured; undefined
 * otherwise. Links expire the builder's `ttlMs` after the ask was decided (not after it was sent, so a
 * retried send does not extend them).
 */
export function linksFor(m: OutboundMessage, build: LinkBuilder | undefined): RequestLinks | undefined {
  if (build === undefined || m.contact === null) return undefined;
  const ask = feedbackAsk(m);
  if (ask === undefined) return undefined;
  const expiresAt = m.at + (build.ttlMs ?? DEFAULT_LINK_TTL_MS);
  return { links: build({ contact: m.contact, loop: ask.loop, startedAt: ask.startedAt, outcomes: ask.outcomes, expiresAt }), expiresAt };
}

/**
 * The worker's link builder: links to `baseUrl/feedback/TOKEN` signed with `secret`
 * (`FUNNELFORM_SECRET`, checked by the API that records the click), valid `ttlMs`.
 */
export function createLinkBuilder(secret: string, baseUrl: string, ttlMs = DEFAULT_LINK_TTL_MS): LinkBuilder {
  const build: LinkBuilder = (request) => feedbackLinks(secret, baseUrl, request);
  build.ttlMs = ttlMs;
  return build;
}
