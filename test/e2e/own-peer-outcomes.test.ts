/**
 * The gateway believes only its own peer, on the real network. Fabric still answers a chaincode
 * refusal in the shapes the unit tests' fixtures recorded; a refusal only another org's peer gave is
 * ENDORSERS_DISAGREE; a duplicate is confirmed on the own peer before its receipt is stored; a
 * refusal counts only once the own peer holds the client's Ledger-Min-Block; and when
 * a peer (the gateway's own, or another org's) is stopped in the middle of a write, whatever the
 * idempotency store holds for the key agrees with the ledger: committed means VALID on the own peer,
 * anything else stays pending, and a retry after the restart succeeds exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Contract } from '@hyperledger/fabric-gateway';
import request from 'supertest';
import { createFabricLedgerForOrg, type FabricLedger, type StageTiming } from '../../gateway-api/src/fabric';
import { OBSERVED, type ObservedGatewayError } from '../../gateway-api/src/fabric/test-support/observed-gateway-errors';
import type { IdempotencyRecord } from '../../gateway-api/src/ports/gateway-store';
import { LedgerError, type LedgerPort } from '@asylum-ledger/domain';
import { createKeyDigester } from '../../gateway-api/src/services/request-fingerprint';
import { createPortGateway, TEST_KEY, type PortGateway } from '../../gateway-api/src/test-support/test-gateway';
import type { NodeStepOptions } from '../../network/src/orderer-node';
import { startPeer } from '../../network/src/peer-node';
import { processNames } from '@asylum-ledger/network/layout';
import { newCaseRef, newRequestId, today } from '../support/case-fixtures';
import { connectAs, findOrg, submitJson } from '../support/fabric-clients';
import { eventually, peerHeight } from '../support/ledger-probes';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

/** Transaction ids and case pseudonyms vary from run to run; the shape does not. */
function normalized(text: string): string {
  return text.replace(/[0-9a-f]{64}/g, '<txId>').replace(/[0-9a-f]{32}/g, '<caseRef>');
}

/** The parts of a fabric-gateway error that the adapter reads. */
function shapeOf(error: unknown): { kind: string; code: number; message: string; details: { mspId: string; address: string; message: string }[] } {
  const raised = error as { name: string; code: number; message: string; details: { mspId: string; address: string; message: string }[] };
  return {
    kind: raised.name === 'EndorseError' ? 'endorse' : 'evaluate',
    code: raised.code,
    message: normalized(raised.message),
    details: byOrg(raised.details.map((detail) => ({ mspId: detail.mspId, address: detail.address, message: normalized(detail.message) }))),
  };
}

/** Details come in the order the endorsers answered, which varies: compare them by org. */
function byOrg<T extends { mspId: string }>(details: T[]): T[] {
  return [...details].sort((a, b) => a.mspId.localeCompare(b.mspId));
}

function expectedShape(observed: ObservedGatewayError): ReturnType<typeof shapeOf> {
  return {
    kind: observed.kind,
    code: observed.code,
    message: normalized(observed.message),
    details: byOrg(observed.details.map((detail) => ({ mspId: detail.mspId, address: detail.address, message: normalized(detail.message) }))),
  };
}

async function raised(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error('expected the ledger to refuse');
    },
    (error: unknown) => error,
  );
}

describeRealNetwork('the gateway believes only its own peer', (network: () => RealNetwork) => {
  const ledgers: FabricLedger[] = [];
  const gateways: PortGateway[] = [];
  /** Codes a registration was retried after (reported, not asserted). */
  const registrationRetries: string[] = [];

  function ledgerOf(org: string, onStage?: (timing: StageTiming) => void): FabricLedger {
    const { ctx } = network();
    const ledger = createFabricLedgerForOrg({
      network: ctx.config,
      runDir: ctx.layout.root,
      org,
      commitStatusAttempts: 3,
      commitStatusRetryDelayMs: 500,
      deadlines: { commitStatus: () => ({ deadline: Date.now() + 5_000 }), endorse: () => ({ deadline: Date.now() + 15_000 }) },
      ...(onStage ? { onStage } : {}),
    });
    ledgers.push(ledger);
    return ledger;
  }

  function ldsGateway(port: LedgerPort, catchUpWaitMs = 5_000): PortGateway {
    const gateway = createPortGateway(port, { mspId: 'LDSMSP', orgKind: 'LAND', catchUpWaitMs });
    gateways.push(gateway);
    return gateway;
  }

  afterAll(async () => {
    const counted = [...new Set(registrationRetries)].map((text) => `${registrationRetries.filter((each) => each === text).length} x ${text}`);
    if (counted.length > 0) process.stdout.write(`registrations retried after: ${counted.join('; ')}\n`);
    for (const gateway of gateways) gateway.store.close();
    await Promise.all(ledgers.map((ledger) => ledger.close()));
  });

  function recordOf(gateway: PortGateway, key: string): IdempotencyRecord {
    // the store holds only the keyed digest of a client's Idempotency-Key
    const { created, record } = gateway.store.idempotency.claim({ key: createKeyDigester(TEST_KEY)('clerk-17', key), fingerprint: 'probe', requestId: randomUUID(), caseRef: 'f'.repeat(32) });
    expect(created).toBe(false);
    return record;
  }

  /**
   * Registers a case through the gateway, as a client does: the same key again after a 5xx (a peer
   * that was just restarted may not have found the others yet).
   */
  async function register(gateway: PortGateway): Promise<string> {
    const token = await gateway.token('LAND_RECEPTION');
    const key = randomUUID();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(gateway.app)
        .post('/v1/cases')
        .set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': key })
        .send({ procedureKind: 'ERSTANTRAG', effectiveOn: today() });
      if (res.status === 201) return (res.body as { caseRef: string }).caseRef;
      if (res.status < 500 || Date.now() > deadline) throw new Error(`the registration answered ${res.status} ${JSON.stringify(res.body)}`);
      const logged = gateway.logLines.filter((line) => line.includes('request failed')).at(-1) ?? '';
      const err = (JSON.parse(logged || '{}') as { err?: { message?: string; details?: { endpoints?: string[] } } }).err;
      const endpoints = (err?.details?.endpoints ?? []).map((endpoint) => endpoint.slice(0, 120)).join(' | ');
      registrationRetries.push(`${String((res.body as { code?: string }).code)} (${(err?.message ?? '').slice(0, 100)}${endpoints ? `; ${endpoints}` : ''})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * Retries a write with the same key until it answers 200, accepting only "not yet" on the way
   * (503, 504, 409 REQUEST_IN_PROGRESS); any other answer (a stored refusal above all) fails at once.
   */
  async function settle(gateway: PortGateway, caseRef: string, key: string, seen: string[]): Promise<request.Response> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const answer = await distribute(gateway, caseRef, key);
      if (answer.status === 200) return answer;
      const code = String((answer.body as { code?: string }).code);
      seen.push(code);
      const notYet = answer.status === 503 || answer.status === 504 || code === 'REQUEST_IN_PROGRESS';
      if (!notYet || Date.now() > deadline) throw new Error(`the write under ${key} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async function distribute(gateway: PortGateway, caseRef: string, key: string): Promise<request.Response> {
    const token = await gateway.token('LAND_RECEPTION');
    return request(gateway.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': key })
      .send({ type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: today() });
  }

  /** What the own (LDS) peer holds for a request: the marker's txId and that txId's validation code. */
  async function ledgerView(ledger: FabricLedger, caseRef: string, requestId: string): Promise<{ marker: string | null; validation: string | null }> {
    const answer = await ledger.evaluate({ role: 'AUDITOR', transaction: 'case:getRequest', args: [JSON.stringify({ caseRef, requestId })] });
    const marker = (JSON.parse(Buffer.from(answer).toString('utf8')) as { txId: string | null }).txId;
    return { marker, validation: marker === null ? null : (await ledger.transaction(marker)).validationCode };
  }

  it('gets chaincode refusals from Fabric in the shapes the unit tests\' fixtures recorded', async () => {
    const { ctx } = network();
    const lds = connectAs(ctx, 'LDSMSP', 'LAND_RECEPTION');
    try {
      const contract: Contract = lds.contract();
      const registration = { caseRef: newCaseRef(), requestId: newRequestId(), procedureKind: 'ERSTANTRAG', effectiveOn: today() };
      await submitJson(contract, 'case:registerCase', registration);
      const arrival = { arguments: [JSON.stringify({ caseRef: registration.caseRef, requestId: newRequestId(), effectiveOn: today() })] };
      const missing = { arguments: [JSON.stringify({ caseRef: newCaseRef() })] };
      const provoked: [ObservedGatewayError, () => Promise<unknown>][] = [
        [OBSERVED.ownPeerRefuses, () => contract.submit('case:confirmArrival', arrival)],
        [OBSERVED.otherOrgRefuses, () => contract.submit('case:confirmArrival', { ...arrival, endorsingOrganizations: ['ABHMSP'] })],
        [OBSERVED.bothRefuse, () => contract.submit('case:confirmArrival', { ...arrival, endorsingOrganizations: ['LDSMSP', 'ABHMSP'] })],
        [OBSERVED.ownPeerDuplicate, () => contract.submit('case:registerCase', { arguments: [JSON.stringify(registration)] })],
        [OBSERVED.ownPeerEvaluateRefuses, () => contract.evaluate('case:getCase', { ...missing, endorsingOrganizations: ['LDSMSP'] })],
        [OBSERVED.ownPeerEvaluateRefuses, () => contract.evaluate('case:getCase', missing)],
        [OBSERVED.otherOrgEvaluateRefuses, () => contract.evaluate('case:getCase', { ...missing, endorsingOrganizations: ['ABHMSP'] })],
      ];
      for (const [observed, provoke] of provoked) {
        expect({ scenario: observed.scenario, ...shapeOf(await raised(provoke)) }).toEqual({ scenario: observed.scenario, ...expectedShape(observed) });
      }
    } finally {
      lds.close();
    }
  });

  it('reports a refusal only another org\'s peer gave as ENDORSERS_DISAGREE, and the own peer\'s as itself', async () => {
    const { ctx, binaries } = network();
    const lds = ledgerOf('LDSMSP');
    const caseRef = newCaseRef();
    const registered = await lds.submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: [JSON.stringify({ caseRef, requestId: newRequestId(), procedureKind: 'ERSTANTRAG', effectiveOn: today() })] });
    // ABH's peer commits the registration on its own time; until then it would answer CASE_NOT_FOUND
    await eventually(async () => (await peerHeight(ctx, binaries, findOrg(ctx, 'ABHMSP'))) > Number(registered.blockNumber), 30_000, 'ABH holds the registration');
    const arrival = { role: 'LAND_RECEPTION' as const, transaction: 'case:confirmArrival', args: [JSON.stringify({ caseRef, requestId: newRequestId(), effectiveOn: today() })] };
    const others = (await raised(() => lds.submit({ ...arrival, endorsingOrgs: ['ABHMSP'] }))) as LedgerError;
    expect({ code: others.code, details: others.details }).toEqual({
      code: 'ENDORSERS_DISAGREE',
      details: { ownMspId: 'LDSMSP', disagreeingOrgs: ['ABHMSP'], claimedCodes: ['INVALID_TRANSITION'], stage: 'endorse' },
    });
    expect(((await raised(() => lds.submit(arrival))) as LedgerError).code).toBe('INVALID_TRANSITION');
    expect(((await raised(() => lds.submit({ ...arrival, endorsingOrgs: ['LDSMSP', 'ABHMSP'] }))) as LedgerError).code).toBe('INVALID_TRANSITION');
  });

  it('returns the original receipt of a write whose answer was lost, once the own peer confirms the duplicate', async () => {
    const lds = ledgerOf('LDSMSP');
    let loseNext = false;
    // a fake at the port around the real adapter: the submit commits, then its answer is lost once
    const lossy: LedgerPort = {
      mode: lds.mode,
      submit: async (submission) => {
        const result = await lds.submit(submission);
        if (!loseNext) return result;
        loseNext = false;
        throw new LedgerError('LEDGER_UNAVAILABLE', 'the answer was lost after the commit');
      },
      evaluate: (query) => lds.evaluate(query),
      events: (from) => lds.events(from),
      transaction: (txId) => lds.transaction(txId),
      block: (blockNumber) => lds.block(blockNumber),
      blockHeight: () => lds.blockHeight(),
      networkHeight: () => lds.networkHeight(),
      ready: () => lds.ready(),
      close: () => lds.close(),
    };
    const gateway = ldsGateway(lossy);
    const caseRef = await register(gateway);
    loseNext = true;
    const key = randomUUID();
    expect((await distribute(gateway, caseRef, key)).status).toBe(503);
    const pending = recordOf(gateway, key);
    expect(pending.state).toBe('pending');
    const view = await ledgerView(lds, caseRef, pending.requestId);
    expect(view).toEqual({ marker: expect.stringMatching(/^[0-9a-f]{64}$/), validation: 'VALID' });
    const retry = await distribute(gateway, caseRef, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ caseRef, state: 'DISTRIBUTED', seq: 2, txId: view.marker });
    expect(recordOf(gateway, key)).toMatchObject({ state: 'done', txId: view.marker });
  });

  it('does not take a refusal as final until the own peer holds the block the client saw, unless no peer of the channel holds it', async () => {
    const lds = ledgerOf('LDSMSP');
    const calls = { confirmArrival: 0, heightReads: 0 };
    let othersSilent = false;
    const counting: LedgerPort = {
      mode: lds.mode,
      submit: (submission) => {
        if (submission.transaction === 'case:confirmArrival') calls.confirmArrival += 1;
        return lds.submit(submission);
      },
      evaluate: (query) => lds.evaluate(query),
      events: (from) => lds.events(from),
      transaction: (txId) => lds.transaction(txId),
      block: (blockNumber) => lds.block(blockNumber),
      blockHeight: () => {
        calls.heightReads += 1;
        return lds.blockHeight();
      },
      // every org's peer asked for real; "silent" drops the other orgs' answers, as when their peers are unreachable
      networkHeight: async () => {
        const network = await lds.networkHeight();
        return othersSilent ? { height: await lds.blockHeight(), everyPeerAnswered: false } : network;
      },
      ready: () => lds.ready(),
      close: () => lds.close(),
    };
    const gateway = ldsGateway(counting, 1_000);
    const caseRef = await register(gateway);
    const token = await gateway.token('LAND_RECEPTION');
    const arrive = (key: string, minBlock: bigint): request.Test =>
      request(gateway.app)
        .post(`/v1/cases/${caseRef}/transitions`)
        .set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': key, 'Ledger-Min-Block': minBlock.toString() })
        .send({ type: 'confirmArrival', effectiveOn: today() });

    // a block far beyond the chain that every peer of the channel answered below: never seen, the refusal stands at once
    const network = await lds.networkHeight();
    expect(network.everyPeerAnswered).toBe(true);
    const fabricated = randomUUID();
    const refusedAtOnce = await arrive(fabricated, network.height + 1_000n);
    expect([refusedAtOnce.status, refusedAtOnce.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(calls.confirmArrival).toBe(1);
    expect(recordOf(gateway, fabricated)).toMatchObject({ state: 'done', outcome: { ok: false, code: 'INVALID_TRANSITION' } });

    // the other orgs' peers do not answer: the block may exist, the own peer's refusal is not final, the key stays pending
    othersSilent = true;
    const key = randomUUID();
    const height = await lds.blockHeight();
    const behind = await arrive(key, height + 1_000n);
    expect(behind.status).toBe(503);
    expect(behind.body).toMatchObject({ code: 'LEDGER_BEHIND', details: { requiredBlock: Number(height) + 1_000, peerHeight: expect.any(Number) } });
    expect(recordOf(gateway, key)).toMatchObject({ state: 'pending', outcome: null });
    expect(calls.confirmArrival).toBe(2);

    // blocks the own peer does not hold yet, committed while the gateway waits: it asks again once
    const soon = (await lds.blockHeight()) + 2n;
    const answer = arrive(key, soon).then((res) => res); // sent now, answered after the wait
    for (let i = 0; i < 3; i += 1) await register(gateway);
    const refused = await answer;
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_TRANSITION');
    expect(calls.confirmArrival).toBe(4);
    expect(recordOf(gateway, key)).toMatchObject({ state: 'done', outcome: { ok: false, code: 'INVALID_TRANSITION' } });
    expect((await arrive(key, 0n)).headers['idempotent-replayed']).toBe('true');
    expect(calls.confirmArrival).toBe(4);
  });

  describe.each([
    ['its own org\'s peer (LDS) stops after the endorsement', 'LDSMSP', 'endorse'],
    ['its own org\'s peer (LDS) stops after the transaction went to the orderers', 'LDSMSP', 'submit'],
    ['another org\'s peer (BAMF) stops after the endorsement', 'BAMFMSP', 'endorse'],
  ] as const)('when %s, in the middle of a write', (_who, stoppedMsp, afterStage) => {
    it('stores only what the ledger holds, and a retry after the restart succeeds exactly once', async () => {
      const { ctx, binaries } = network();
      const stoppedOrg = findOrg(ctx, stoppedMsp);
      let stopping: Promise<unknown> | undefined;
      let armed = false;
      const lds = ledgerOf('LDSMSP', ({ stage, ok }) => {
        if (armed && stage === afterStage && ok) {
          armed = false;
          stopping = ctx.registry.stop(processNames.peer(stoppedOrg));
        }
      });
      const gateway = ldsGateway(lds);
      const caseRef = await register(gateway);
      const keys = [randomUUID()];
      const answers: string[] = [];
      const answerOf = (res: request.Response): string => String((res.body as { code?: string }).code ?? res.status);
      try {
        armed = true;
        // right after an earlier test restarted a peer, discovery may not yet offer a set of peers
        // that satisfies the policy (503 before anything was endorsed): retry the same key until the
        // endorsement succeeded and the peer was stopped behind it
        let first = await distribute(gateway, caseRef, keys[0]!);
        for (const deadline = Date.now() + 30_000; stopping === undefined && first.status === 503 && Date.now() < deadline; ) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          first = await distribute(gateway, caseRef, keys[0]!);
        }
        answers.push(answerOf(first));
        expect(stopping).toBeDefined();
        await stopping;
        if (stoppedMsp !== 'LDSMSP') {
          // BAMF's peer is down: every case write needs it (ADR 0003), so a second write cannot be
          // endorsed; it is answered as retryable and stays pending until BAMF's peer is back
          const second = await register(gateway);
          keys.push(randomUUID());
          const blocked = await distribute(gateway, second, keys[1]!);
          expect(blocked.status).toBe(503);
          answers.push(answerOf(blocked));
        }
      } finally {
        await stopping;
        const options: NodeStepOptions = { config: ctx.config, layout: ctx.layout, registry: ctx.registry, binaries, fabricCfg: ctx.env.fabricCfg, log: () => undefined };
        await startPeer(options, stoppedOrg);
      }
      await eventually(async () => (await lds.ready()).ready, 60_000, 'the LDS gateway reaches its peer again');

      // what the store holds claims nothing the own peer does not hold: done means VALID there
      const stored: string[] = [];
      for (const key of keys) {
        const record = recordOf(gateway, key);
        stored.push(record.state);
        expect(record.state === 'pending' || record.outcome?.ok === true).toBe(true);
        if (record.state === 'done') {
          expect(await ledgerView(lds, record.caseRef, record.requestId)).toEqual({ marker: record.txId, validation: 'VALID' });
        }
      }

      // retried at once (the restarted peer may still be catching up), each write settles
      const receipts: { key: string; caseRef: string; requestId: string; receipt: { txId: string } }[] = [];
      const beforeSettling: string[] = [];
      const settledBy: string[] = [];
      for (const key of keys) {
        const record = recordOf(gateway, key);
        const answer = await settle(gateway, record.caseRef, key, beforeSettling);
        expect(answer.body).toMatchObject({ caseRef: record.caseRef, state: 'DISTRIBUTED', seq: 2 });
        const receipt = answer.body as { txId: string };
        settledBy.push(record.state === 'done' ? 'replay' : receipt.txId === record.txId ? 'the timed-out txId read back' : 'a new transaction');
        receipts.push({ key, caseRef: record.caseRef, requestId: record.requestId, receipt });
      }

      // exactly once: one marker, VALID; the case changed once; a replay repeats the receipt
      const heights = async (): Promise<number[]> => Promise.all(ctx.config.orgs.map((org) => peerHeight(ctx, binaries, org)));
      await eventually(async () => new Set(await heights()).size === 1, 60_000, 'every peer at the same height');
      for (const { key, caseRef: ref, requestId, receipt } of receipts) {
        expect(await ledgerView(lds, ref, requestId)).toEqual({ marker: receipt.txId, validation: 'VALID' });
        const history = JSON.parse(Buffer.from(await lds.evaluate({ role: 'AUDITOR', transaction: 'case:getHistory', args: [JSON.stringify({ caseRef: ref })] })).toString('utf8')) as {
          entries: { type: string }[];
        };
        expect(history.entries.map((entry) => entry.type)).toEqual(['registerCase', 'recordDistribution']);
        const replay = await distribute(gateway, ref, key);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.body).toEqual(receipt);
      }
      process.stdout.write(
        `${stoppedMsp} stopped after ${afterStage}: answered ${answers.join(', ')}; stored ${stored.join(', ')}; ` +
          `retries answered ${beforeSettling.join(', ') || 'nothing but 200'} before settling by ${settledBy.join(', ')}\n`,
      );
    });
  });
});
