/**
 * What a write may store as its final outcome: only what the gateway's own peer says, from a height
 * at or beyond the block the client last saw (Ledger-Min-Block) and the highest block this gateway
 * handed out; a claimed duplicate only once the own peer confirms it. Everything else is retryable
 * and leaves the Idempotency-Key pending. Over the dev ledger behind the fault-injecting port, which
 * plays the lagging or lying own peer (the adapter's attribution of refusals to orgs is tested over
 * the fake Fabric transport in integration/lying-endorsers.test.ts). One dev ledger for the file, a
 * gateway and a wrapper for each test; each test's case is registered and distributed through the
 * gateway first, so that it may arrive: the arrival is seq 3, in the block after the distribution's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { IdempotencyRecord } from '../ports/gateway-store';
import type { DevLedger } from '@asylum-ledger/dev-ledger';
import { LedgerError } from '@asylum-ledger/domain';
import { createKeyDigester } from '../services/request-fingerprint';
import { createTestGateway, distributedCase, ledgerCase, openDevLedger, registerBody, TEST_KEY, type TestGateway } from '../test-support/test-gateway';

const arrival = { type: 'confirmArrival', effectiveOn: '2026-11-20' };
const refusal = (): LedgerError => new LedgerError('INVALID_TRANSITION', 'confirmArrival: not allowed from REGISTERED', { details: { state: 'REGISTERED' } });

/** Registrations by another client, straight on the dev ledger: the own peer's height grows by `count`. */
async function othersCommit(gateway: TestGateway, count: number): Promise<void> {
  const port = gateway.devLedger.forOrg('ABHMSP');
  for (let i = 0; i < count; i += 1) {
    const input = { caseRef: randomBytes(16).toString('hex'), requestId: randomUUID(), procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' };
    await port.submit({ role: 'ABH', transaction: 'case:registerCase', args: [JSON.stringify(input)] });
  }
}

/** The own peer's true height (past the wrapper, so nothing is recorded). */
async function trueHeight(gateway: TestGateway): Promise<number> {
  return Number(await gateway.devLedger.forOrg('LDSMSP').blockHeight());
}

describe('write outcomes: only the own peer, at the height the client saw, is final', () => {
  let devLedger: DevLedger;
  let gw: TestGateway;
  let token: string;
  let caseRef: string;
  let distributedIn: number;

  function transition(key: string, headers: Record<string, string> = {}, gateway: TestGateway = gw): request.Test {
    return request(gateway.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': key, ...headers })
      .send(arrival);
  }

  /** The idempotency record of a key as stored (claiming an existing key changes nothing). */
  const digestKey = createKeyDigester(TEST_KEY);

  function recordOf(key: string, gateway: TestGateway = gw): IdempotencyRecord {
    // the store holds only the keyed digest of a client's Idempotency-Key
    const { created, record } = gateway.store.idempotency.claim({ key: digestKey('clerk-17', key), fingerprint: 'probe', requestId: randomUUID(), caseRef: 'f'.repeat(32) });
    expect(created).toBe(false);
    return record;
  }

  function requestIdsSubmitted(gateway: TestGateway = gw): string[] {
    return gateway.ledger.submits.map((submit) => (JSON.parse(submit.args[0] ?? '{}') as { requestId: string }).requestId);
  }

  beforeAll(async () => {
    devLedger = await openDevLedger();
  });
  afterAll(async () => {
    await devLedger.close();
  });
  beforeEach(async () => {
    gw = await createTestGateway({ devLedger, catchUpWaitMs: 1_000 });
    token = await gw.token('LAND_RECEPTION');
    ({ caseRef, blockNumber: distributedIn } = await distributedCase(gw, token));
    expect(await trueHeight(gw)).toBe(distributedIn + 1);
    gw.ledger.forgetCalls();
  });
  afterEach(async () => {
    await gw.close();
  });

  describe('the Ledger-Min-Block header', () => {
    it.each(['-1', '01', '1.5', 'abc', '', '1234567890123456', '+7', '7, 8'])('refuses %p with 400 VALIDATION_FAILED and no ledger call', async (value) => {
      const res = await transition(randomUUID(), { 'Ledger-Min-Block': value });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'header.Ledger-Min-Block' }] } });
      expect(gw.ledger.submits).toHaveLength(0);
    });

    it('is not part of the request: a retry may state a later block under the same key', async () => {
      gw.ledger.failSubmits(new LedgerError('LEDGER_UNAVAILABLE', 'down'));
      expect((await transition('h-same', { 'Ledger-Min-Block': '0' })).status).toBe(503);
      expect((await transition('h-same', { 'Ledger-Min-Block': '1' })).status).toBe(200);
    });
  });

  describe('a refusal from an own peer that may lack the block the client saw', () => {
    it('stores a refusal at once when the own peer is known to hold the block (no height read, one submit)', async () => {
      gw.ledger.failSubmits(refusal()).answerHeights(0n);
      const res = await transition('r-known', { 'Ledger-Min-Block': '1' });
      expect(res.status).toBe(409);
      expect(recordOf('r-known')).toMatchObject({ state: 'done', outcome: { ok: false, code: 'INVALID_TRANSITION' } });
      expect(gw.ledger.submits).toHaveLength(1);
      expect(gw.ledger.heightReads).toBe(0);
      expect(gw.ledger.pendingFaults).toBe(1);
    });

    it('waits for a lagging own peer, asks once more with the same request id, and succeeds', async () => {
      await othersCommit(gw, 4);
      const seen = (await trueHeight(gw)) - 1;
      // the own peer answers three heights that lack the client's block, then its true height
      gw.ledger.failSubmits(refusal()).answerHeights(BigInt(seen - 2), BigInt(seen - 1), BigInt(seen));
      const res = await transition('r-lag', { 'Ledger-Min-Block': String(seen) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ caseRef, state: 'ARRIVED', seq: 3 });
      expect(gw.ledger.pendingFaults).toBe(0);
      const ids = requestIdsSubmitted();
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBe(ids[1]);
      expect(await ledgerCase(gw, caseRef)).toMatchObject({ seq: 3 });
    });

    it('stores the second refusal when the own peer, asked again at the block, still refuses', async () => {
      gw.ledger.failSubmits(refusal()).failSubmits(new LedgerError('VERSION_CONFLICT', 'seq moved', { details: { seq: 3 } }));
      await othersCommit(gw, 4);
      const res = await transition('r-twice', { 'Ledger-Min-Block': String((await trueHeight(gw)) - 1) });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('VERSION_CONFLICT');
      expect(recordOf('r-twice')).toMatchObject({ state: 'done', outcome: { ok: false, code: 'VERSION_CONFLICT' } });
      const replay = await transition('r-twice');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.code).toBe('VERSION_CONFLICT');
      expect(gw.ledger.submits).toHaveLength(2);
    });

    it('stores a refusal at once when every peer of the channel answered below the client\'s block (a block never seen), without waiting', async () => {
      const slow = await createTestGateway({ on: gw, catchUpWaitMs: 5_000 });
      slow.ledger.failSubmits(refusal()).answerNetworkHeight();
      const fabricated = (await trueHeight(gw)) + 1_000;
      const started = Date.now();
      const res = await transition('r-never', { 'Ledger-Min-Block': String(fabricated) }, slow);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect([res.status, res.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      expect(recordOf('r-never', slow)).toMatchObject({ state: 'done', outcome: { ok: false, code: 'INVALID_TRANSITION' } });
      expect(slow.ledger.submits).toHaveLength(1);
      await slow.close();
    });

    it('answers 503 LEDGER_BEHIND when the peer does not catch up in time; nothing stored; the key later succeeds once', async () => {
      const slow = await createTestGateway({ on: gw, catchUpWaitMs: 50 });
      gw.ledger.failSubmits(refusal());
      const height = await trueHeight(gw);
      const seen = height + 6;
      const started = Date.now();
      const res = await transition('r-behind', { 'Ledger-Min-Block': String(seen) }, slow);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ code: 'LEDGER_BEHIND', details: { requiredBlock: seen, peerHeight: height } });
      expect(recordOf('r-behind', slow)).toMatchObject({ state: 'pending', outcome: null });
      expect(slow.store.audit.recent(1)[0]).toMatchObject({ outcome: 'LEDGER_BEHIND' });
      await othersCommit(gw, 7);
      const retry = await transition('r-behind', { 'Ledger-Min-Block': String(seen) }, slow);
      expect(retry.status).toBe(200);
      expect(await ledgerCase(gw, caseRef)).toMatchObject({ state: 'ARRIVED', seq: 3 });
      expect(new Set(requestIdsSubmitted()).size).toBe(1);
      await slow.close();
    });

    it('measures against the highest block it handed out before a restart, even without the header', async () => {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-min-block-')), 'gateway.sqlite');
      const before = await createTestGateway({ dbFile: file, on: gw });
      let highest = 0;
      for (let i = 0; i < 3; i += 1) {
        const registered = await request(before.app).post('/v1/cases').set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': randomUUID() }).send(registerBody());
        expect(registered.status).toBe(201);
        highest = registered.body.blockNumber;
      }
      await before.close();
      // the peer came back from a backup lower than the receipts the gateway handed out: a ledger
      // that holds the bootstrap block only
      const after = await createTestGateway({ dbFile: file, catchUpWaitMs: 30 });
      after.ledger.failSubmits(refusal());
      const res = await transition('r-restored', {}, after);
      expect(res.body).toMatchObject({ code: 'LEDGER_BEHIND', details: { requiredBlock: highest, peerHeight: 1 } });
      expect(recordOf('r-restored', after).state).toBe('pending');
      await after.close();
    });
  });

  describe('a claimed DUPLICATE_REQUEST', () => {
    it('returns the original receipt once the own peer\'s marker, qscc and history confirm it', async () => {
      gw.ledger.loseSubmitAnswers(new LedgerError('LEDGER_UNAVAILABLE', 'connection lost after submit'));
      expect((await transition('d-ok')).status).toBe(503);
      const original = (await ledgerCase(gw, caseRef)).lastTxId;
      const retry = await transition('d-ok');
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual({ caseRef, state: 'ARRIVED', seq: 3, txId: original, blockNumber: distributedIn + 1 });
      expect(gw.ledger.evaluates.map((evaluate) => evaluate.transaction)).toEqual(['case:getRequest', 'case:getHistory']);
      expect(recordOf('d-ok')).toMatchObject({ state: 'done', txId: original });
    });

    const claimed = 'c'.repeat(64);
    it.each([
      ['the own peer has no marker for the request', null],
      ['the own peer\'s marker names another txId', 'e'.repeat(64)],
      ['the own peer\'s marker names the claimed txId but qscc does not know it', claimed],
    ])('is not believed when %s: 503 DUPLICATE_UNCONFIRMED, nothing stored, and the key later succeeds once', async (_what, marker) => {
      gw.ledger.failSubmits(new LedgerError('DUPLICATE_REQUEST', 'this request id was already used for this case', { details: { originalTxId: claimed } }));
      // the own peer's marker lies once (or, with none planted, tells the truth: there is none)
      if (marker !== null) gw.ledger.rewriteEvaluates('case:getRequest', (answer) => ({ ...(answer as object), txId: marker }));
      const res = await transition('d-lie');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.code).toBe('DUPLICATE_UNCONFIRMED');
      expect(JSON.stringify(res.body)).not.toContain(claimed);
      expect(recordOf('d-lie')).toMatchObject({ state: 'pending', outcome: null });
      expect(await ledgerCase(gw, caseRef)).toMatchObject({ seq: 2 });
      expect(gw.ledger.pendingFaults).toBe(0);
      const retry = await transition('d-lie');
      expect(retry.status).toBe(200);
      expect(retry.body.txId).not.toBe(claimed);
      expect(await ledgerCase(gw, caseRef)).toMatchObject({ state: 'ARRIVED', seq: 3 });
      expect(gw.ledger.submits).toHaveLength(2);
    });

    it('never stores a read failure of the confirmation as the write\'s outcome', async () => {
      gw.ledger.failSubmits(new LedgerError('DUPLICATE_REQUEST', 'used', { details: { originalTxId: 'c'.repeat(64) } }));
      gw.ledger.failEvaluates(new LedgerError('FORBIDDEN_READ', 'no'));
      const res = await transition('d-read');
      expect(res.body.code).toBe('DUPLICATE_UNCONFIRMED');
      expect(recordOf('d-read').state).toBe('pending');
      gw.ledger.failSubmits(new LedgerError('DUPLICATE_REQUEST', 'used', { details: { originalTxId: 'c'.repeat(64) } }));
      gw.ledger.failEvaluates(new LedgerError('LEDGER_UNAVAILABLE', 'down'));
      expect((await transition('d-read')).body.code).toBe('LEDGER_UNAVAILABLE');
      expect(recordOf('d-read').state).toBe('pending');
    });
  });

  it('never stores ENDORSERS_DISAGREE: 503 with Retry-After, and the same key then succeeds', async () => {
    gw.ledger.failSubmits(
      new LedgerError('ENDORSERS_DISAGREE', 'BAMFMSP refused (DUPLICATE_REQUEST) but LDSMSP\'s peer did not', {
        details: { ownMspId: 'LDSMSP', disagreeingOrgs: ['BAMFMSP'], claimedCodes: ['DUPLICATE_REQUEST'], stage: 'endorse' },
      }),
    );
    const res = await transition('e-1');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.code).toBe('ENDORSERS_DISAGREE');
    expect(recordOf('e-1').state).toBe('pending');
    expect((await transition('e-1')).status).toBe(200);
  });
});
