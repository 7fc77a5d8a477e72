/**
 * Signatures of webhook deliveries. The gateway signs `<timestamp>.<body>` with HMAC-SHA256 under
 * the subscription's secret and sends the timestamp and the signature in headers; a receiver
 * recomputes it over the raw body bytes, compares in constant time, and refuses old timestamps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a delivery. */
export const WEBHOOK_HEADERS = {
  /** The event id: the transaction id of the CaseEvent (deduplicate on it). */
  eventId: 'Asylum-Event-Id',
  /** The CaseEvent's type (the transaction). */
  eventType: 'Asylum-Event-Type',
  /** Unix seconds when this attempt was signed. */
  timestamp: 'Asylum-Timestamp',
  /** `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
  signature: 'Asylum-Signature',
  /** 1 for the first attempt. */
  attempt: 'Asylum-Delivery-Attempt',
  subscription: 'Asylum-Subscription-Id',
} as const;

/** The signature header value of a body at a timestamp. */
export function signDelivery(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${String(timestamp)}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

/** Why a delivery's signature was refused, or null when it holds. */
export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/**
 * Verifies a delivery as a receiver does.
 * @param toleranceSeconds how far the timestamp may lie from `nowSeconds` (default 300).
 * @returns null when the signature holds, else why not.
 */
export function verifyDelivery(
  input: Readonly<{ secret: string; timestamp: string | undefined; signature: string | undefined; body: string | Uint8Array; nowSeconds: number; toleranceSeconds?: number }>,
): SignatureProblem | null {
  if (input.timestamp === undefined || input.signature === undefined) return 'missing';
  if (!/^[0-9]{1,12}$/.test(input.timestamp) || !/^v1=[0-9a-f]{64}$/.test(input.signature)) return 'malformed';
  const timestamp = Number(input.timestamp);
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? 300)) return 'stale';
  const expected = Buffer.from(signDelivery(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'mismatch';
}
