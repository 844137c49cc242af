/**
 * Webhook signatures: `X-Funnelform-Signature: sha256=<hex HMAC-SHA256 of the raw body>`
 * keyed with the channel's secret, as GitHub signs its webhooks. The body carries its own
 * `sentAt`, so a receiver can refuse old replays with nothing but the signed bytes.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Funnelform-Signature";
export const TIMESTAMP_HEADER = "X-Funnelform-Timestamp";
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** The signature header's value for `body`. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** True when `header` is the signature of exactly these body bytes (compared in constant time). */
export function verifySignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
