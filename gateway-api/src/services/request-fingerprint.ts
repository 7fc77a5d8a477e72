/**
 * The fingerprint of a write request for idempotency: a keyed HMAC over the canonical JSON of
 * (role, method, path, body). Keyed, so a stored fingerprint cannot be used to guess a body
 * (the body may hold a local reference).
 */
import { canonicalJson } from '@asylum-ledger/domain';
import { createHmac, hkdfSync } from 'node:crypto';

/** Computes request fingerprints. */
export type Fingerprinter = (parts: Readonly<{ role: string; method: string; path: string; body: unknown }>) => string;

/**
 * Turns a token subject and its Idempotency-Key into what the gateway stores: a keyed digest of
 * both, never the key. Keys are per subject: another clerk's same key is another record.
 */
export type KeyDigester = (subject: string, idempotencyKey: string) => string;

/**
 * Creates a key digester whose HMAC key is derived from `secret` (the local reference key). A
 * client may put anything into its Idempotency-Key, a name included; the database holds only this.
 */
export function createKeyDigester(secret: Buffer): KeyDigester {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'asylum-ledger gateway idempotency key', 32));
  // canonical JSON of both parts: no subject/key pair can be spelled as another
  return (subject, idempotencyKey) => createHmac('sha256', key).update(canonicalJson({ subject, idempotencyKey }), 'utf8').digest('hex');
}

/** Creates a fingerprinter whose HMAC key is derived from `secret` (the local reference key). */
export function createFingerprinter(secret: Buffer): Fingerprinter {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'asylum-ledger gateway idempotency fingerprint', 32));
  return (parts) => createHmac('sha256', key).update(canonicalJson(parts), 'utf8').digest('hex');
}
