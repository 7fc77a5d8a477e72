import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { LedgerError } from '@asylum-ledger/domain';
import { DEV_LEDGER_BANNER } from './dev-ledger-banner';
import { DevLedger } from './dev-ledger';
import { openTempLedger } from './test-support/temp-ledger';

const ON = { effectiveOn: '2026-11-20' };
const caseArgs = (caseRef: string, fields: Record<string, unknown>) => [JSON.stringify({ caseRef, requestId: randomUUID(), ...fields })];

describe('the dev ledger', () => {
  let opened: Awaited<ReturnType<typeof openTempLedger>>;
  beforeEach(async () => {
    opened = await openTempLedger();
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('bootstraps the directory once, as the BAMF admin, in block 0', async () => {
    const port = opened.ledger.forOrg('LDSMSP');
    const directory: { authorities: { mspId: string }[] } = JSON.parse(Buffer.from(await port.evaluate({ role: 'AUDITOR', transaction: 'directory:getDirectory', args: [] })).toString());
    expect(directory.authorities.map((a) => a.mspId)).toEqual(['ABHMSP', 'BAMFMSP', 'LDSMSP']);
    expect(await port.blockHeight()).toBe(1n);
    const [txId] = (await port.block(0n)).txIds;
    expect(await port.transaction(txId!)).toMatchObject({ creatorMspId: 'BAMFMSP', creatorRole: 'ADMIN', endorsingOrgs: ['BAMFMSP'] });
  });

  it('invalidates the second of two concurrent transitions with MVCC_READ_CONFLICT, and keeps it in its block', async () => {
    const caseRef = randomBytes(16).toString('hex');
    const lds = opened.ledger.forOrg('LDSMSP');
    await lds.submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: caseArgs(caseRef, { procedureKind: 'ERSTANTRAG', ...ON }) });
    await opened.ledger.forOrg('BAMFMSP').submit({ role: 'BAMF_REGISTRATION', transaction: 'case:recordDistribution', args: caseArgs(caseRef, { landCode: 'DE-SN', ...ON }) });
    const arrival = lds.submit({ role: 'LAND_RECEPTION', transaction: 'case:confirmArrival', args: caseArgs(caseRef, ON) });
    const transfer = lds.submit({ role: 'LAND_ZAB', transaction: 'case:transferResponsibility', args: caseArgs(caseRef, { ...ON, responsible: 'ABHMSP' }) });
    const [first, second] = await Promise.allSettled([arrival, transfer]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const error = (second as PromiseRejectedResult).reason as LedgerError;
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'MVCC_READ_CONFLICT', details: { validationCode: 'MVCC_READ_CONFLICT' } });
    expect(await lds.transaction(error.txId!)).toMatchObject({ validationCode: 'MVCC_READ_CONFLICT', creatorRole: 'LAND_ZAB' });
    const history: { entries: { type: string }[] } = JSON.parse(Buffer.from(await lds.evaluate({ role: 'LAND_ZAB', transaction: 'case:getHistory', args: [JSON.stringify({ caseRef })] })).toString());
    expect(history.entries.map((entry) => entry.type)).toEqual(['registerCase', 'recordDistribution', 'confirmArrival']);
    expect(opened.ledger.store.verifyChain()).toMatchObject({ valid: true });
  });

  it('reports readiness honestly and exports the banner', async () => {
    expect(await opened.ledger.forOrg('ABHMSP').ready()).toEqual({
      ready: true,
      mode: 'embedded',
      detail: 'embedded dev ledger (no Fabric): single process, no endorsement policy, no consensus',
    });
    expect(DEV_LEDGER_BANNER).toContain('NOT Hyperledger Fabric');
  });

  it('refuses unknown orgs and, once closed, answers LEDGER_UNAVAILABLE and ends streams', async () => {
    expect(() => opened.ledger.forOrg('EVILMSP')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const port = opened.ledger.forOrg('BAMFMSP');
    const stream = port.events({ blockNumber: 1n });
    const pending = stream[Symbol.asyncIterator]().next();
    await opened.ledger.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await expect(port.blockHeight()).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    await expect(port.submit({ role: 'ADMIN', transaction: 'case:getCase', args: ['{}'] })).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    expect(await port.ready()).toMatchObject({ ready: false, mode: 'embedded' });
  });

  it('keeps state, blocks, identities and events across a reopen, and bootstraps only once', async () => {
    const caseRef = randomBytes(16).toString('hex');
    const submitted = await opened.ledger.forOrg('LDSMSP').submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: caseArgs(caseRef, { procedureKind: 'ERSTANTRAG', ...ON }) });
    await opened.ledger.close();
    const reopened = await DevLedger.open({ databasePath: opened.temp.databasePath, identityDir: opened.temp.identityDir });
    try {
      const port = reopened.forOrg('LDSMSP');
      expect(await port.blockHeight()).toBe(2n);
      expect(await port.transaction(submitted.txId)).toMatchObject({ validationCode: 'VALID', creatorMspId: 'LDSMSP' });
      const record = JSON.parse(Buffer.from(await port.evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: [JSON.stringify({ caseRef })] })).toString());
      expect(record).toMatchObject({ state: 'REGISTERED' });
      expect(reopened.store.verifyChain()).toMatchObject({ valid: true, height: 2 });
    } finally {
      await reopened.close();
    }
  });

  it('shows a tampered block as dataHashValid false at the port, and the chain as broken', async () => {
    const caseRef = randomBytes(16).toString('hex');
    const submitted = await opened.ledger.forOrg('LDSMSP').submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: caseArgs(caseRef, { procedureKind: 'ERSTANTRAG', ...ON }) });
    await opened.ledger.close();
    const raw = new Database(opened.temp.databasePath);
    raw.prepare("UPDATE block_transactions SET creator_role = 'ADMIN' WHERE tx_id = ?").run(submitted.txId);
    raw.close();
    const reopened = await DevLedger.open({ databasePath: opened.temp.databasePath, identityDir: opened.temp.identityDir });
    try {
      const port = reopened.forOrg('BAMFMSP');
      expect(await port.block(0n)).toMatchObject({ dataHashValid: true });
      expect(await port.block(submitted.blockNumber)).toMatchObject({ dataHashValid: false, txIds: [submitted.txId] });
      expect(reopened.store.verifyChain()).toMatchObject({ valid: false, problems: [`block ${submitted.blockNumber}: data hash mismatch`] });
    } finally {
      await reopened.close();
    }
  });

  it('runs the chaincode package through fabric-shim\'s own dispatch (it answers GetMetadata as a peer does)', async () => {
    const port = opened.ledger.forOrg('ABHMSP');
    const metadata: { contracts: Record<string, unknown> } = JSON.parse(
      Buffer.from(await port.evaluate({ role: 'AUDITOR', transaction: 'org.hyperledger.fabric:GetMetadata', args: [] })).toString(),
    );
    expect(Object.keys(metadata.contracts)).toEqual(expect.arrayContaining(['case', 'directory']));
    await expect(port.submit({ role: 'ADMIN', transaction: 'case:dropEverything', args: ['{}'] })).rejects.toMatchObject({ code: 'UNKNOWN_TRANSACTION' });
  });

  it('ends a view\'s streams when the view closes, while the shared ledger and other views go on', async () => {
    const abh = opened.ledger.forOrg('ABHMSP');
    const bamf = opened.ledger.forOrg('BAMFMSP');
    const abhNext = abh.events({ blockNumber: 1n })[Symbol.asyncIterator]().next();
    const bamfStream = bamf.events({ blockNumber: 1n });
    const bamfNext = bamfStream[Symbol.asyncIterator]().next();
    await abh.close();
    expect(await abhNext).toEqual({ done: true, value: undefined });
    const caseRef = randomBytes(16).toString('hex');
    const submitted = await opened.ledger.forOrg('LDSMSP').submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: caseArgs(caseRef, { procedureKind: 'ERSTANTRAG', ...ON }) });
    expect(await bamfNext).toMatchObject({ done: false, value: { txId: submitted.txId, blockNumber: submitted.blockNumber, eventName: 'CaseEvent' } });
    bamfStream.close();
    expect(await abh.ready()).toMatchObject({ ready: true });
  });
});
