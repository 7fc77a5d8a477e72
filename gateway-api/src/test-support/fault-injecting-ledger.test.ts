/**
 * The fault-injecting wrapper does what the route tests rely on: each fault hits the calls it names,
 * in order, and reaches the dev ledger only where a real network would have.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DevLedger } from '@asylum-ledger/dev-ledger';
import { LedgerError, type SubmitRequest } from '@asylum-ledger/domain';
import { FaultInjectingLedger } from './fault-injecting-ledger';
import { openDevLedger } from './test-gateway';

function registration(): SubmitRequest {
  const input = { caseRef: randomBytes(16).toString('hex'), requestId: randomUUID(), procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' };
  return { role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: [JSON.stringify(input)] };
}

function getCase(request: SubmitRequest): { role: 'LAND_RECEPTION'; transaction: string; args: string[] } {
  const { caseRef } = JSON.parse(request.args[0]!) as { caseRef: string };
  return { role: 'LAND_RECEPTION', transaction: 'case:getCase', args: [JSON.stringify({ caseRef })] };
}

async function failure(promise: Promise<unknown>): Promise<LedgerError> {
  const error: unknown = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(LedgerError);
  return error as LedgerError;
}

describe('the fault-injecting ledger', () => {
  let devLedger: DevLedger;
  let ledger: FaultInjectingLedger;

  beforeAll(async () => {
    devLedger = await openDevLedger();
  });
  afterAll(async () => {
    await devLedger.close();
  });
  beforeEach(() => {
    ledger = new FaultInjectingLedger(devLedger.forOrg('LDSMSP'));
  });

  it('fails the next submits in the order injected, reaching nothing, then forwards again', async () => {
    const heightBefore = await ledger.blockHeight();
    ledger.failSubmits(new LedgerError('MVCC_READ_CONFLICT', 'conflict'), 2).failSubmits(new LedgerError('INVALID_TRANSITION', 'no'));
    const codes = [];
    for (let i = 0; i < 3; i += 1) codes.push((await failure(ledger.submit(registration()))).code);
    expect(codes).toEqual(['MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'INVALID_TRANSITION']);
    expect(await ledger.blockHeight()).toBe(heightBefore);
    await ledger.submit(registration());
    expect(await ledger.blockHeight()).toBe(heightBefore + 1n);
    expect(ledger.submits).toHaveLength(4);
    expect(ledger.pendingFaults).toBe(0);
  });

  it('loses the answer of a submit that committed', async () => {
    const request = registration();
    ledger.loseSubmitAnswers(new LedgerError('LEDGER_UNAVAILABLE', 'connection lost'));
    expect((await failure(ledger.submit(request))).code).toBe('LEDGER_UNAVAILABLE');
    expect(JSON.parse(Buffer.from(await ledger.evaluate(getCase(request))).toString('utf8'))).toMatchObject({ seq: 1 });
  });

  it.each([
    [true, 'VALID'],
    [false, undefined],
  ])('times a submit out with a txId; commits: %p', async (commits, validationCode) => {
    const request = registration();
    const error = await failure(ledger.timeOutSubmit({ commits }).submit(request));
    expect(error.code).toBe('COMMIT_TIMEOUT');
    expect(error.txId).toMatch(/^[0-9a-f]{64}$/);
    if (validationCode) expect(await ledger.transaction(error.txId!)).toMatchObject({ validationCode });
    else expect((await failure(ledger.transaction(error.txId!))).code).toBe('NOT_FOUND');
  });

  it('fails any next evaluate, and rewrites only the answers of the transaction named', async () => {
    const request = registration();
    await ledger.submit(request);
    ledger.rewriteEvaluates('case:getHistory', () => ({ lied: true })).failEvaluates(new LedgerError('FORBIDDEN_READ', 'no'));
    expect((await failure(ledger.evaluate(getCase(request)))).code).toBe('FORBIDDEN_READ');
    expect(JSON.parse(Buffer.from(await ledger.evaluate(getCase(request))).toString('utf8'))).toMatchObject({ seq: 1 });
    const history = { ...getCase(request), transaction: 'case:getHistory' };
    expect(JSON.parse(Buffer.from(await ledger.evaluate(history)).toString('utf8'))).toEqual({ lied: true });
    expect(JSON.parse(Buffer.from(await ledger.evaluate(history)).toString('utf8'))).toMatchObject({ entries: [{ type: 'registerCase' }] });
    expect(ledger.evaluates.map((evaluate) => evaluate.transaction)).toEqual(['case:getCase', 'case:getCase', 'case:getHistory', 'case:getHistory']);
  });

  it('answers scripted heights one each, then the true height, counting every read', async () => {
    const truth = await devLedger.forOrg('LDSMSP').blockHeight();
    ledger.answerHeights(0n, 1n);
    expect([await ledger.blockHeight(), await ledger.blockHeight(), await ledger.blockHeight()]).toEqual([0n, 1n, truth]);
    expect(ledger.heightReads).toBe(3);
  });

  it('holds submits, recorded, until released', async () => {
    const release = ledger.holdSubmits();
    let done = false;
    const submitted = ledger.submit(registration()).then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    expect(ledger.submits).toHaveLength(1);
    release();
    await submitted;
    expect(done).toBe(true);
  });

  it('reports the mode it was given, and the readiness it is told', async () => {
    const fabric = new FaultInjectingLedger(devLedger.forOrg('LDSMSP'), { mode: 'fabric' });
    expect(await fabric.ready()).toMatchObject({ ready: true, mode: 'fabric' });
    fabric.reportReadiness({ ready: false, mode: 'fabric', detail: 'peer down' });
    expect(await fabric.ready()).toEqual({ ready: false, mode: 'fabric', detail: 'peer down' });
    expect(await ledger.ready()).toMatchObject({ ready: true, mode: 'embedded' });
  });
});
