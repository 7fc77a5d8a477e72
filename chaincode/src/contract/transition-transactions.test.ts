import 'reflect-metadata';
import { CaseEvent, TRANSITION_TYPES, type TransitionType } from '@asylum-ledger/domain';
import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import { CaseContract } from './case-contract';
import { defineTransitionTransactions } from './transition-transactions';
import { codeOf, ContractHarness, type Outcome } from './test-support/contract-harness';

/** The read-only queries of the case contract. */
const QUERIES = ['getCase', 'listCases', 'getHistory', 'getPrivateFields', 'getPrivateWriteEndorsers', 'getEndorsementPolicy', 'getRequest'];

const ONE_STRING_ARGUMENT = [{ name: 'input', description: '', schema: { type: 'string' } }];

interface TransactionMetadata {
  readonly name: string;
  readonly tag: string[];
  readonly parameters: unknown[];
  readonly returns: unknown;
}

/** A hand-written transaction as the TypeScript compiler decorates it: the reference for a generated one. */
class HandWritten extends Contract {
  @Transaction()
  @Returns('string')
  async registerCase(_ctx: Context, input: string): Promise<string> {
    return input;
  }
}

describe('the generated transition transactions', () => {
  it('carry the design metadata and contract metadata the compiler gives a hand-written transaction', () => {
    const reference = (Reflect.getMetadata('fabric:transactions', HandWritten.prototype) as TransactionMetadata[])[0]!;
    const generated = (Reflect.getMetadata('fabric:transactions', CaseContract.prototype) as TransactionMetadata[]).find(
      (transaction) => transaction.name === 'registerCase',
    );
    expect(JSON.stringify(generated)).toBe(JSON.stringify(reference));
    for (const key of ['design:type', 'design:paramtypes', 'design:returntype']) {
      expect([key, Reflect.getMetadata(key, CaseContract.prototype, 'registerCase')]).toEqual([
        key,
        Reflect.getMetadata(key, HandWritten.prototype, 'registerCase'),
      ]);
    }
    const attributes = ({ value, ...rest }: PropertyDescriptor) => ({ ...rest, kind: typeof value, name: (value as { name: string }).name });
    expect(attributes(Object.getOwnPropertyDescriptor(CaseContract.prototype, 'registerCase')!)).toEqual(
      attributes(Object.getOwnPropertyDescriptor(HandWritten.prototype, 'registerCase')!),
    );
  });

  it('refuse to replace a member the contract already has', () => {
    class Clashing extends Contract {
      async recordAppeal(): Promise<void> {
        // a member of a transition's name
      }
    }
    expect(() => {
      defineTransitionTransactions(Clashing.prototype);
    }).toThrow('the contract already has a member recordAppeal');
  });
});

describe('the case contract as a peer describes it (GetMetadata)', () => {
  let transactions: TransactionMetadata[];
  beforeAll(async () => {
    const harness = await ContractHarness.create();
    const metadata = await harness.evaluate('BAMFMSP', 'AUDITOR', 'org.hyperledger.fabric:GetMetadata');
    await harness.close();
    const contracts = (metadata.ok ? metadata.value.contracts : {}) as Record<string, { transactions: TransactionMetadata[] }>;
    transactions = contracts.case!.transactions;
  });

  it('lists every transition, in table order, then the queries, and nothing else', () => {
    expect(transactions.map((transaction) => transaction.name)).toEqual([...TRANSITION_TYPES, ...QUERIES]);
  });

  it.each(TRANSITION_TYPES)('lists %s as a submit transaction with one string argument', (type) => {
    expect(transactions.find((transaction) => transaction.name === type)).toEqual({
      name: type,
      tag: ['SUBMIT', 'submitTx'],
      parameters: ONE_STRING_ARGUMENT,
      returns: { type: 'string' },
    });
  });

  it.each(QUERIES)('lists %s as an evaluate transaction with one string argument', (query) => {
    expect(transactions.find((transaction) => transaction.name === query)).toEqual({
      name: query,
      tag: ['EVALUATE'],
      parameters: ONE_STRING_ARGUMENT,
      returns: { type: 'string' },
    });
  });
});

const on = { effectiveOn: '2026-06-15' };
const day = (effectiveOn: string) => ({ effectiveOn });
type Step = [msp: string, role: string, fn: TransitionType, fields: Record<string, unknown>];

/**
 * Every transition at least once, over three cases; the third step list needs the txId of a step of
 * the first. Lodged 2026-06-15 (the reformed procedure); a plain rejection served Thursday 2026-07-02,
 * sued in time, dismissed at first instance on Tuesday 2026-09-01 (the month for leave and for a
 * request to remain ends Thursday 2026-10-01), final from 2026-10-02.
 */
const FULL_PROCESS: Step[] = [
  ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { procedureKind: 'ERSTANTRAG', ...on }],
  ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { landCode: 'DE-SN', ...on }],
  ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', on],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', on],
  ['BAMFMSP', 'BAMF_DUBLIN', 'startResponsibilityCheck', on],
  ['BAMFMSP', 'BAMF_DUBLIN', 'recordDublinRequest', { ...on, kind: 'TAKE_CHARGE_REQUEST' }],
  ['BAMFMSP', 'BAMF_DUBLIN', 'concludeResponsibilityCheck', { ...on, dublin: 'REJECTED' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'scheduleHearing', { dueBy: '2026-12-01' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordHearingMissed', on],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordHearingHeld', on],
  ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { ...on, responsible: 'ABHMSP' }],
  ['ABHMSP', 'ABH', 'transferResponsibility', { ...on, responsible: 'LDSMSP' }],
  ['LDSMSP', 'LAND_ZAB', 'transferResponsibility', { ...on, responsible: 'ABHMSP' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...day('2026-07-01'), outcomeClass: 'REJECTED', track: 'REGULAR' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordService', { servedOn: '2026-07-02' }],
  ['BAMFMSP', 'BAMF_LITIGATION', 'recordAppeal', day('2026-07-10')],
  ['BAMFMSP', 'BAMF_LITIGATION', 'recordUrgentApplication', day('2026-07-10')],
  ['BAMFMSP', 'BAMF_LITIGATION', 'recordCourtOutcome', { ...day('2026-07-20'), result: 'URGENT_APPLICATION_REJECTED' }],
  ['BAMFMSP', 'BAMF_LITIGATION', 'recordCourtOutcome', { ...day('2026-09-01'), result: 'SUIT_DISMISSED' }],
  ['BAMFMSP', 'BAMF_LITIGATION', 'recordRemainRequest', day('2026-09-10')],
  ['BAMFMSP', 'BAMF_LITIGATION', 'recordCourtOutcome', { ...day('2026-09-20'), result: 'REMAIN_REQUEST_REJECTED' }],
  ['BAMFMSP', 'BAMF_LITIGATION', 'markFinal', day('2026-10-02')],
  ['ABHMSP', 'ABH', 'declareDepartureRequired', { ...day('2026-10-03'), dueBy: '2026-12-20' }],
  ['ABHMSP', 'ABH', 'recordToleration', day('2026-10-05')],
  ['ABHMSP', 'ABH', 'endToleration', day('2026-10-10')],
  ['LDSMSP', 'LAND_ZAB', 'recordDeparture', { ...day('2026-10-12'), mode: 'VOLUNTARY' }],
  ['ABHMSP', 'ABH', 'closeCase', day('2026-10-13')],
];

const TO_LODGED: Step[] = FULL_PROCESS.slice(0, 4);

const WITHDRAWN: Step[] = [...TO_LODGED, ['BAMFMSP', 'BAMF_CASEWORKER', 'recordWithdrawal', on]];

const TITLE: Step[] = [
  ...TO_LODGED,
  ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { ...on, responsible: 'ABHMSP' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...day('2026-07-01'), outcomeClass: 'PROTECTION', track: 'REGULAR' }],
  ['ABHMSP', 'ABH', 'recordService', { servedOn: '2026-07-02' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', day('2026-07-17')],
  ['ABHMSP', 'ABH', 'recordTitleIssued', day('2026-07-20')],
];

/** Registered Monday 2026-03-02 and lodged 2026-03-04: before the reform and before the AMMR. */
const LODGED_IN_MARCH: Step[] = [
  ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { procedureKind: 'ERSTANTRAG', ...day('2026-03-02') }],
  ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { landCode: 'DE-SN', ...day('2026-03-02') }],
  ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', day('2026-03-02')],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', day('2026-03-04')],
];

/**
 * A Dublin III case (registered Monday 2026-03-02): accepted Monday 2026-05-11, so the six-month
 * transfer period ends Wednesday 2026-11-11 and responsibility passes to Germany after it.
 */
const DUBLIN: Step[] = [
  ...LODGED_IN_MARCH,
  ['BAMFMSP', 'BAMF_DUBLIN', 'startResponsibilityCheck', day('2026-03-04')],
  ['BAMFMSP', 'BAMF_DUBLIN', 'concludeResponsibilityCheck', { ...day('2026-05-11'), dublin: 'ACCEPTED' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordService', { servedOn: '2026-05-13' }],
  ['BAMFMSP', 'BAMF_DUBLIN', 'recordResponsibilityPassed', day('2026-11-12')],
];

/** The same case, whose transfer period is extended because the person absconded. */
const EXTENDED: Step[] = [...DUBLIN.slice(0, 7), ['BAMFMSP', 'BAMF_DUBLIN', 'extendTransferPeriod', { ...day('2026-10-01'), extensionGround: 'ABSCONDING' }]];

/** A protection withdrawn after the title (the case reopens as a new decision). */
const PROTECTION_WITHDRAWN: Step[] = [...TITLE, ['BAMFMSP', 'BAMF_CASEWORKER', 'withdrawProtection', day('2026-08-03')]];

/** A rejection (final 2026-07-17), a toleration, and a residence title after it. */
const TITLE_AFTER_TOLERATION: Step[] = [
  ...TITLE.slice(0, 5),
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...day('2026-07-01'), outcomeClass: 'REJECTED', track: 'REGULAR' }],
  ['ABHMSP', 'ABH', 'recordService', { servedOn: '2026-07-02' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', day('2026-07-17')],
  ['ABHMSP', 'ABH', 'declareDepartureRequired', day('2026-07-20')],
  ['ABHMSP', 'ABH', 'recordToleration', day('2026-07-21')],
  ['ABHMSP', 'ABH', 'recordTitleAfterToleration', day('2026-08-03')],
];

/** Lodged 2026-03-04 (before the reform): absconding and return, a discontinuation, its resumption (§ 33 (5) a.F.), and death. */
const DISCONTINUED_AND_RESUMED: Step[] = [
  ...LODGED_IN_MARCH,
  ['LDSMSP', 'LAND_RECEPTION', 'recordWhereaboutsUnknown', day('2026-03-20')],
  ['LDSMSP', 'LAND_RECEPTION', 'recordReappearance', day('2026-03-25')],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDiscontinuation', day('2026-04-01')],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'resumeProcedure', day('2026-05-04')],
  ['LDSMSP', 'LAND_RECEPTION', 'recordDeath', day('2026-05-10')],
];

/** A follow-up application to lodging, with BAMF's non-refoulement communication (Art. 56 APR). */
const FOLLOW_UP: Step[] = [
  ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { procedureKind: 'FOLGEANTRAG', ...on }],
  ...TO_LODGED.slice(1),
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordNonRefoulementCommunication', { ...on, ground: 'FIRST_TO_FRUSTRATE_REMOVAL' }],
];

/** A redistribution to Bavaria (§ 51 AsylG), requested by Saxony and consented to by Bavaria. */
const REDISTRIBUTED: Step[] = [
  ...TO_LODGED,
  ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { ...on, responsible: 'ABHMSP' }],
  ['LDSMSP', 'LAND_DISTRIBUTION', 'requestRedistribution', { ...day('2026-06-20'), landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY' }],
  ['LBYMSP', 'LAND_DISTRIBUTION', 'answerRedistribution', { ...day('2026-06-25'), answer: 'CONSENTED' }],
];

/** The end of the first case: a correction of its hearing, the attestations and the erasure. */
function afterClosing(hearingTxId: string): Step[] {
  return [
    ['BAMFMSP', 'BAMF_CASEWORKER', 'correctEvent', { correctsTxId: hearingTxId, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-06-16' } }],
    ['ABHMSP', 'ADMIN', 'attestMappingDeleted', {}],
    ['BAMFMSP', 'ADMIN', 'attestMappingDeleted', {}],
    ['LDSMSP', 'ADMIN', 'attestMappingDeleted', {}],
    ['BAMFMSP', 'ADMIN', 'eraseCase', { ground: 'GOVERNANCE_DECISION' }],
  ];
}

describe('each transition transaction on the dev ledger', () => {
  let harness: ContractHarness;
  let requests = 0;
  beforeEach(async () => {
    harness = await ContractHarness.create();
    await harness.bootstrap();
  });
  afterEach(async () => {
    await harness.close();
  });

  async function play(caseRef: string, steps: readonly Step[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const [msp, role, fn, fields] of steps) {
      requests += 1;
      const requestId = `00000000-0000-4000-8000-${requests.toString(16).padStart(12, '0')}`;
      const outcome = await harness.submit(msp, role, fn, { caseRef, requestId, ...fields });
      if (!outcome.ok) throw new Error(`${fn} failed: ${outcome.error.code} ${outcome.error.message}`);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  it('runs its own transition: every committed event is of the transaction called, and every transition ran', async () => {
    const first = await play('a1'.repeat(16), FULL_PROCESS);
    const hearing = first[FULL_PROCESS.findIndex(([, , fn]) => fn === 'recordHearingHeld')]!;
    const steps = [...FULL_PROCESS, ...afterClosing(hearing.ok ? hearing.txId : '')];
    await play('a1'.repeat(16), steps.slice(FULL_PROCESS.length));
    await play('b2'.repeat(16), WITHDRAWN);
    await play('c3'.repeat(16), PROTECTION_WITHDRAWN);
    await play('d4'.repeat(16), DUBLIN);
    await play('e5'.repeat(16), EXTENDED);
    await play('f6'.repeat(16), TITLE_AFTER_TOLERATION);
    await play('a7'.repeat(16), DISCONTINUED_AND_RESUMED);
    await play('b8'.repeat(16), FOLLOW_UP);
    await harness.addBavaria();
    await play('d5'.repeat(16), REDISTRIBUTED);

    const called = [
      ...steps,
      ...WITHDRAWN,
      ...PROTECTION_WITHDRAWN,
      ...DUBLIN,
      ...EXTENDED,
      ...TITLE_AFTER_TOLERATION,
      ...DISCONTINUED_AND_RESUMED,
      ...FOLLOW_UP,
      ...REDISTRIBUTED,
    ].map(([, , fn]) => fn);
    const events = harness.events().filter((event) => event.eventName === 'CaseEvent');
    const types = events.map((event) => CaseEvent.parse(JSON.parse(Buffer.from(event.payload).toString('utf8'))).type);
    expect(types).toEqual(called);
    expect([...new Set(called)].sort()).toEqual([...TRANSITION_TYPES].sort());
  });

  it('answers nothing but the transactions of the metadata, with a code', async () => {
    const members = ['constructor', 'unknownTransaction', 'beforeTransaction', 'afterTransaction', 'aroundTransaction', 'createContext', 'getName'];
    for (const fn of [...members, 'toString', 'RegisterCase', 'registercase', 'case:runTransition', 'directory:registerCase']) {
      expect([fn, codeOf(await harness.submit('LDSMSP', 'LAND_RECEPTION', fn, { caseRef: 'd4'.repeat(16) }))]).toEqual([fn, 'UNKNOWN_TRANSACTION']);
    }
  });

  it('takes the contract name as a prefix, as the default contract', async () => {
    const input = { caseRef: 'e5'.repeat(16), requestId: '00000000-0000-4000-8000-0000000000e5', procedureKind: 'ERSTANTRAG', ...on };
    expect(await harness.submit('LDSMSP', 'LAND_RECEPTION', 'case:registerCase', input)).toMatchObject({ ok: true, value: { state: 'REGISTERED' } });
  });
});
