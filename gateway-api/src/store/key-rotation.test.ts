/**
 * Key ids and key rotation on a real SQLite file: every ciphertext names its key; the rotate-key
 * command moves every value to a new key in one transaction, or refuses and changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runRotateKey } from '../cli/rotate-key';
import { MIGRATIONS, migrate } from './migrations';
import { openGatewayStore } from './open-gateway-store';
import { keyIdOf, ReferenceCipher, UnknownKeyIdError } from './reference-cipher';
import { openWebhookSecret } from './webhook-secret-form';

const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);
const FIRST = 'a'.repeat(32);
const SECOND = 'b'.repeat(32);

function newFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'gw-rotation-'));
}

function keyFile(folder: string, name: string, key: Buffer, mode = 0o600): string {
  const file = path.join(folder, name);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode });
  chmodSync(file, mode);
  return file;
}

/** A database with two mappings and a webhook subscription, all under key A. */
function databaseUnderA(folder: string): string {
  const file = path.join(folder, 'gateway.sqlite');
  const store = openGatewayStore({ file, localReferenceKey: KEY_A });
  store.localReferences.add('AZ-\u00C4-2026-1', FIRST);
  store.localReferences.add('AZ-2026-2', SECOND);
  store.events.addSubscription({ id: 'sub-1', url: 'https://hooks.example/1', secret: 'webhook-secret-one', eventTypes: null, createdAt: '2026-12-06T05:00:00.000Z' });
  store.close();
  return file;
}

function keyIdsIn(file: string): { references: string[]; secrets: string[] } {
  const db = new BetterSqlite3(file, { readonly: true });
  const references = db.prepare<[], { key_id: string }>('SELECT key_id FROM local_references ORDER BY id').all().map((row) => row.key_id);
  const secrets = db.prepare<[], { secret: string }>('SELECT secret FROM webhook_subscriptions').all().map((row) => row.secret.split(':')[1] ?? '');
  db.close();
  return { references, secrets };
}

const quiet = { out: (): void => undefined, err: (): void => undefined };

describe('key ids on ciphertexts', () => {
  it('are derived from the key, differ between keys, and do not contain it', () => {
    expect(keyIdOf(KEY_A)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(KEY_A)).toBe(new ReferenceCipher(KEY_A).keyId);
    expect(keyIdOf(KEY_A)).not.toBe(keyIdOf(KEY_B));
    expect(KEY_A.toString('hex')).not.toContain(keyIdOf(KEY_A));
  });

  it('are stored with every local reference and webhook secret', () => {
    const file = databaseUnderA(newFolder());
    expect(keyIdsIn(file)).toEqual({ references: [keyIdOf(KEY_A), keyIdOf(KEY_A)], secrets: [keyIdOf(KEY_A)] });
  });

  it('make a value sealed under an unknown key fail with a clear error naming both key ids', () => {
    const file = databaseUnderA(newFolder());
    const store = openGatewayStore({ file, localReferenceKey: KEY_A });
    const db = new BetterSqlite3(file);
    db.prepare(`UPDATE local_references SET key_id = '00112233deadbeef' WHERE case_ref = ?`).run(SECOND);
    db.close();
    expect(() => store.localReferences.referencesOf(SECOND)).toThrow(UnknownKeyIdError);
    expect(() => store.localReferences.referencesOf(SECOND)).toThrow(new RegExp(`key id 00112233deadbeef.*configured key has id ${keyIdOf(KEY_A)}`));
    store.close();
    // and a gateway refuses to start on such a database instead of failing every lookup
    expect(() => openGatewayStore({ file, localReferenceKey: KEY_A })).toThrow(/key id 00112233deadbeef/);
  });

  it('are added by migration 6 to rows written before: labelled with the configured key once they decrypt under it', () => {
    const file = path.join(newFolder(), 'gateway.sqlite');
    const legacy = new BetterSqlite3(file);
    migrate(legacy, MIGRATIONS.filter((migration) => migration.version <= 5));
    const cipher = new ReferenceCipher(KEY_A);
    const sealed = cipher.seal('AZ-A\u0308-LEGACY', FIRST);
    legacy
      .prepare(`INSERT INTO local_references (ref_index, case_ref, ciphertext, iv, tag, created_at) VALUES (?, ?, ?, ?, ?, 'then')`)
      .run(cipher.index('AZ-A\u0308-LEGACY'), FIRST, sealed.ciphertext, sealed.iv, sealed.tag);
    const secret = new ReferenceCipher(KEY_A, 'webhook-secret').seal('legacy-secret', 'sub-old');
    const v1 = ['v1', secret.iv.toString('base64'), secret.tag.toString('base64'), secret.ciphertext.toString('base64')].join(':');
    legacy.prepare(`INSERT INTO webhook_subscriptions (id, url, secret, created_at) VALUES ('sub-old', 'https://x', ?, 'then')`).run(v1);
    legacy.close();
    expect(() => openGatewayStore({ file, localReferenceKey: KEY_B })).toThrow(/written before key ids were recorded does not decrypt/);
    const store = openGatewayStore({ file, localReferenceKey: KEY_A });
    // re-indexed in NFC on the way
    expect(store.localReferences.find('AZ-\u00C4-LEGACY')).toEqual([{ caseRef: FIRST, createdAt: 'then' }]);
    store.close();
    expect(keyIdsIn(file)).toEqual({ references: [keyIdOf(KEY_A)], secrets: [keyIdOf(KEY_A)] });
  });
});

describe('rotate-key', () => {
  it('re-encrypts and re-indexes everything under the new key: the gateway opened with B finds and decrypts, with A it refuses', () => {
    const folder = newFolder();
    const file = databaseUnderA(folder);
    const lines: string[] = [];
    const env = { DB_PATH: file, LOCAL_REF_KEY_OLD_FILE: keyFile(folder, 'old.key', KEY_A), LOCAL_REF_KEY_NEW_FILE: keyFile(folder, 'new.key', KEY_B) };
    expect(runRotateKey(env, { out: (line) => lines.push(line), err: (line) => lines.push(line) })).toBe(0);
    expect(lines).toEqual([`rotated key ${keyIdOf(KEY_A)} -> ${keyIdOf(KEY_B)}: 2 local reference mapping(s), 1 webhook secret(s); start the gateway with the new LOCAL_REF_KEY`]);
    expect(keyIdsIn(file)).toEqual({ references: [keyIdOf(KEY_B), keyIdOf(KEY_B)], secrets: [keyIdOf(KEY_B)] });

    const underB = openGatewayStore({ file, localReferenceKey: KEY_B });
    expect(underB.localReferences.find('AZ-A\u0308-2026-1')).toEqual([{ caseRef: FIRST, createdAt: expect.any(String) }]);
    expect(underB.localReferences.find('AZ-2026-2')).toEqual([{ caseRef: SECOND, createdAt: expect.any(String) }]);
    expect(underB.localReferences.referencesOf(FIRST)).toEqual(['AZ-\u00C4-2026-1']);
    underB.close();
    const db = new BetterSqlite3(file, { readonly: true });
    const stored = db.prepare<[], { secret: string }>(`SELECT secret FROM webhook_subscriptions WHERE id = 'sub-1'`).get()?.secret ?? '';
    db.close();
    expect(openWebhookSecret(new ReferenceCipher(KEY_B, 'webhook-secret'), stored, 'sub-1')).toBe('webhook-secret-one');

    expect(() => openGatewayStore({ file, localReferenceKey: KEY_A })).toThrow(UnknownKeyIdError);
    // the old key can no longer decrypt or find anything, even bypassing the start-up check
    expect(() => openWebhookSecret(new ReferenceCipher(KEY_A, 'webhook-secret'), stored, 'sub-1')).toThrow(UnknownKeyIdError);
  });

  it('refuses, changing nothing, when one value does not decrypt under the old key', () => {
    const folder = newFolder();
    const file = databaseUnderA(folder);
    const db = new BetterSqlite3(file);
    db.prepare('UPDATE local_references SET tag = zeroblob(16) WHERE case_ref = ?').run(SECOND);
    db.close();
    const errors: string[] = [];
    const env = { DB_PATH: file, LOCAL_REF_KEY_OLD: KEY_A.toString('hex'), LOCAL_REF_KEY_NEW: KEY_B.toString('base64') };
    expect(runRotateKey(env, { out: quiet.out, err: (line) => errors.push(line) })).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/local reference mapping #2 does not decrypt under the old key; nothing was changed/)]);
    expect(keyIdsIn(file)).toEqual({ references: [keyIdOf(KEY_A), keyIdOf(KEY_A)], secrets: [keyIdOf(KEY_A)] });
    const underA = openGatewayStore({ file, localReferenceKey: KEY_A });
    expect(underA.localReferences.find('AZ-\u00C4-2026-1')).toHaveLength(1);
    underA.close();
  });

  it('refuses the wrong old key, the same key twice, and a database with a pending write', () => {
    const folder = newFolder();
    const file = databaseUnderA(folder);
    const third = Buffer.alloc(32, 0xc3).toString('hex');
    expect(runRotateKey({ DB_PATH: file, LOCAL_REF_KEY_OLD: KEY_B.toString('hex'), LOCAL_REF_KEY_NEW: third }, quiet)).toBe(1);
    expect(runRotateKey({ DB_PATH: file, LOCAL_REF_KEY_OLD: KEY_A.toString('hex'), LOCAL_REF_KEY_NEW: KEY_A.toString('hex') }, quiet)).toBe(1);
    const store = openGatewayStore({ file, localReferenceKey: KEY_A });
    store.idempotency.claim({ key: 'k', fingerprint: 'f', requestId: 'r', caseRef: FIRST });
    store.close();
    const errors: string[] = [];
    expect(runRotateKey({ DB_PATH: file, LOCAL_REF_KEY_OLD: KEY_A.toString('hex'), LOCAL_REF_KEY_NEW: third }, { out: quiet.out, err: (line) => errors.push(line) })).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/1 write\(s\) are pending/)]);
    expect(keyIdsIn(file).references).toEqual([keyIdOf(KEY_A), keyIdOf(KEY_A)]);
  });

  it('reads keys only from the environment or from files of mode 0600', () => {
    const folder = newFolder();
    const file = databaseUnderA(folder);
    const errors: string[] = [];
    const err = (line: string): void => {
      errors.push(line);
    };
    const open = keyFile(folder, 'open.key', KEY_A, 0o644);
    expect(runRotateKey({ DB_PATH: file, LOCAL_REF_KEY_OLD_FILE: open, LOCAL_REF_KEY_NEW: KEY_B.toString('hex') }, { out: quiet.out, err })).toBe(1);
    expect(runRotateKey({ DB_PATH: file, LOCAL_REF_KEY_NEW: KEY_B.toString('hex') }, { out: quiet.out, err })).toBe(1);
    expect(errors).toEqual([
      expect.stringMatching(/LOCAL_REF_KEY_OLD_FILE: .* is readable by group or others \(mode 644\)/),
      expect.stringMatching(/LOCAL_REF_KEY_OLD: give exactly one of LOCAL_REF_KEY_OLD or LOCAL_REF_KEY_OLD_FILE/),
    ]);
    expect(keyIdsIn(file).references).toEqual([keyIdOf(KEY_A), keyIdOf(KEY_A)]);
  });

  it('runs as a command that takes nothing from argv', () => {
    const folder = newFolder();
    const file = databaseUnderA(folder);
    const entry = path.join(__dirname, '..', 'cli', 'rotate-key-main.ts');
    const env = { PATH: process.env.PATH, DB_PATH: file, LOCAL_REF_KEY_OLD_FILE: keyFile(folder, 'old.key', KEY_A), LOCAL_REF_KEY_NEW_FILE: keyFile(folder, 'new.key', KEY_B) };
    // a key on the command line is ignored: the old key still comes from the file
    const run = spawnSync(process.execPath, ['--import', 'tsx', entry, KEY_B.toString('hex')], { env, encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain(`rotated key ${keyIdOf(KEY_A)} -> ${keyIdOf(KEY_B)}`);
    expect(keyIdsIn(file).references).toEqual([keyIdOf(KEY_B), keyIdOf(KEY_B)]);
  }, 30_000);
});
