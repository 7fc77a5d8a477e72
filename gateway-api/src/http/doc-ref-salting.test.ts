/**
 * docRef values are salted by the gateway (issue 19): the client names a document by its SHA-256
 * (`sha256:<hex>`), the gateway writes HMAC-SHA256(salt of the case, hash) to the ledger; a bare
 * 64-digit value (an unsalted hash) is refused, at the top level and inside a correction, and a
 * registration carries no docRef. The salt is per case and goes with the case's mapping.
 */
import { createHmac } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '../auth/principal';
import { LocalReferences } from '../services/local-references';
import { openGatewayStore, type SqliteGatewayStore } from '../store/open-gateway-store';
import { parseRegisterBody, parseTransitionBody } from './write-bodies';

// SHA-256 of the bytes `decision 2026`
const HASH = '6ab923de920d837797b8e24f992e5db94820f1802e5a3c64d80508d045680fcc';
const CASE_A = 'a'.repeat(32);
const CASE_B = 'b'.repeat(32);
const SALTED = '1'.repeat(64);
const saltAs = (): string => SALTED;

function refusal(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
}

describe('parsing a docRef from a client', () => {
  it('replaces sha256:<hash> by the salted docRef and passes the bare hash to the salting', () => {
    const seen: string[] = [];
    const write = parseTransitionBody({ type: 'recordService', servedOn: '2026-11-20', docRef: `sha256:${HASH}` }, (hash) => {
      seen.push(hash);
      return SALTED;
    });
    expect(seen).toEqual([HASH]);
    expect(write).toMatchObject({ type: 'recordService', fields: { servedOn: '2026-11-20', docRef: SALTED } });
  });

  it.each([
    ['a bare SHA-256 (unsalted)', HASH],
    ['upper-case hex', `sha256:${HASH.toUpperCase()}`],
    ['another algorithm', `md5:${HASH.slice(0, 32)}`],
    ['a file name', 'Bescheid Mueller.pdf'],
  ])('refuses %s with VALIDATION_FAILED at body.docRef', (_label, docRef) => {
    expect(refusal(() => parseTransitionBody({ type: 'recordService', servedOn: '2026-11-20', docRef }, saltAs))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [expect.objectContaining({ path: 'body.docRef' })] },
    });
  });

  it('salts a docRef a correction replaces, and refuses a bare hash there', () => {
    const body = (docRef: string) => ({ type: 'correctEvent', correctsTxId: 'cd'.repeat(32), reasonCode: 'DATA_ENTRY_ERROR', corrected: { docRef } });
    expect(parseTransitionBody(body(`sha256:${HASH}`), saltAs)).toMatchObject({ fields: { corrected: { docRef: SALTED } } });
    expect(refusal(() => parseTransitionBody(body(HASH), saltAs))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [expect.objectContaining({ path: 'body.corrected.docRef' })] },
    });
  });

  it('refuses a docRef at registration (the case and its salt do not exist yet)', () => {
    expect(refusal(() => parseRegisterBody({ procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20', docRef: `sha256:${HASH}` }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [expect.objectContaining({ path: 'body.docRef', code: 'not_allowed' })] },
    });
  });
});

describe('the per-case salt', () => {
  const clerk: Principal = { subject: 'clerk-1', role: 'LAND_RECEPTION' };
  let file: string;
  let store: SqliteGatewayStore;
  let references: LocalReferences;

  beforeEach(() => {
    file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-docref-')), 'gateway.sqlite');
    store = openGatewayStore({ file, localReferenceKey: Buffer.alloc(32, 9) });
    references = new LocalReferences({ store });
  });

  afterEach(() => {
    store.close();
  });

  function saltOf(caseRef: string): Buffer | undefined {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return db.prepare<[string], { salt: Buffer }>('SELECT salt FROM doc_salts WHERE case_ref = ?').get(caseRef)?.salt;
    } finally {
      db.close();
    }
  }

  it('is HMAC-SHA256 under a random 32-byte salt of the case: stable within a case, different across cases', () => {
    const first = references.saltDocRef(CASE_A, HASH);
    const salt = saltOf(CASE_A)!;
    expect(salt).toHaveLength(32);
    expect(first).toBe(createHmac('sha256', salt).update(Buffer.from(HASH, 'hex')).digest('hex'));
    expect(first).not.toBe(HASH);
    expect(references.saltDocRef(CASE_A, HASH)).toBe(first);
    expect(references.saltDocRef(CASE_B, HASH)).not.toBe(first);
  });

  it('goes with the mapping: after DELETE of the reference the case has no salt, and the next one is new', () => {
    store.localReferences.add('AZ-2026-17', CASE_A);
    const before = references.saltDocRef(CASE_A, HASH);
    references.saltDocRef(CASE_B, HASH);
    references.remove(clerk, 'AZ-2026-17');
    expect(saltOf(CASE_A)).toBeUndefined();
    expect(saltOf(CASE_B)).toHaveLength(32);
    expect(references.saltDocRef(CASE_A, HASH)).not.toBe(before);
  });

  it('goes when the gateway forgets the case (after its attestation on the ledger)', () => {
    references.saltDocRef(CASE_A, HASH);
    store.idempotency.claim({ key: 'k1', fingerprint: 'f1', requestId: 'r1', caseRef: CASE_A });
    references.forgetCase(CASE_A);
    expect(saltOf(CASE_A)).toBeUndefined();
    expect(store.idempotency.claim({ key: 'k1', fingerprint: 'f2', requestId: 'r2', caseRef: CASE_A }).created).toBe(true);
  });
});
