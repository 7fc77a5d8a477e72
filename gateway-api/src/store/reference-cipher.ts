/**
 * Encryption at rest for local references: AES-256-GCM with a fresh 96-bit IV per value, and a
 * keyed HMAC-SHA256 index so a reference can be looked up without storing it in clear. Both keys
 * are derived (HKDF-SHA256) from the one configured key, so neither is used for two purposes.
 * Every sealed value carries the id of the key that sealed it (a public fingerprint of the key,
 * never the key), so a value is opened with its own key, or refused with a clear error.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** A sealed value: the id of its key, ciphertext, IV and authentication tag. */
export interface SealedValue {
  readonly keyId: string;
  readonly ciphertext: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
}

/**
 * The id of a key: the first 8 bytes of HMAC-SHA256(key, fixed label), as 16 hex digits. It names
 * the key in the database and in error messages and tells nothing about the key itself.
 */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('asylum-ledger gateway key id', 'utf8').digest().subarray(0, 8).toString('hex');
}

/** A sealed value whose key id is not the id of any key this process holds. */
export class UnknownKeyIdError extends Error {
  readonly code = 'UNKNOWN_KEY_ID';
  /** The key id stored with the value. */
  readonly keyId: string;

  constructor(keyId: string, configured: string) {
    super(
      `a value in the gateway database was encrypted under key id ${keyId}, but the configured key has id ${configured}: ` +
        'the database was written or rotated with another LOCAL_REF_KEY (see docs/operations.md, rotating the local-reference key)',
    );
    this.name = 'UnknownKeyIdError';
    this.keyId = keyId;
  }
}

function derive(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `asylum-ledger gateway ${purpose}`, 32));
}

/** Seals, opens and indexes local references with keys derived from one 32-byte key. */
export class ReferenceCipher {
  /** The id of the configured key ({@link keyIdOf}). */
  readonly keyId: string;
  readonly #encryptionKey: Buffer;
  readonly #indexKey: Buffer;

  /**
   * @param key the configured 32-byte key (LOCAL_REF_KEY).
   * @param purpose names what the derived keys protect (default local references; webhook secrets
   *   use their own), so that no derived key serves two purposes.
   * @throws {RangeError} when the key is not 32 bytes.
   */
  constructor(key: Buffer, purpose = 'local-reference') {
    if (key.length !== 32) throw new RangeError('the local reference key must be 32 bytes');
    this.keyId = keyIdOf(key);
    this.#encryptionKey = derive(key, `${purpose} encryption`);
    this.#indexKey = derive(key, `${purpose} index`);
  }

  /** Encrypts a value; `context` (e.g. the caseRef) is bound as additional authenticated data. */
  seal(plaintext: string, context: string): SealedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.keyId, ciphertext, iv, tag: cipher.getAuthTag() };
  }

  /**
   * Decrypts a sealed value.
   * @throws {UnknownKeyIdError} when it was sealed under another key.
   * @throws {Error} when the context or the stored bytes do not match (tampering).
   */
  open(sealed: SealedValue, context: string): string {
    if (sealed.keyId !== this.keyId) throw new UnknownKeyIdError(sealed.keyId, this.keyId);
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, sealed.iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  }

  /** The lookup index of a value: hex HMAC-SHA256 under the index key. */
  index(value: string): string {
    return createHmac('sha256', this.#indexKey).update(value, 'utf8').digest('hex');
  }
}

