import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { generateKeyPairSync } from 'node:crypto';
import type { LedgerError } from '@asylum-ledger/domain';
import { FabricLedger, type StageTiming } from './fabric-ledger';
import type { RoleIdentity } from './role-identities';
import { CERTIFICATE_WITH_ROLE } from './test-support/certificates';
import { commitStatusResponse, endorseResponse, evaluateResponse, FakeGatewayClient, observedAnswer, submitResponse } from './test-support/fake-gateway-client';
import { OBSERVED, OBSERVED_ORIGINAL_TX } from './test-support/observed-gateway-errors';

function identity(role: RoleIdentity['role']): RoleIdentity {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { role, mspId: 'LDSMSP', certificate: Buffer.from(CERTIFICATE_WITH_ROLE), privateKey };
}

const identities = [identity('LAND_RECEPTION'), identity('AUDITOR')];
const request = { role: 'LAND_RECEPTION' as const, transaction: 'case:registerCase', args: ['{}'] };

function ledgerOver(client: FakeGatewayClient, onStage?: (timing: StageTiming) => void): FabricLedger {
  return new FabricLedger({
    client: client.asGrpcClient(),
    identities,
    onStage,
    commitStatusAttempts: 3,
    commitStatusRetryDelayMs: 1,
    deadlines: { endorse: () => ({ deadline: 111 }), commitStatus: () => ({ deadline: 222 }) },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<LedgerError> {
  return (await promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error)) as LedgerError;
}

describe('FabricLedger over a fake Gateway transport', () => {
  it('endorses, submits and waits for the commit, returning txId, block and the chaincode result', async () => {
    const client = new FakeGatewayClient()
      .answer('Endorse', endorseResponse('{"seq":1}'))
      .answer('Submit', submitResponse())
      .answer('CommitStatus', commitStatusResponse(StatusCode.VALID, 12));
    const stages: StageTiming[] = [];
    const result = await ledgerOver(client, (timing) => stages.push(timing)).submit(request);
    expect(stages.map((timing) => [timing.stage, timing.ok])).toEqual([['endorse', true], ['submit', true], ['commitStatus', true]]);
    expect(stages.every((timing) => timing.seconds >= 0 && timing.seconds < 5)).toBe(true);
    expect(result.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.blockNumber).toBe(12n);
    expect(Buffer.from(result.payload).toString()).toBe('{"seq":1}');
    expect(client.methods).toEqual(['Endorse', 'Submit', 'CommitStatus']);
    expect(client.calls.map((call) => call.options.deadline)).toEqual([111, expect.any(Number), 222]);
  });

  it('polls an unknown commit status and gives up with COMMIT_TIMEOUT and the txId, never re-submitting', async () => {
    const client = new FakeGatewayClient()
      .answer('Endorse', endorseResponse('{}'))
      .answer('Submit', submitResponse())
      .answer('CommitStatus', { error: GrpcStatus.DEADLINE_EXCEEDED }, { error: GrpcStatus.UNAVAILABLE }, { error: GrpcStatus.DEADLINE_EXCEEDED });
    const error = await failureOf(ledgerOver(client).submit(request));
    expect({ name: error.name, code: error.code }).toEqual({ name: 'LedgerError', code: 'COMMIT_TIMEOUT' });
    expect(error.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(client.methods).toEqual(['Endorse', 'Submit', 'CommitStatus', 'CommitStatus', 'CommitStatus']);
  });

  it('finds the commit on a later wait', async () => {
    const client = new FakeGatewayClient()
      .answer('Endorse', endorseResponse('{}'))
      .answer('Submit', submitResponse())
      .answer('CommitStatus', { error: GrpcStatus.DEADLINE_EXCEEDED }, commitStatusResponse(StatusCode.VALID, 3));
    await expect(ledgerOver(client).submit(request)).resolves.toMatchObject({ blockNumber: 3n });
  });

  it.each([
    [StatusCode.MVCC_READ_CONFLICT, 'MVCC_READ_CONFLICT'],
    [StatusCode.ENDORSEMENT_POLICY_FAILURE, 'ENDORSEMENT_POLICY_FAILURE'],
    [StatusCode.PHANTOM_READ_CONFLICT, 'TRANSACTION_INVALID'],
  ])('reports a transaction invalidated with code %d as %s with its txId, once', async (validation, code) => {
    const client = new FakeGatewayClient()
      .answer('Endorse', endorseResponse('{}'))
      .answer('Submit', submitResponse())
      .answer('CommitStatus', commitStatusResponse(validation, 9));
    const error = await failureOf(ledgerOver(client).submit(request));
    expect(error.code).toBe(code);
    expect(error.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(error.details).toMatchObject({ blockNumber: '9' });
    expect(client.methods).toEqual(['Endorse', 'Submit', 'CommitStatus']);
  });

  it('reports LEDGER_UNAVAILABLE when the peer cannot be reached for endorsement', async () => {
    const client = new FakeGatewayClient().answer('Endorse', { error: GrpcStatus.UNAVAILABLE });
    const stages: StageTiming[] = [];
    const error = await failureOf(ledgerOver(client, (timing) => stages.push(timing)).submit(request));
    expect(error.code).toBe('LEDGER_UNAVAILABLE');
    expect(stages.map((timing) => [timing.stage, timing.ok])).toEqual([['endorse', false]]);
    expect(client.methods).toEqual(['Endorse']);
  });

  it('reports the own peer\'s refusal with its code and the txId, submitting nothing', async () => {
    const client = new FakeGatewayClient().answer('Endorse', observedAnswer(OBSERVED.ownPeerRefuses), observedAnswer(OBSERVED.ownPeerDuplicate));
    const ledger = ledgerOver(client);
    const refused = await failureOf(ledger.submit(request));
    expect({ code: refused.code, txId: refused.txId }).toEqual({ code: 'INVALID_TRANSITION', txId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await failureOf(ledger.submit(request))).details).toEqual({ originalTxId: OBSERVED_ORIGINAL_TX });
    expect(client.methods).toEqual(['Endorse', 'Endorse']);
  });

  it.each([
    ['INVALID_TRANSITION', OBSERVED.otherOrgRefuses.details[0].message],
    ['DUPLICATE_REQUEST', OBSERVED.ownPeerDuplicate.details[0].message],
  ])('does not believe another org\'s peer that alone claims %s: ENDORSERS_DISAGREE, nothing submitted', async (claimed, message) => {
    const lie = { ...observedAnswer(OBSERVED.otherOrgRefuses), details: [{ address: '127.0.0.1:7151', mspId: 'BAMFMSP', message }] };
    const client = new FakeGatewayClient().answer('Endorse', lie);
    const error = await failureOf(ledgerOver(client).submit(request));
    expect({ name: error.name, code: error.code }).toEqual({ name: 'LedgerError', code: 'ENDORSERS_DISAGREE' });
    expect(error.details).toEqual({ ownMspId: 'LDSMSP', disagreeingOrgs: ['BAMFMSP'], claimedCodes: [claimed], stage: 'endorse' });
    expect(client.methods).toEqual(['Endorse']);
  });

  it('evaluates and reads qscc on the own org\'s peer only, and does not believe another org\'s evaluate refusal', async () => {
    const client = new FakeGatewayClient().answer('Evaluate', observedAnswer(OBSERVED.otherOrgEvaluateRefuses), observedAnswer(OBSERVED.ownPeerEvaluateRefuses), { error: GrpcStatus.UNAVAILABLE });
    const ledger = ledgerOver(client);
    const query = { role: 'AUDITOR' as const, transaction: 'case:getCase', args: ['{}'] };
    expect((await failureOf(ledger.evaluate(query))).code).toBe('ENDORSERS_DISAGREE');
    expect((await failureOf(ledger.evaluate(query))).code).toBe('CASE_NOT_FOUND');
    expect((await failureOf(ledger.blockHeight())).code).toBe('LEDGER_UNAVAILABLE');
    expect(client.evaluateTargets).toEqual([['LDSMSP'], ['LDSMSP'], ['LDSMSP']]);
  });

  it('refuses a role the org has no identity for with FORBIDDEN_ROLE, calling nothing', async () => {
    const client = new FakeGatewayClient();
    const error = await failureOf(ledgerOver(client).submit({ ...request, role: 'BAMF_CASEWORKER' }));
    expect({ code: error.code, details: error.details }).toEqual({ code: 'FORBIDDEN_ROLE', details: { role: 'BAMF_CASEWORKER', mspId: 'LDSMSP' } });
    expect(client.calls).toEqual([]);
  });

  it('evaluates with the role\'s identity and translates its failures', async () => {
    const client = new FakeGatewayClient().answer('Evaluate', evaluateResponse('{"state":"REGISTERED"}'), { error: GrpcStatus.DEADLINE_EXCEEDED });
    const ledger = ledgerOver(client);
    const bytes = await ledger.evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: ['{}'] });
    expect(Buffer.from(bytes).toString()).toBe('{"state":"REGISTERED"}');
    expect((await failureOf(ledger.evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: ['{}'] }))).code).toBe('LEDGER_UNAVAILABLE');
  });

  it('is ready when the peer answers the directory query, and says why not otherwise', async () => {
    const client = new FakeGatewayClient().answer('Evaluate', evaluateResponse('{}'), { error: GrpcStatus.UNAVAILABLE });
    const ledger = ledgerOver(client);
    expect(await ledger.ready()).toEqual({ ready: true, mode: 'fabric', detail: 'LDSMSP peer fake-peer:7051: chaincode casestatus answers on asylum' });
    expect(await ledger.ready()).toMatchObject({ ready: false, mode: 'fabric', detail: expect.stringContaining('LEDGER_UNAVAILABLE') });
  });

  it('closes the connection once, and refuses calls after', async () => {
    const client = new FakeGatewayClient();
    const ledger = ledgerOver(client);
    await ledger.close();
    await ledger.close();
    expect(client.closed).toBe(true);
    expect((await failureOf(ledger.submit(request))).code).toBe('LEDGER_UNAVAILABLE');
  });

  it('wants identities of one MSP, and a reader identity', () => {
    const client = new FakeGatewayClient().asGrpcClient();
    expect(() => new FabricLedger({ client, identities: [] })).toThrow('at least one role identity');
    expect(() => new FabricLedger({ client, identities: [identity('ADMIN'), { ...identity('ABH'), mspId: 'ABHMSP' }] })).toThrow('same MSP');
    expect(() => new FabricLedger({ client, identities, readerRole: 'ADMIN' })).toThrow('no ADMIN identity');
  });
});

describe('FabricLedger transaction lookups (qscc answers every failure with a plain 500 and prose)', () => {
  const txId = 'c'.repeat(64);
  /** A qscc failure from the own peer; its wording is not the one Fabric uses, so only its structure can count. */
  const qsccFails = (): ReturnType<typeof observedAnswer> => ({
    error: GrpcStatus.UNKNOWN,
    message: 'evaluate call to endorser returned error: chaincode response 500, lookup failed',
    details: [{ address: '127.0.0.1:7251', mspId: 'LDSMSP', message: 'chaincode response 500, lookup failed' }],
  });
  const chainInfo = (height: number): ReturnType<typeof evaluateResponse> => {
    const info = new common.BlockchainInfo();
    info.setHeight(height);
    return evaluateResponse(info.serializeBinary());
  };

  it('is NOT_FOUND when the own peer cannot return the transaction but still answers GetChainInfo, whatever qscc says', async () => {
    const client = new FakeGatewayClient().answer('Evaluate', qsccFails(), qsccFails(), chainInfo(7), chainInfo(7));
    const error = await failureOf(ledgerOver(client).transaction(txId));
    expect({ name: error.name, code: error.code }).toEqual({ name: 'LedgerError', code: 'NOT_FOUND' });
  });

  it('is LEDGER_UNAVAILABLE, not NOT_FOUND, when the peer does not answer GetChainInfo either', async () => {
    const client = new FakeGatewayClient().answer('Evaluate', qsccFails(), qsccFails(), { error: GrpcStatus.UNAVAILABLE }, { error: GrpcStatus.UNAVAILABLE });
    expect((await failureOf(ledgerOver(client).transaction(txId))).code).toBe('LEDGER_UNAVAILABLE');
  });
});
