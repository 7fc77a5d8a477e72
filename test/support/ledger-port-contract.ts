/**
 * The ledger-port contract: ONE set of jest tests every LedgerPort adapter must pass, so the
 * embedded dev ledger and the real Fabric network keep the same semantics at the port. It only
 * uses the port (no adapter internals) and never assumes an empty ledger: every test works on
 * fresh case pseudonyms and request ids, and filters events by its own case.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '@asylum-ledger/domain';
import { LedgerError, type LedgerEvent, type LedgerPort, type SubmitResult } from '@asylum-ledger/domain';

/** What an adapter's setup hands the contract suite. */
export interface LedgerPortContractSetup {
  /** The port of the gateway of an org (BAMFMSP, LDSMSP, ABHMSP). */
  portFor(mspId: string): LedgerPort;
  /** Releases everything setup created. */
  teardown(): Promise<void>;
}

/** The orgs whose ports the suite uses. */
const CONTRACT_ORGS = ['BAMFMSP', 'LDSMSP', 'ABHMSP'] as const;

/** A past date: the chaincode refuses `effectiveOn` after the transaction's German date. */
const ON = { effectiveOn: '2026-11-20' };
const TIMEOUT_MS = 120_000;
const EVENT_WAIT_MS = 30_000;

interface CaseEventPayload {
  readonly caseRef: string;
  readonly seq: number;
  readonly txId: string;
  readonly type: string;
}

/**
 * Declares the contract suite for one adapter.
 *
 * @param name - The adapter's name, e.g. `embedded`.
 * @param setup - Creates the adapter's ports (called once for the suite) and their teardown.
 */
export function describeLedgerPortContract(name: string, setup: () => Promise<LedgerPortContractSetup>): void {
  describe(`LedgerPort contract: ${name}`, () => {
    let ctx: LedgerPortContractSetup;
    beforeAll(async () => {
      ctx = await setup();
    }, TIMEOUT_MS);
    afterAll(async () => {
      await ctx.teardown();
    }, TIMEOUT_MS);
    const steps = (): CaseSteps => new CaseSteps(ctx);

    it('registers a case and reads it back', async () => {
      const { caseRef, registered } = await steps().registerCase();
      expect(typeof registered.txId).toBe('string');
      expect(typeof registered.blockNumber).toBe('bigint');
      expect(json(registered.payload)).toMatchObject({ caseRef, state: 'REGISTERED', seq: 1 });
      expect(await steps().getCase(caseRef)).toMatchObject({ caseRef, state: 'REGISTERED', seq: 1, responsible: 'LDSMSP' });
    }, TIMEOUT_MS);

    it('surfaces chaincode errors with their codes and changes nothing', async () => {
      const s = steps();
      const { caseRef } = await s.registerCase();
      const before = await s.getCase(caseRef);
      await expectCode(s.transition('BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', caseRef, ON), 'INVALID_TRANSITION');
      const fresh = newCaseRef();
      await expectCode(s.transition('LDSMSP', 'LAND_RECEPTION', 'registerCase', fresh, { procedureKind: 'ERSTANTRAG', ...ON, name: 'Max' }), 'VALIDATION_FAILED');
      await expectCode(s.transition('BAMFMSP', 'BAMF_CASEWORKER', 'registerCase', fresh, { procedureKind: 'ERSTANTRAG', ...ON }), 'FORBIDDEN_ROLE');
      expect(await s.getCase(caseRef)).toEqual(before);
      await expectCode(s.getCase(fresh), 'CASE_NOT_FOUND');
    }, TIMEOUT_MS);

    it('refuses a replayed requestId as DUPLICATE_REQUEST naming the original transaction', async () => {
      const s = steps();
      const { caseRef } = await s.registerCase();
      const requestId = randomUUID();
      const first = await s.transition('BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', caseRef, { landCode: 'DE-SN', ...ON }, requestId);
      const replay = s.transition('BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', caseRef, { landCode: 'DE-SN', ...ON }, requestId);
      const error = await expectCode(replay, 'DUPLICATE_REQUEST');
      expect(error.details).toMatchObject({ originalTxId: first.txId });
      expect(await s.getCase(caseRef)).toMatchObject({ seq: 2, state: 'DISTRIBUTED' });
    }, TIMEOUT_MS);

    it('commits exactly one of two concurrent transitions on one case', async () => {
      const s = steps();
      const { caseRef } = await s.distributedCase();
      const attempt = (): Promise<SubmitResult> => s.transition('LDSMSP', 'LAND_RECEPTION', 'confirmArrival', caseRef, { ...ON, expectedSeq: 2 });
      const outcomes = await Promise.allSettled([attempt(), attempt()]);
      const committed = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const failed = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(committed).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toBeInstanceOf(LedgerError);
      expect(['MVCC_READ_CONFLICT', 'VERSION_CONFLICT', 'INVALID_TRANSITION']).toContain((failed[0] as LedgerError).code);
      const history = (await s.evaluate('LDSMSP', 'LAND_RECEPTION', 'getHistory', { caseRef })) as { entries: { type: string }[] };
      expect(history.entries.map((entry) => entry.type)).toEqual(['registerCase', 'recordDistribution', 'confirmArrival']);
      expect(await s.getCase(caseRef)).toMatchObject({ seq: 3, state: 'ARRIVED' });
    }, TIMEOUT_MS);

    it('replays events from a checkpoint once each, in order, resumes after (block, txId), then delivers live', async () => {
      const s = steps();
      const { caseRef, registered, distributed } = await s.distributedCase();
      const arrived = await s.transition('LDSMSP', 'LAND_RECEPTION', 'confirmArrival', caseRef, ON);
      const port = ctx.portFor('ABHMSP');
      const replay = port.events({ blockNumber: registered.blockNumber });
      const replayed = replay[Symbol.asyncIterator]();
      const seen = await collectCaseEvents(replayed, caseRef, 3);
      expect(seen.map((event) => event.txId)).toEqual([registered.txId, distributed.txId, arrived.txId]);
      expect(seen.map((event) => caseEventOf(event).seq)).toEqual([1, 2, 3]);
      expect(seen.every((event) => event.eventName === 'CaseEvent')).toBe(true);
      expect(seen[0]?.blockNumber).toBe(registered.blockNumber);
      const lodged = await s.transition('BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', caseRef, ON);
      expect((await collectCaseEvents(replayed, caseRef, 1)).map((event) => event.txId)).toEqual([lodged.txId]);
      replay.close();

      const resumed = port.events({ blockNumber: distributed.blockNumber, afterTxId: distributed.txId });
      const after = await collectCaseEvents(resumed[Symbol.asyncIterator](), caseRef, 2);
      resumed.close();
      expect(after.map((event) => event.txId)).toEqual([arrived.txId, lodged.txId]);
    }, TIMEOUT_MS);

    it('gives transaction provenance with creator MSP, role and validation code', async () => {
      const { registered } = await steps().registerCase();
      const provenance = await ctx.portFor('BAMFMSP').transaction(registered.txId);
      expect(provenance).toMatchObject({
        txId: registered.txId,
        blockNumber: registered.blockNumber,
        validationCode: 'VALID',
        creatorMspId: 'LDSMSP',
        creatorRole: 'LAND_RECEPTION',
      });
      expect(provenance.endorsingOrgs.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(provenance.timestamp))).toBe(false);
      await expectCode(ctx.portFor('BAMFMSP').transaction('0'.repeat(64)), 'NOT_FOUND');
    }, TIMEOUT_MS);

    it('chains blocks: previousHash is the previous headerHash, and data hashes verify', async () => {
      const { registered } = await steps().distributedCase();
      const port = ctx.portFor('LDSMSP');
      const height = await port.blockHeight();
      expect(height).toBeGreaterThan(registered.blockNumber);
      const first = height > 6n ? height - 6n : 0n;
      let previous = await port.block(first);
      for (let number = first + 1n; number < height; number++) {
        const block = await port.block(number);
        expect(block.blockNumber).toBe(number);
        expect(block.previousHash).toBe(previous.headerHash);
        expect(block.dataHashValid).toBe(true);
        previous = block;
      }
      expect((await port.block(registered.blockNumber)).txIds).toContain(registered.txId);
      await expectCode(port.block(height + 1000n), 'NOT_FOUND');
    }, TIMEOUT_MS);

    it('passes private data as transient data, readable by a member, at its own peer or named by `at`', async () => {
      const s = steps();
      const { caseRef } = await s.distributedCase();
      // no private field written yet: the case alone, not an error
      expect(await s.evaluate('LDSMSP', 'LAND_RECEPTION', 'getPrivateFields', { caseRef })).toEqual({ caseRef });
      await ctx.portFor('LDSMSP').submit({
        role: 'LAND_RECEPTION',
        transaction: 'case:confirmArrival',
        args: [JSON.stringify({ caseRef, requestId: randomUUID(), ...ON })],
        transient: { private: Buffer.from(JSON.stringify({ responsibleUnit: 'AE-01', salt: randomBytes(16).toString('hex') })) },
        endorsingOrgs: ['LDSMSP', 'BAMFMSP'],
      });
      expect(await s.evaluate('LDSMSP', 'LAND_RECEPTION', 'getPrivateFields', { caseRef })).toEqual({ caseRef, responsibleUnit: 'AE-01' });
      const atBamf = await ctx.portFor('LDSMSP').evaluate({ role: 'LAND_RECEPTION', transaction: 'case:getPrivateFields', args: [JSON.stringify({ caseRef })], at: 'BAMFMSP' });
      expect(json(atBamf)).toEqual({ caseRef, responsibleUnit: 'AE-01' });
      expect(JSON.stringify(await s.getCase(caseRef))).not.toContain('AE-01');
    }, TIMEOUT_MS);

    it('reports readiness and its mode', async () => {
      const port = ctx.portFor('BAMFMSP');
      expect(await port.ready()).toMatchObject({ ready: true, mode: port.mode });
    }, TIMEOUT_MS);
  });
}

/** Case transactions through the ports, with fresh pseudonyms and request ids. */
class CaseSteps {
  readonly #ctx: LedgerPortContractSetup;

  constructor(ctx: LedgerPortContractSetup) {
    this.#ctx = ctx;
  }

  async registerCase(): Promise<{ caseRef: string; registered: SubmitResult }> {
    const caseRef = newCaseRef();
    const registered = await this.transition('LDSMSP', 'LAND_RECEPTION', 'registerCase', caseRef, { procedureKind: 'ERSTANTRAG', ...ON });
    return { caseRef, registered };
  }

  async distributedCase(): Promise<{ caseRef: string; registered: SubmitResult; distributed: SubmitResult }> {
    const { caseRef, registered } = await this.registerCase();
    const distributed = await this.transition('BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', caseRef, { landCode: 'DE-SN', ...ON });
    return { caseRef, registered, distributed };
  }

  async transition(mspId: string, role: Role, fn: string, caseRef: string, fields: Record<string, unknown>, requestId = randomUUID()): Promise<SubmitResult> {
    const result = await this.#ctx.portFor(mspId).submit({ role, transaction: `case:${fn}`, args: [JSON.stringify({ caseRef, requestId, ...fields })] });
    await this.#everyPeerHolds(result.blockNumber);
    return result;
  }

  /**
   * Waits until every org's port holds a block: on Fabric each peer commits on its own time, and
   * the next step may be another org's, whose own peer would otherwise answer from before it.
   */
  async #everyPeerHolds(blockNumber: bigint): Promise<void> {
    const deadline = Date.now() + EVENT_WAIT_MS;
    for (const mspId of CONTRACT_ORGS) {
      while ((await this.#ctx.portFor(mspId).blockHeight()) <= blockNumber) {
        if (Date.now() > deadline) throw new Error(`${mspId} did not reach block ${blockNumber}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async evaluate(mspId: string, role: Role, fn: string, input: Record<string, unknown>): Promise<unknown> {
    return json(await this.#ctx.portFor(mspId).evaluate({ role, transaction: `case:${fn}`, args: [JSON.stringify(input)] }));
  }

  getCase(caseRef: string): Promise<unknown> {
    return this.evaluate('BAMFMSP', 'AUDITOR', 'getCase', { caseRef });
  }
}

function newCaseRef(): string {
  return randomBytes(16).toString('hex');
}

function json(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

function caseEventOf(event: LedgerEvent): CaseEventPayload {
  return json(event.payload) as CaseEventPayload;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<LedgerError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LedgerError);
  expect((error as LedgerError).code).toBe(code);
  return error as LedgerError;
}

/** Reads the stream until `count` events of the case arrived (failing after a deadline). */
async function collectCaseEvents(iterator: AsyncIterator<LedgerEvent>, caseRef: string, count: number): Promise<LedgerEvent[]> {
  const seen: LedgerEvent[] = [];
  const deadline = Date.now() + EVENT_WAIT_MS;
  while (seen.length < count) {
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, Math.max(remaining, 0));
    });
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout' || next.done === true) {
      throw new Error(`expected ${count} events of case ${caseRef}, got ${seen.length}`);
    }
    if (next.value.eventName === 'CaseEvent' && caseEventOf(next.value).caseRef === caseRef) seen.push(next.value);
  }
  return seen;
}
