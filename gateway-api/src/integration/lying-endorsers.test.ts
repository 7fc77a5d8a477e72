/**
 * A gateway whose Fabric transport is a fake endorser that lies: the real FabricLedger, CaseWrites,
 * HTTP routes and SQLite store, over a scripted Gateway service that answers with the error shapes
 * recorded on the real network. Another org's peer claiming DUPLICATE_REQUEST or INVALID_TRANSITION
 * stores nothing; an own peer below the client's block is waited for and asked again.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import request from 'supertest';
import { FabricLedger } from '../fabric/fabric-ledger';
import type { RoleIdentity } from '../fabric/role-identities';
import { CERTIFICATE_WITH_ROLE } from '../fabric/test-support/certificates';
import {
  commitStatusResponse,
  endorseResponse,
  evaluateResponse,
  FakeGatewayClient,
  observedAnswer,
  submitResponse,
  type ScriptedAnswer,
} from '../fabric/test-support/fake-gateway-client';
import { OBSERVED } from '../fabric/test-support/observed-gateway-errors';
import { createKeyDigester } from '../services/request-fingerprint';
import { createPortGateway, TEST_KEY, type PortGateway } from '../test-support/test-gateway';

const CASE = '0123456789abcdef0123456789abcdef';
const arrival = { type: 'confirmArrival', effectiveOn: '2026-11-20' };

function identity(role: RoleIdentity['role']): RoleIdentity {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { role, mspId: 'LDSMSP', certificate: Buffer.from(CERTIFICATE_WITH_ROLE), privateKey };
}

/** Another org's peer (BAMF's) refusing with the message of a recorded refusal: own peer accepted. */
function otherOrgClaims(message: string): ScriptedAnswer {
  return { ...observedAnswer(OBSERVED.otherOrgRefuses), details: [{ address: '127.0.0.1:7151', mspId: 'BAMFMSP', message }] };
}

/** The answers of a transaction that commits: endorsed (the chaincode's receipt), ordered, valid in a block. */
function commits(client: FakeGatewayClient, blockNumber: number): void {
  // the receipt's txId is the chaincode's own; the gateway answers the adapter's, which is the same on a peer
  client
    .answer('Endorse', endorseResponse(JSON.stringify({ caseRef: CASE, state: 'ARRIVED', seq: 2, txId: 'e'.repeat(64) })))
    .answer('Submit', submitResponse())
    .answer('CommitStatus', commitStatusResponse(StatusCode.VALID, blockNumber));
}

function chainInfo(height: number): ScriptedAnswer {
  const info = new common.BlockchainInfo();
  info.setHeight(height);
  return evaluateResponse(info.serializeBinary());
}

describe('a gateway over a fake endorser that lies', () => {
  let client: FakeGatewayClient;
  let gw: PortGateway;
  let token: string;

  const transition = (key: string, headers: Record<string, string> = {}): request.Test =>
    request(gw.app).post(`/v1/cases/${CASE}/transitions`).set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': key, ...headers }).send(arrival);

  /** The state of a key's idempotency record (the store holds only the keyed digest; claiming an existing key changes nothing). */
  const digestKey = createKeyDigester(TEST_KEY);
  function stateOf(key: string): string {
    const { created, record } = gw.store.idempotency.claim({ key: digestKey('clerk-17', key), fingerprint: 'probe', requestId: randomUUID(), caseRef: CASE });
    expect(created).toBe(false);
    return record.state;
  }

  beforeEach(async () => {
    client = new FakeGatewayClient();
    const ledger = new FabricLedger({
      client: client.asGrpcClient(),
      identities: [identity('LAND_RECEPTION'), identity('AUDITOR')],
      commitStatusRetryDelayMs: 1,
    });
    gw = createPortGateway(ledger, { mspId: 'LDSMSP', catchUpWaitMs: 2_000 });
    token = await gw.token('LAND_RECEPTION');
  });
  afterEach(() => {
    gw.store.close();
  });

  it.each([
    ['DUPLICATE_REQUEST', OBSERVED.ownPeerDuplicate.details[0].message],
    ['INVALID_TRANSITION', OBSERVED.otherOrgRefuses.details[0].message],
  ])('another org\'s peer claiming %s stores nothing; the same key then commits once', async (claimed, message) => {
    client.answer('Endorse', otherOrgClaims(message));
    const lied = await transition('lie-1');
    expect(lied.status).toBe(503);
    expect(lied.headers['retry-after']).toBe('5');
    expect(lied.body).toEqual({
      type: 'urn:asylum-ledger:problem:ENDORSERS_DISAGREE',
      title: expect.any(String),
      status: 503,
      detail: expect.any(String),
      code: 'ENDORSERS_DISAGREE',
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(stateOf('lie-1')).toBe('pending');
    expect(client.methods).toEqual(['Endorse']);
    const logged = gw.logLines.find((line) => line.includes('"code":"ENDORSERS_DISAGREE"') && line.includes('request failed'));
    expect(logged).toContain('"disagreeingOrgs":["BAMFMSP"]');
    expect(logged).toContain(`"claimedCodes":["${claimed}"]`);
    expect(logged).not.toContain('2026-11-20');

    commits(client, 7);
    const retry = await transition('lie-1');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ caseRef: CASE, state: 'ARRIVED', seq: 2, blockNumber: 7 });
    const replay = await transition('lie-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retry.body);
    expect(client.methods).toEqual(['Endorse', 'Endorse', 'Submit', 'CommitStatus']);
  });

  it('believes its own peer\'s refusal when it holds the client\'s block, and replays it', async () => {
    commits(client, 40);
    expect((await transition('seen-40')).status).toBe(200);
    client.answer('Endorse', observedAnswer(OBSERVED.ownPeerRefuses));
    const refused = await transition('own-1', { 'Ledger-Min-Block': '40' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_TRANSITION');
    expect((await transition('own-1')).headers['idempotent-replayed']).toBe('true');
    expect(client.methods.filter((method) => method === 'Evaluate')).toEqual([]);
  });

  it('waits for an own peer below the client\'s block, asks it once more, and commits', async () => {
    client.answer('Endorse', observedAnswer(OBSERVED.ownPeerRefuses));
    client.answer('Evaluate', chainInfo(38), chainInfo(41));
    commits(client, 41);
    const res = await transition('lag-1', { 'Ledger-Min-Block': '40' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'ARRIVED', blockNumber: 41 });
    expect(client.methods).toEqual(['Endorse', 'Evaluate', 'Evaluate', 'Endorse', 'Submit', 'CommitStatus']);
    expect(client.evaluateTargets).toEqual([['LDSMSP'], ['LDSMSP']]);
  });

  it('answers LEDGER_BEHIND when the own peer stays below the block, and stores nothing', async () => {
    gw.store.close();
    gw = createPortGateway(new FabricLedger({ client: client.asGrpcClient(), identities: [identity('LAND_RECEPTION'), identity('AUDITOR')] }), {
      mspId: 'LDSMSP',
      catchUpWaitMs: 150,
    });
    client.answer('Endorse', observedAnswer(OBSERVED.ownPeerRefuses));
    client.answer('Evaluate', ...Array.from({ length: 5 }, () => chainInfo(12)));
    const res = await transition('lag-2', { 'Ledger-Min-Block': '40' });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'LEDGER_BEHIND', details: { requiredBlock: 40, peerHeight: 12 } });
    expect(stateOf('lag-2')).toBe('pending');
    expect(client.methods.filter((method) => method === 'Endorse')).toHaveLength(1);
  });

  it('turns an unreachable peer during the height read into LEDGER_UNAVAILABLE, nothing stored', async () => {
    client.answer('Endorse', observedAnswer(OBSERVED.ownPeerRefuses));
    client.answer('Evaluate', { error: GrpcStatus.UNAVAILABLE });
    const res = await transition('lag-3', { 'Ledger-Min-Block': '40' });
    expect(res.body.code).toBe('LEDGER_UNAVAILABLE');
    expect(stateOf('lag-3')).toBe('pending');
  });
});
