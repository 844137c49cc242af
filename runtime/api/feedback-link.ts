/**
 * Signed, expiring, single-purpose feedback links (SPEC section 1, feedback loops): the owner
 * of an MQL gets one link per outcome and one click records it. A token names one outcome of
 * one run of one loop for one contact, and when it stops being valid; it is signed with
 * HMAC-SHA256 under `FUNNELFORM_SECRET`, so nobody can change any of these without the secret.
 *
 * Token: base64url(JSON [version, contact, loop, startedAt ms, outcome, expiresAt ms]) "."
 * base64url(HMAC). The payload is readable (it is the owner's own lead), never secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** What one link records. Times are epoch ms. */
export interface FeedbackLinkClaim {
  contact: string;
  loop: string;
  /** The loop run's start (the threshold fire that started it): a link is for that run only. */
  startedAt: number;
  outcome: string;
  expiresAt: number;
}

export type VerifiedLink = { ok: true; claim: FeedbackLinkClaim } | { ok: false; reason: "malformed" | "forged" | "expired"; claim?: FeedbackLinkClaim };

const VERSION = 1;
/** Domain separation: a MAC made for anything else with the same secret never verifies here. */
const CONTEXT = "funnelform-feedback-link-v1.";

/** How long a link stays valid when `FUNNELFORM_FEEDBACK_LINK_TTL` is not set: 30 days. */
export const DEFAULT_LINK_TTL_MS = 30 * 86_400_000;

const mac = (secret: string, payload: string): Buffer => createHmac("sha256", secret).update(CONTEXT + payload).digest();

/** The token for one outcome of one loop run. */
export function signFeedbackToken(secret: string, claim: FeedbackLinkClaim): string {
  const payload = Buffer.from(JSON.stringify([VERSION, claim.contact, claim.loop, claim.startedAt, claim.outcome, claim.expiresAt])).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

function decodeClaim(payload: string): FeedbackLinkClaim | undefined {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || v.length !== 6 || v[0] !== VERSION) return undefined;
  const [, contact, loop, startedAt, outcome, expiresAt] = v as unknown[];
  if (typeof contact !== "string" || typeof loop !== "string" || typeof outcome !== "string") return undefined;
  if (typeof startedAt !== "number" || !Number.isFinite(startedAt) || typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) return undefined;
  return { contact, loop, startedAt, outcome, expiresAt };
}

/**
 * Checks a token: its signature (in constant time), then its expiry at `now`. The signature
 * is checked before the payload is trusted, so a changed character anywhere is "forged".
 */
export function verifyFeedbackToken(secret: string, token: string, now: number): VerifiedLink {
  const dot = token.indexOf(".");
  if (dot <= 0 || dot !== token.lastIndexOf(".") || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: "malformed" };
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = mac(secret, payload);
  // A base64url text that re-encodes differently (trailing bits changed) is not the token we made.
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString("base64url") !== token.slice(dot + 1)) {
    return { ok: false, reason: "forged" };
  }
  const claim = decodeClaim(payload);
  if (claim === undefined) return { ok: false, reason: "malformed" };
  if (claim.expiresAt <= now) return { ok: false, reason: "expired", claim };
  return { ok: true, claim };
}

/** The link for one token: `BASE/feedback/TOKEN`. */
export function feedbackLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/feedback/${token}`;
}

/** What the ask message knows about its run. `outcomes` as the engine writes them ("a,b,c") or a list. */
export interface FeedbackLinkRequest {
  contact: string;
  loop: string;
  startedAt: number;
  outcomes: string | readonly string[];
  expiresAt: number;
}

/**
 * One link per outcome for a feedback ask, for the outbox sender to put in the message at
 * send time (the engine's output stays free of secrets and URLs).
 */
export function feedbackLinks(secret: string, baseUrl: string, req: FeedbackLinkRequest): Record<string, string> {
  const outcomes = typeof req.outcomes === "string" ? req.outcomes.split(",").filter((o) => o !== "") : req.outcomes;
  const links: Record<string, string> = {};
  for (const outcome of outcomes) {
    const token = signFeedbackToken(secret, { contact: req.contact, loop: req.loop, startedAt: req.startedAt, outcome, expiresAt: req.expiresAt });
    links[outcome] = feedbackLinkUrl(baseUrl, token);
  }
  return links;
}

/** The run an ask outbox message belongs to, read from its idempotency key. */
export interface AskKey {
  loop: string;
  contact: string;
  startedAt: number;
  ask: number;
}

// `feedback:<loop>:<contact>:<start ISO>:ask:<n>` (docs/semantics.md). The contact id may hold
// colons; the ISO time at the end is fixed-shape, so the greedy contact part is unambiguous.
const ASK_KEY = /^feedback:([^:]+):(.+):(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z):ask:(\d+)$/;

/** Parses an ask message's key; undefined for any other key (escalations, outcome actions). */
export function parseAskKey(key: string): AskKey | undefined {
  const m = ASK_KEY.exec(key);
  if (m === null) return undefined;
  const [, loop, contact, start, ask] = m;
  if (loop === undefined || contact === undefined || start === undefined || ask === undefined) return undefined;
  return { loop, contact, startedAt: Date.parse(start), ask: Number(ask) };
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * How long links stay valid: `FUNNELFORM_FEEDBACK_LINK_TTL` (a duration like `30d`, `2w`,
 * `12h`), default 30 days. An unreadable value is an error naming the variable.
 */
export function feedbackLinkTtl(env: Record<string, string | undefined> = process.env): { ms: number } | { error: string } {
  const text = env["FUNNELFORM_FEEDBACK_LINK_TTL"];
  if (text === undefined || text === "") return { ms: DEFAULT_LINK_TTL_MS };
  const m = /^(\d+)\s*([smhdw])$/.exec(text.trim());
  const unit = m?.[2] === undefined ? undefined : UNIT_MS[m[2]];
  if (m === null || unit === undefined || Number(m[1]) <= 0) {
    return { error: `FUNNELFORM_FEEDBACK_LINK_TTL must be a duration like 30d, 2w or 12h, got "${text}"` };
  }
  return { ms: Number(m[1]) * unit };
}

/**
 * The links for one ask message as the outbox holds it (its key, contact and payload
 * `data.outcomes`), valid for `ttlMs` from `now`. Undefined when the message is not an ask.
 */
export function feedbackLinksForAsk(
  secret: string,
  baseUrl: string,
  message: { key: string; payload: unknown },
  now: number,
  ttlMs: number = DEFAULT_LINK_TTL_MS,
): Record<string, string> | undefined {
  const ask = parseAskKey(message.key);
  if (ask === undefined) return undefined;
  const p = message.payload;
  const data = p !== null && typeof p === "object" && "data" in p ? p.data : undefined;
  const outcomes = data !== null && typeof data === "object" && data !== undefined && "outcomes" in data ? data.outcomes : undefined;
  if (typeof outcomes !== "string") return undefined;
  return feedbackLinks(secret, baseUrl, { contact: ask.contact, loop: ask.loop, startedAt: ask.startedAt, outcomes, expiresAt: now + ttlMs });
}
