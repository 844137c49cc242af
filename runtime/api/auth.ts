import type { FastifyReply, FastifyRequest } from "fastify";
import { isConsoleAsset } from "../console/assets.js";
import { CSRF_HEADER, readSessionId, sameSecret, type Access, type SessionStore } from "../console/sessions.js";

/** The console's sign-in, sign-out and "who am I": they check the token or the cookie themselves. */
export const CONSOLE_SESSION_PATH = "/api/console/session";

/**
 * Paths anyone may call: a load balancer's health check has no token, and a feedback link is
 * clicked from an email (its signed token is its authority, checked by its route).
 */
const isOpen = (path: string): boolean =>
  path === "/healthz" || /^\/feedback\/[^/]+$/.test(path) || isConsoleAsset(path) || path === CONSOLE_SESSION_PATH;

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

const access = new WeakMap<FastifyRequest, Access>();

/** What the request's caller may do (undefined on open paths). */
export const accessOf = (req: FastifyRequest): Access | undefined => access.get(req);

export interface AuthOptions {
  /** `FUNNELFORM_READ_TOKEN`: a second token that may read everything and change nothing. */
  readToken?: string;
  /** The console's sign-in sessions: a valid session cookie stands in for the bearer token. */
  sessions?: SessionStore;
  now?: () => number;
}

/** Which token a presented secret is, compared in constant time so it cannot be guessed byte by byte. */
export function tokenAccess(presented: string, token: string, readToken: string | undefined): Access | undefined {
  const isWrite = sameSecret(presented, token);
  const isRead = readToken !== undefined && sameSecret(presented, readToken);
  return isWrite ? "write" : isRead ? "read" : undefined;
}

const READ_ONLY =
  "this sign-in may only read: changes need the server's FUNNELFORM_TOKEN (you used FUNNELFORM_READ_TOKEN)";

/**
 * An `onRequest` hook requiring `Authorization: Bearer TOKEN`, or the console's session cookie.
 * Runs before the body is read, so an unauthenticated client cannot make the server parse a
 * large body. A cookie is sent by the browser on its own, so every write made with one must
 * also carry the session's CSRF token in a header, which another site's page cannot read.
 * The read-only token (bearer or session) is refused every write with 403.
 */
export function bearerAuth(token: string, opts: AuthOptions = {}) {
  const now = opts.now ?? Date.now;
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = req.url.split("?")[0] ?? "";
    if (isOpen(path)) return;
    const header = req.headers.authorization;
    const sessionId = header === undefined ? readSessionId(req.headers.cookie) : undefined;
    if (sessionId !== undefined && opts.sessions !== undefined) {
      const session = opts.sessions.get(sessionId, now());
      if (session === undefined) {
        await reply.code(401).send({ error: "your console sign-in has ended: sign in again" });
        return;
      }
      if (!READS.has(req.method)) {
        const csrf = req.headers[CSRF_HEADER];
        if (typeof csrf !== "string" || !sameSecret(csrf, session.csrf)) {
          await reply.code(403).send({ error: `this change came without the console's ${CSRF_HEADER} header, so it was refused: make changes from the console's own page (reload it)` });
          return;
        }
        if (session.access === "read") {
          await reply.code(403).send({ error: READ_ONLY });
          return;
        }
      }
      access.set(req, session.access);
      return;
    }
    const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match === null || match[1] === undefined) {
      await reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="funnelform"')
        .send({ error: "this endpoint needs a token: send the header Authorization: Bearer <FUNNELFORM_TOKEN>" });
      return;
    }
    const granted = tokenAccess(match[1], token, opts.readToken);
    if (granted === undefined) {
      await reply.code(401).header("www-authenticate", 'Bearer realm="funnelform", error="invalid_token"').send({ error: "the token is wrong: use the server's FUNNELFORM_TOKEN" });
      return;
    }
    if (granted === "read" && !READS.has(req.method)) {
      await reply.code(403).send({ error: READ_ONLY });
      return;
    }
    access.set(req, granted);
  };
}
