/**
 * How a webhook secret is stored: `v2:<key id>:<iv>:<tag>:<ciphertext>` (base64 parts), sealed
 * with the subscription id as context. `v1:` (no key id) was written before key ids were recorded;
 * the store labels such values when it opens (key-labels.ts).
 */
import type { ReferenceCipher, SealedValue } from './reference-cipher';

/** The stored form of a secret sealed under `cipher`. */
export function sealWebhookSecret(cipher: ReferenceCipher, secret: string, subscriptionId: string): string {
  const sealed = cipher.seal(secret, subscriptionId);
  return ['v2', sealed.keyId, ...[sealed.iv, sealed.tag, sealed.ciphertext].map((part) => part.toString('base64'))].join(':');
}

/**
 * The sealed value in a stored form; a `v1:` value is read as sealed under `legacyKeyId`.
 * @throws {Error} when the form is unknown.
 */
export function parseWebhookSecret(stored: string, legacyKeyId?: string): SealedValue {
  const parts = stored.split(':');
  const [version] = parts;
  const labelled = version === 'v2' ? parts.slice(1) : version === 'v1' && legacyKeyId !== undefined ? [legacyKeyId, ...parts.slice(1)] : [];
  const [keyId, iv, tag, ciphertext] = labelled;
  if (labelled.length !== 4 || keyId === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error('a webhook secret is stored in an unknown form');
  }
  return { keyId, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), ciphertext: Buffer.from(ciphertext, 'base64') };
}

/**
 * Decrypts a stored secret with the key its key id names.
 * @throws {UnknownKeyIdError} when that is not `cipher`'s key; {Error} for an unknown form or tampering.
 */
export function openWebhookSecret(cipher: ReferenceCipher, stored: string, subscriptionId: string): string {
  return cipher.open(parseWebhookSecret(stored), subscriptionId);
}
