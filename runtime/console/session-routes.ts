/**
 * Sign-in, "who am I" and sign-out for the console. Signing in exchanges the API token (or the
 * read-only token) for a session cookie once; the page never keeps the token.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CONSOLE_SESSION_PATH, tokenAccess } from "../api/auth.js";
import { CSRF_HEADER, readSessionId, sameSecret, sessionCookie, type ConsoleSession, type SessionStore } from "./sessions.js";

export interface SessionRouteOptions {
  token: string;
  readToken?: string;
  sessions: SessionStore;
  now: () => number;
}

/** Behind a TLS-terminating proxy fastify reports https only with trustProxy; plain `dev` is http. */
const isHttps = (req: FastifyRequest): boolean => req.protocol === "https";

const view = (s: ConsoleSession) => ({ access: s.access, csrf: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() });

function tokenIn(body: unknown): string | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === "object" && "token" in parsed && typeof parsed.token === "string") return parsed.token.trim();
  } catch {
    return undefined;
  }
  return undefined;
}

export function registerSessionRoutes(app: FastifyInstance, opts: SessionRouteOptions): void {
  app.post(CONSOLE_SESSION_PATH, async (req, reply) => {
    const token = tokenIn(req.body);
    if (token === undefined || token === "") return reply.code(400).send({ error: 'send the token as JSON: {"token": "..."}' });
    const access = tokenAccess(token, opts.token, opts.readToken);
    if (access === undefined)
      return reply.code(401).send({ error: `That token is wrong: use the server's FUNNELFORM_TOKEN${opts.readToken === undefined ? "" : " (or FUNNELFORM_READ_TOKEN to only look)"}.` });
    const { id, session } = opts.sessions.create(access, opts.now());
    return reply.header("set-cookie", sessionCookie(id, isHttps(req))).header("cache-control", "no-store").send(view(session));
  });

  app.get(CONSOLE_SESSION_PATH, async (req, reply) => {
    const id = readSessionId(req.headers.cookie);
    const session = id === undefined ? undefined : opts.sessions.get(id, opts.now());
    if (session === undefined) return reply.code(401).send({ error: "not signed in" });
    return reply.header("cache-control", "no-store").send(view(session));
  });

  // Signing out is a write: it needs the CSRF header, so another site cannot sign a person out.
  app.delete(CONSOLE_SESSION_PATH, async (req, reply) => {
    const id = readSessionId(req.headers.cookie);
    const session = id === undefined ? undefined : opts.sessions.get(id, opts.now());
    if (id === undefined || session === undefined) return reply.header("set-cookie", sessionCookie(undefined, isHttps(req))).send({ signedOut: true });
    const csrf = req.headers[CSRF_HEADER];
    if (typeof csrf !== "string" || !sameSecret(csrf, session.csrf)) return reply.code(403).send({ error: `sign out from the console's own page: the ${CSRF_HEADER} header is missing` });
    opts.sessions.drop(id);
    return reply.header("set-cookie", sessionCookie(undefined, isHttps(req))).send({ signedOut: true });
  });
}
