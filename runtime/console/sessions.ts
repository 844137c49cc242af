/**
 * The console's sign-in sessions: the page posts the API token once and gets an HttpOnly,
 * SameSite=Strict cookie holding a random session id; the token itself never reaches the
 * browser's storage or a URL. Sessions live in this process's memory: a restart signs
 * everyone out, which is the safe failure. Each session carries its own CSRF token that the
 * page must send in a header with every write.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** What a signed-in person may do: `read` sees every page but changes nothing. */
export type Access = "write" | "read";

export interface ConsoleSession {
  access: Access;
  /** Sent by the page as `x-csrf-token` on every write; a cross-site form cannot read it. */
  csrf: string;
  /** Epoch ms; the session is refused from then on. */
  expiresAt: number;
}

export interface SessionStore {
  /** A new session; its id goes into the cookie and nowhere else. */
  create(access: Access, now: number): { id: string; session: ConsoleSession };
  /** The live session for a cookie's id, undefined when unknown or expired. */
  get(id: string, now: number): ConsoleSession | undefined;
  drop(id: string): void;
}

/** The cookie's name. No `__Host-` prefix: that demands Secure, and `dev` serves plain http on localhost. */
export const SESSION_COOKIE = "funnelform_session";
/** The header the page sends its CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";
/** A sign-in lasts a working day. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** Sessions kept at most; beyond it the oldest are dropped so a flood of sign-ins cannot grow memory. */
export const MAX_SESSIONS = 10_000;

// Keyed by a digest of the id: the map's lookup time then reveals nothing about live ids.
const keyOf = (id: string): string => createHash("sha256").update(id).digest("hex");

export function createSessionStore(opts: { ttlMs?: number; max?: number } = {}): SessionStore {
  const ttl = opts.ttlMs ?? SESSION_TTL_MS;
  const max = opts.max ?? MAX_SESSIONS;
  const sessions = new Map<string, ConsoleSession>();
  return {
    create(access, now) {
      for (const [k, s] of sessions) if (s.expiresAt <= now) sessions.delete(k);
      while (sessions.size >= max) {
        const oldest = sessions.keys().next();
        if (oldest.done === true) break;
        sessions.delete(oldest.value);
      }
      const id = randomBytes(32).toString("base64url");
      const session: ConsoleSession = { access, csrf: randomBytes(24).toString("base64url"), expiresAt: now + ttl };
      sessions.set(keyOf(id), session);
      return { id, session };
    },
    get(id, now) {
      const key = keyOf(id);
      const s = sessions.get(key);
      if (s === undefined) return undefined;
      if (s.expiresAt <= now) {
        sessions.delete(key);
        return undefined;
      }
      return s;
    },
    drop(id) {
      sessions.delete(keyOf(id));
    },
  };
}

/** The session id in a `Cookie` header, if any. */
export function readSessionId(cookie: string | undefined): string | undefined {
  if (cookie === undefined) return undefined;
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const v = part.slice(eq + 1).trim();
      return v === "" ? undefined : v;
    }
  }
  return undefined;
}

/** The `Set-Cookie` value that stores a session id (or clears it with `id` undefined). */
export function sessionCookie(id: string | undefined, secure: boolean, ttlMs = SESSION_TTL_MS): string {
  const attrs = ["Path=/", "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])];
  return id === undefined ? [`${SESSION_COOKIE}=`, "Max-Age=0", ...attrs].join("; ") : [`${SESSION_COOKIE}=${id}`, `Max-Age=${Math.floor(ttlMs / 1000)}`, ...attrs].join("; ");
}

/** Constant-time equality of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash("sha256").update(a).digest();
  const db = createHash("sha256").update(b).digest();
  return timingSafeEqual(da, db);
}
