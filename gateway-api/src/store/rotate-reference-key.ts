/**
 * Rotation of the local reference key: every ciphertext (local references, webhook secrets) is
 * decrypted under the old key and sealed under the new one, and every lookup index is recomputed
 * under the new key, in one transaction. Any value that does not decrypt under the old key refuses
 * the whole rotation, and nothing changes. Run it with the gateway stopped.
 */
import type { Database } from 'better-sqlite3';
import { labelLegacyCiphertexts } from './key-labels';
import { ReferenceCipher } from './reference-cipher';
import { parseWebhookSecret, sealWebhookSecret } from './webhook-secret-form';

/** What a rotation changed. */
export interface KeyRotationReport {
  readonly oldKeyId: string;
  readonly newKeyId: string;
  /** Local reference mappings re-encrypted and re-indexed. */
  readonly references: number;
  /** Webhook secrets re-encrypted. */
  readonly webhookSecrets: number;
}

/** A rotation that was refused; the database is unchanged. */
export class KeyRotationRefused extends Error {
  readonly code = 'KEY_ROTATION_REFUSED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyRotationRefused';
  }
}

interface ReferenceRow {
  id: number;
  case_ref: string;
  key_id: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

interface KeyPair {
  readonly from: ReferenceCipher;
  readonly to: ReferenceCipher;
}

function openOrRefuse(open: () => string, what: string): string {
  try {
    return open();
  } catch (error) {
    throw new KeyRotationRefused(`${what} does not decrypt under the old key; nothing was changed`, { cause: error });
  }
}

function rotateReferences(db: Database, keys: KeyPair): number {
  const rows = db.prepare<[], ReferenceRow>('SELECT id, case_ref, key_id, ciphertext, iv, tag FROM local_references ORDER BY id').all();
  const update = db.prepare('UPDATE local_references SET ref_index = ?, key_id = ?, ciphertext = ?, iv = ?, tag = ? WHERE id = ?');
  const taken = db.prepare<[string, string], { id: number }>('SELECT id FROM local_references WHERE ref_index = ? AND case_ref = ?');
  const drop = db.prepare('DELETE FROM local_references WHERE id = ?');
  for (const row of rows) {
    const reference = openOrRefuse(() => keys.from.open({ keyId: row.key_id, ciphertext: row.ciphertext, iv: row.iv, tag: row.tag }, row.case_ref), `local reference mapping #${String(row.id)}`);
    const normalised = reference.normalize('NFC');
    const index = keys.to.index(normalised);
    // two spellings of one reference mapped to the same case become one mapping (the older stays)
    if (taken.get(index, row.case_ref)) {
      drop.run(row.id);
      continue;
    }
    const sealed = keys.to.seal(normalised, row.case_ref);
    update.run(index, sealed.keyId, sealed.ciphertext, sealed.iv, sealed.tag, row.id);
  }
  return rows.length;
}

function rotateWebhookSecrets(db: Database, keys: KeyPair): number {
  const rows = db.prepare<[], { id: string; secret: string }>('SELECT id, secret FROM webhook_subscriptions ORDER BY id').all();
  const update = db.prepare('UPDATE webhook_subscriptions SET secret = ? WHERE id = ?');
  for (const row of rows) {
    const secret = openOrRefuse(() => keys.from.open(parseWebhookSecret(row.secret), row.id), `the secret of webhook subscription ${row.id}`);
    update.run(sealWebhookSecret(keys.to, secret, row.id), row.id);
  }
  return rows.length;
}

function refuseWithPendingWrites(db: Database): void {
  const pending = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM idempotency WHERE state = 'pending'`).get()?.n ?? 0;
  if (pending > 0) {
    // their Idempotency-Keys are stored as digests under the old key: a retry after the rotation
    // would not find them and would be submitted as a new request
    throw new KeyRotationRefused(
      `${String(pending)} write(s) are pending (their outcome is not known yet); let the clients retry them, or wait until they expire (IDEMPOTENCY_TTL_HOURS), then rotate`,
    );
  }
}

/**
 * Re-encrypts and re-indexes everything under `newKey`, in one immediate transaction, and empties
 * the write-ahead log afterwards. The database must be migrated.
 * @throws {KeyRotationRefused} when the keys are the same, a write is pending, or any value does not
 *   decrypt under `oldKey` (the database is unchanged then).
 */
export function rotateReferenceKey(db: Database, oldKey: Buffer, newKey: Buffer): KeyRotationReport {
  const references: KeyPair = { from: new ReferenceCipher(oldKey), to: new ReferenceCipher(newKey) };
  const secrets: KeyPair = { from: new ReferenceCipher(oldKey, 'webhook-secret'), to: new ReferenceCipher(newKey, 'webhook-secret') };
  if (references.from.keyId === references.to.keyId) throw new KeyRotationRefused('the old and the new key are the same key');
  const report = db.transaction((): KeyRotationReport => {
    refuseWithPendingWrites(db);
    try {
      labelLegacyCiphertexts(db, { references: references.from, webhookSecrets: secrets.from });
    } catch (error) {
      throw new KeyRotationRefused('a value written before key ids were recorded does not decrypt under the old key; nothing was changed', { cause: error });
    }
    return {
      oldKeyId: references.from.keyId,
      newKeyId: references.to.keyId,
      references: rotateReferences(db, references),
      webhookSecrets: rotateWebhookSecrets(db, secrets),
    };
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return report;
}
