/**
 * After the mapping of a local reference is deleted (the first step of erasure), nothing in the
 * gateway's database files links the case to the person: not the mapping's lookup index or
 * ciphertext, not the idempotency records of the case (their fingerprints are keyed hashes of
 * bodies that held the reference). The files are searched byte by byte while the store is open, as
 * in a running gateway: the database file, its write-ahead log and the shared-memory index.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '../auth/principal';
import { LocalReferences } from '../services/local-references';
import { openGatewayStore, type SqliteGatewayStore } from './open-gateway-store';
import { ReferenceCipher } from './reference-cipher';

const KEY = Buffer.alloc(32, 7);
const CLERK: Principal = { subject: 'clerk-1', role: 'ABH' };
const REFERENCE = 'AZ-LEIPZIG-2026-0815';
const ERASED = 'e'.repeat(32);
const OTHER = 'f'.repeat(32);

/** Which of the markers occur in any file of the database's folder, and where. */
function findMarkers(folder: string, markers: Readonly<Record<string, Buffer>>): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(folder)) {
    const bytes = readFileSync(path.join(folder, name));
    for (const [label, marker] of Object.entries(markers)) if (bytes.includes(marker)) hits.push(`${label} in ${name}`);
  }
  return hits.sort();
}

describe('erasure at rest: the gateway database after the mapping is deleted', () => {
  let folder: string;
  let store: SqliteGatewayStore;
  let references: LocalReferences;
  let markers: Record<string, Buffer>;

  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'gw-erasure-'));
    store = openGatewayStore({ file: path.join(folder, 'gateway.sqlite'), localReferenceKey: KEY });
    references = new LocalReferences({ store, now: () => new Date('2026-12-06T05:00:00Z') });
    store.localReferences.add(REFERENCE, ERASED);
    store.localReferences.add('AZ-OTHER-PERSON-0001', OTHER);
    // the registration and a later write of the erased case, and a write of another case
    store.idempotency.claim({ key: 'register-key-7f3a91', fingerprint: 'a1b2c3d4'.repeat(8), requestId: 'request-erased-1', caseRef: ERASED });
    store.idempotency.claim({ key: 'confirm-key-52c0de', fingerprint: '5e6f7a8b'.repeat(8), requestId: 'request-erased-2', caseRef: ERASED });
    store.idempotency.claim({ key: 'other-key-0b1c2d', fingerprint: '99887766'.repeat(8), requestId: 'request-other-1', caseRef: OTHER });
    const indexOfReference = new ReferenceCipher(KEY).index(REFERENCE);
    markers = {
      'lookup index': Buffer.from(indexOfReference),
      'registration fingerprint': Buffer.from('a1b2c3d4'.repeat(8)),
      'later fingerprint': Buffer.from('5e6f7a8b'.repeat(8)),
      'registration key': Buffer.from('register-key-7f3a91'),
      'later key': Buffer.from('confirm-key-52c0de'),
    };
  });

  afterEach(() => {
    store.close();
  });

  it('finds every marker before the deletion (the search can see them)', () => {
    expect(findMarkers(folder, markers).map((hit) => hit.split(' in ')[0])).toEqual(
      expect.arrayContaining(['lookup index', 'registration fingerprint', 'later fingerprint', 'registration key', 'later key']),
    );
  });

  it('leaves no marker in the database file, the WAL or the shared memory after DELETE of the mapping', () => {
    expect(references.remove(CLERK, REFERENCE)).toBe(1);
    expect(findMarkers(folder, markers)).toEqual([]);
    expect(readdirSync(folder).sort()).toEqual(['gateway.sqlite', 'gateway.sqlite-shm', 'gateway.sqlite-wal']);
  });

  it('deletes the idempotency records of the erased case only, and keeps those of other cases', () => {
    references.remove(CLERK, REFERENCE);
    // a reused key of the erased case is new again; the other case still replays its record
    expect(store.idempotency.claim({ key: 'register-key-7f3a91', fingerprint: 'x', requestId: 'r', caseRef: ERASED }).created).toBe(true);
    expect(store.idempotency.claim({ key: 'other-key-0b1c2d', fingerprint: 'x', requestId: 'r', caseRef: OTHER })).toMatchObject({
      created: false,
      record: { requestId: 'request-other-1', caseRef: OTHER },
    });
    expect(store.localReferences.find('AZ-OTHER-PERSON-0001')).toEqual([{ caseRef: OTHER, createdAt: expect.any(String) }]);
  });

  it('with ?caseRef= deletes only that case mapping and records; the reference stays mapped to its other case', () => {
    store.localReferences.add(REFERENCE, OTHER);
    expect(references.remove(CLERK, REFERENCE, ERASED)).toBe(1);
    expect(store.localReferences.find(REFERENCE)).toEqual([{ caseRef: OTHER, createdAt: expect.any(String) }]);
    expect(store.idempotency.claim({ key: 'confirm-key-52c0de', fingerprint: 'x', requestId: 'r', caseRef: ERASED }).created).toBe(true);
    expect(store.idempotency.claim({ key: 'other-key-0b1c2d', fingerprint: 'x', requestId: 'r', caseRef: OTHER }).created).toBe(false);
  });

  it('keeps the records when the reference is not mapped (nothing to delete), and says so', () => {
    expect(() => references.remove(CLERK, 'AZ-NEVER-MAPPED')).toThrow(expect.objectContaining({ code: 'LOCAL_REFERENCE_NOT_FOUND' }));
    expect(store.idempotency.claim({ key: 'register-key-7f3a91', fingerprint: 'x', requestId: 'r', caseRef: ERASED }).created).toBe(false);
  });
});
