import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isConsoleAsset } from "../console/assets.js";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * Paths anyone may call: a load balancer's health check has no token, and a feedback link is
 * clicked from an email (its signed token is its authority, checked by its route).
 */
const isOpen = (path: string): boolean => path === "/healthz" || /^\/feedback\/[^/]+$/.test(path) || isConsoleAsset(path);

/**
 * An `onRequest` hook requiring `Authorization: Bearer TOKEN`. Runs before the body is read,
 * so an unauthenticated client cannot make the server parse a large body. Compares digests
 * in constant time so the token cannot be guessed byte by byte from response times.
 */
export function bearerAuth(token: string) {
  const expected = digest(token);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = req.url.split("?")[0] ?? "";
    if (isOpen(path)) return;
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match === null || match[1] === undefined) {
      await reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="funnelform"')
        .send({ error: "this endpoint needs a token: send the header Authorization: Bearer <FUNNELFORM_TOKEN>" });
      return;
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      await reply.code(401).header("www-authenticate", 'Bearer realm="funnelform", error="invalid_token"').send({ error: "the token is wrong: use the server's FUNNELFORM_TOKEN" });
    }
  };
}
