/**
 * The key ids of the ciphertexts in a gateway database: rows written before key ids were recorded
 * are labelled with the configured key's id (after checking that they decrypt under it, and
 * re-indexed in NFC), and a database holding ciphertexts under a key other than the configured one
 * is refused when the store opens, instead of failing every lookup later.
 */
import type { Database } from 'better-sqlite3';
import type { ReferenceCipher } from './reference-cipher';
import { UnknownKeyIdError } from './reference-cipher';
import { parseWebhookSecret, sealWebhookSecret } from './webhook-secret-form';

interface LegacyReference {
  id: number;
  case_ref: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

function unreadable(what: string, cause: unknown): Error {
  return new Error(`${what} written before key ids were recorded does not decrypt under the configured LOCAL_REF_KEY; start the gateway with the key that wrote the database`, { cause });
}

function labelReferences(db: Database, cipher: ReferenceCipher): number {
  const rows = db.prepare<[], LegacyReference>('SELECT id, case_ref, ciphertext, iv, tag FROM local_references WHERE key_id IS NULL ORDER BY id').all();
  const taken = db.prepare<[string, string, number], { id: number }>('SELECT id FROM local_references WHERE ref_index = ? AND case_ref = ? AND id <> ?');
  const label = db.prepare('UPDATE local_references SET key_id = ?, ref_index = ? WHERE id = ?');
  const drop = db.prepare('DELETE FROM local_references WHERE id = ?');
  for (const row of rows) {
    let reference: string;
    try {
      reference = cipher.open({ keyId: cipher.keyId, ciphertext: row.ciphertext, iv: row.iv, tag: row.tag }, row.case_ref);
    } catch (error) {
      throw unreadable('a local reference', error);
    }
    const index = cipher.index(reference.normalize('NFC'));
    // the composed and the decomposed spelling of one reference, both mapped to this case: keep the older
    if (taken.get(index, row.case_ref, row.id)) drop.run(row.id);
    else label.run(cipher.keyId, index, row.id);
  }
  return rows.length;
}

function labelWebhookSecrets(db: Database, secrets: ReferenceCipher): number {
  const rows = db.prepare<[], { id: string; secret: string }>(`SELECT id, secret FROM webhook_subscriptions WHERE secret LIKE 'v1:%'`).all();
  const relabel = db.prepare('UPDATE webhook_subscriptions SET secret = ? WHERE id = ?');
  for (const row of rows) {
    let secret: string;
    try {
      secret = secrets.open(parseWebhookSecret(row.secret, secrets.keyId), row.id);
    } catch (error) {
      throw unreadable('a webhook secret', error);
    }
    relabel.run(sealWebhookSecret(secrets, secret, row.id), row.id);
  }
  return rows.length;
}

/**
 * Labels the unlabelled ciphertexts with the configured key's id, in one transaction.
 * @returns how many values were labelled.
 * @throws {Error} when one does not decrypt under the configured key (nothing is changed then).
 */
export function labelLegacyCiphertexts(db: Database, ciphers: Readonly<{ references: ReferenceCipher; webhookSecrets: ReferenceCipher }>): number {
  return db.transaction(() => labelReferences(db, ciphers.references) + labelWebhookSecrets(db, ciphers.webhookSecrets))();
}

/** The key ids of every ciphertext in the database. */
export function storedKeyIds(db: Database): string[] {
  const references = db.prepare<[], { key_id: string }>('SELECT DISTINCT key_id FROM local_references WHERE key_id IS NOT NULL').all().map((row) => row.key_id);
  const secrets = db
    .prepare<[], { secret: string }>(`SELECT secret FROM webhook_subscriptions WHERE secret LIKE 'v2:%'`)
    .all()
    .map((row) => parseWebhookSecret(row.secret).keyId);
  return [...new Set([...references, ...secrets])].sort();
}

/**
 * Refuses a database that holds ciphertexts under another key than the configured one.
 * @throws {UnknownKeyIdError} naming the first foreign key id.
 */
export function assertSealedUnder(db: Database, keyId: string): void {
  const foreign = storedKeyIds(db).find((stored) => stored !== keyId);
  if (foreign !== undefined) throw new UnknownKeyIdError(foreign, keyId);
}
