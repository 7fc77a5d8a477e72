/**
 * The gateway database file and its companions: private from the first byte (mode 0600 whatever
 * the process umask), and deleted rows overwritten (secure_delete).
 */
import fs, { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { openGatewayDatabase, openGatewayStore } from './open-gateway-store';

const KEY = Buffer.alloc(32, 5);

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('the gateway database file', () => {
  let umask: number;
  let folder: string;

  beforeEach(() => {
    umask = process.umask(0o022);
    folder = mkdtempSync(path.join(os.tmpdir(), 'gw-db-file-'));
  });

  afterEach(() => {
    process.umask(umask);
    jest.restoreAllMocks();
  });

  it('is 0600 from its creation: no later chmod is needed to make it private', () => {
    // a mode set only after SQLite opened the file would leave it 0644 here
    jest.spyOn(fs, 'chmodSync').mockImplementation(() => undefined);
    const file = path.join(folder, 'gateway.sqlite');
    const db = openGatewayDatabase(file);
    expect(modeOf(file)).toBe(0o600);
    db.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);');
    expect([modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o600, 0o600]);
    db.close();
  });

  it('is created 0600 with a permissive umask, and so are its write-ahead log and shared memory', () => {
    const file = path.join(folder, 'gateway.sqlite');
    const store = openGatewayStore({ file, localReferenceKey: KEY });
    store.localReferences.add('AZ-MODE-1', 'a'.repeat(32));
    expect(readdirSync(folder).sort()).toEqual(['gateway.sqlite', 'gateway.sqlite-shm', 'gateway.sqlite-wal']);
    expect(readdirSync(folder).map((name) => [name, modeOf(path.join(folder, name))])).toEqual(
      readdirSync(folder).map((name) => [name, 0o600]),
    );
    store.close();
  });

  it('tightens an existing database file to 0600 before SQLite opens it (its WAL follows)', () => {
    const file = path.join(folder, 'gateway.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const db = openGatewayDatabase(file);
    db.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);');
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    db.close();
  });

  it('creates a missing folder 0700', () => {
    const file = path.join(folder, 'nested', 'gateway.sqlite');
    openGatewayDatabase(file).close();
    expect(modeOf(path.dirname(file))).toBe(0o700);
  });

  it('has secure_delete on, so deleted rows do not stay in free pages', () => {
    const db = openGatewayDatabase(path.join(folder, 'gateway.sqlite'));
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });
});
