import type { AuthorityDirectory } from './authorities';
import { ChaincodeError } from './chaincode-error';
import { ownInputFieldNames, UNCORRECTABLE_TRANSACTIONS } from './correction-plan';
import { CorrectedFields } from './transition-inputs';
import { TRANSITION_TYPES } from './transitions';
import { decideTransition, parseTransitionInput, type TransitionOutcome } from './decide-transition';
import { actor, CASE_REF, DIRECTORY, requestId, TX_ID } from './test-support/fixtures';
import { playCase, playStep, stepTxId, type PlayedCase, type PlayedStep } from './test-support/recorded-history';

const bamf = {
  registration: actor('BAMF_REGISTRATION', 'FEDERAL'),
  caseworker: actor('BAMF_CASEWORKER', 'FEDERAL'),
  litigation: actor('BAMF_LITIGATION', 'FEDERAL'),
  admin: actor('ADMIN', 'FEDERAL'),
};
const lds = { reception: actor('LAND_RECEPTION', 'LAND'), distribution: actor('LAND_DISTRIBUTION', 'LAND'), admin: actor('ADMIN', 'LAND') };
const abh = actor('ABH', 'ABH');

/** A manifestly unfounded rejection in Saxony, served, with an urgent application pending (steps 1-8). */
const UNDER_URGENT_APPLICATION: PlayedStep[] = [
  ['registerCase', lds.reception, { procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-02' }, '2026-11-02'],
  ['recordDistribution', lds.reception, { landCode: 'DE-SN', effectiveOn: '2026-11-03' }, '2026-11-03'],
  ['confirmArrival', lds.reception, { effectiveOn: '2026-11-04' }, '2026-11-04'],
  ['lodgeApplication', bamf.caseworker, { effectiveOn: '2026-11-05' }, '2026-11-05'],
  ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: '2026-11-06' }, '2026-11-06'],
  ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED', effectiveOn: '2026-11-09' }, '2026-11-09'],
  ['recordService', bamf.caseworker, { servedOn: '2026-11-10' }, '2026-11-10'],
  ['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-11-12' }, '2026-11-12'],
];
const DISTRIBUTION = stepTxId(2);
const ARRIVAL = stepTxId(3);
const DECISION = stepTxId(6);
const SERVICE = stepTxId(7);
const URGENT_APPLICATION = stepTxId(8);
const TODAY = '2026-11-30';

function correct(played: PlayedCase, who: ReturnType<typeof actor>, fields: Record<string, unknown>, directory: AuthorityDirectory = DIRECTORY): TransitionOutcome {
  const input = parseTransitionInput('correctEvent', { caseRef: CASE_REF, requestId: requestId(99), ...fields });
  return decideTransition('correctEvent', played.record, input, { actor: who, txId: TX_ID, today: TODAY, directory, history: played.history });
}

function refusal(body: () => unknown): { code: string; details: Record<string, unknown> } | 'NO_ERROR' {
  try {
    body();
  } catch (error) {
    if (error instanceof ChaincodeError) return { code: error.code, details: { ...error.details } };
    throw error;
  }
  return 'NO_ERROR';
}

describe('a correction cannot decide a case (the attacks)', () => {
  const held = playCase(UNDER_URGENT_APPLICATION);

  it('starts from a case under an urgent application, with a removal hold', () => {
    expect(held.record).toMatchObject({ state: 'UNDER_APPEAL', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'], responsible: 'ABHMSP' });
  });

  it("refuses the Land's reception clearing the urgent-application hold, by every route", () => {
    const attempts = [
      // set the hold or the state directly: not correctable fields at all
      () => correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { holds: [] } }),
      () => correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { state: 'DEPARTURE_REQUIRED' } }),
      // correct or void BAMF's urgent application: not its event
      () => correct(held, lds.reception, { correctsTxId: URGENT_APPLICATION, reasonCode: 'WRONG_CASE' }),
      // void its own arrival: the rest of the history no longer applies
      () => correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'WRONG_CASE' }),
    ];
    expect(attempts.map((attempt) => refusal(attempt))).toEqual([
      { code: 'VALIDATION_FAILED', details: expect.anything() },
      { code: 'VALIDATION_FAILED', details: expect.anything() },
      { code: 'CORRECTION_NOT_ALLOWED', details: { reason: 'NOT_THE_WRITER', writer: 'BAMFMSP', transaction: 'recordUrgentApplication' } },
      {
        code: 'CORRECTION_BREAKS_HISTORY',
        details: { failedTxId: stepTxId(4), failedTransaction: 'lodgeApplication', failedCode: 'INVALID_TRANSITION' },
      },
    ]);
  });

  it('keeps the hold when the Land corrects a fact of its own (and a removal stays refused)', () => {
    const corrected = correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-03' } });
    expect(corrected.record).toMatchObject({ state: 'UNDER_APPEAL', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'], seq: 9 });
    const removal = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(100), effectiveOn: TODAY, mode: 'REMOVAL' });
    expect(
      refusal(() => decideTransition('recordDeparture', corrected.record, removal, { actor: abh, txId: TX_ID, today: TODAY, directory: DIRECTORY })),
    ).toMatchObject({ code: 'REMOVAL_HOLD_ACTIVE' });
  });

  it("refuses a Land 'correcting' its distribution to FINAL / PROTECTION", () => {
    const toFinal = refusal(() =>
      correct(held, lds.reception, { correctsTxId: DISTRIBUTION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { state: 'FINAL', outcomeClass: 'PROTECTION' } }),
    );
    const toProtection = refusal(() =>
      correct(held, lds.reception, { correctsTxId: DISTRIBUTION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'PROTECTION' } }),
    );
    expect(toFinal).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(toProtection).toEqual({ code: 'VALIDATION_FAILED', details: { fields: ['outcomeClass'], transaction: 'recordDistribution' } });
  });

  it('refuses BAMF turning its service into finality; a corrected service day keeps the state', () => {
    expect(
      refusal(() => correct(held, bamf.caseworker, { correctsTxId: SERVICE, reasonCode: 'DATA_ENTRY_ERROR', corrected: { state: 'FINAL' } })),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    const earlier = correct(held, bamf.caseworker, { correctsTxId: SERVICE, reasonCode: 'LATE_INFORMATION', corrected: { servedOn: '2026-11-09' } });
    expect(earlier.record).toMatchObject({ state: 'UNDER_APPEAL', servedOn: '2026-11-09', dueBy: '2026-11-16', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
  });

  it("refuses an Ausländerbehörde correcting another org's event", () => {
    expect(
      refusal(() => correct(held, abh, { correctsTxId: DECISION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'PROTECTION' } })),
    ).toEqual({ code: 'CORRECTION_NOT_ALLOWED', details: { reason: 'NOT_THE_WRITER', writer: 'BAMFMSP', transaction: 'recordDecision' } });
  });

  it("refuses another role of the writing org that may not perform the event's transaction", () => {
    expect(
      refusal(() => correct(held, lds.distribution, { correctsTxId: DISTRIBUTION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-02' } })),
    ).toMatchObject({ code: 'CORRECTION_NOT_ALLOWED', details: { reason: 'NOT_THE_WRITER' } });
  });
});

describe('a correction corrects facts', () => {
  const held = playCase(UNDER_URGENT_APPLICATION);

  it('accepts a Land correcting the date of its own distribution: state, holds and responsibility kept', () => {
    const outcome = correct(held, lds.reception, { correctsTxId: DISTRIBUTION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-02' } });
    const { seq, lastTxId, lastTransaction, lastInput, updatedByMsp, updatedByRole, correctsTxId, reasonCode } = outcome.record;
    expect(factsOf(outcome.record)).toEqual(factsOf(held.record));
    expect({ seq, lastTxId, lastTransaction, updatedByMsp, updatedByRole, correctsTxId, reasonCode }).toEqual({
      seq: 9,
      lastTxId: TX_ID,
      lastTransaction: 'correctEvent',
      updatedByMsp: 'LDSMSP',
      updatedByRole: 'LAND_RECEPTION',
      correctsTxId: DISTRIBUTION,
      reasonCode: 'DATA_ENTRY_ERROR',
    });
    expect(lastInput).toEqual({ correctsTxId: DISTRIBUTION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-02' } });
    expect(outcome.event).toMatchObject({ type: 'correctEvent', from: 'UNDER_APPEAL', to: 'UNDER_APPEAL', targets: ['ABHMSP', 'BAMFMSP'] });
  });

  it('lets the writer void its own event when the replay legitimately removes what it did', () => {
    const voided = correct(held, bamf.litigation, { correctsTxId: URGENT_APPLICATION, reasonCode: 'WRONG_CASE' });
    expect(voided.record).toMatchObject({ state: 'SERVED', holds: [], dueBy: '2026-11-17', seq: 9 });
  });

  it('refuses a correction whose replay breaks a later event, naming that event', () => {
    const final = playCase([
      ...UNDER_URGENT_APPLICATION.slice(0, 5),
      ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED', track: 'REGULAR', effectiveOn: '2026-11-09' }, '2026-11-09'],
      ['recordService', bamf.caseworker, { servedOn: '2026-11-10' }, '2026-11-12'],
      ['markFinal', bamf.caseworker, { effectiveOn: '2026-11-25' }, '2026-11-25'],
    ]);
    expect(final.record).toMatchObject({ state: 'FINAL' });
    const later = refusal(() => correct(final, bamf.caseworker, { correctsTxId: stepTxId(7), reasonCode: 'LATE_INFORMATION', corrected: { servedOn: '2026-11-12' } }));
    expect(later).toEqual({
      code: 'CORRECTION_BREAKS_HISTORY',
      details: { failedTxId: stepTxId(8), failedTransaction: 'markFinal', failedCode: 'FINALITY_PREMATURE' },
    });
  });

  it('refuses a date of something done after the day the event was recorded', () => {
    expect(
      refusal(() => correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-05' } })),
    ).toEqual({ code: 'CORRECTION_BREAKS_HISTORY', details: { failedTxId: ARRIVAL, failedTransaction: 'confirmArrival', failedCode: 'DATE_IN_FUTURE' } });
  });

  it('accumulates corrections of one event and replays them all', () => {
    const first = correct(held, bamf.caseworker, { correctsTxId: DECISION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-08' } });
    const once = playStepRecorded(held, first, bamf.caseworker);
    const second = correct(once, bamf.caseworker, { correctsTxId: DECISION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'REJECTED' } });
    // still the accelerated procedure: one week to sue after service on 2026-11-10 (Art. 67 (7) (a) APR)
    expect(second.record).toMatchObject({ outcomeClass: 'REJECTED', procedureTrack: 'ACCELERATED', dueBy: '2026-11-17', seq: 10 });
    const third = correct(playStepRecorded(once, second, bamf.caseworker), bamf.caseworker, {
      correctsTxId: DECISION,
      reasonCode: 'DATA_ENTRY_ERROR',
      corrected: { track: 'REGULAR' },
    });
    // every correction of the event replayed: decided 2026-11-08, REJECTED, regular procedure: two weeks to sue
    expect(third.record).toMatchObject({ outcomeClass: 'REJECTED', procedureTrack: 'REGULAR', dueBy: '2026-11-24', seq: 11 });
    expect(third.record.dates.decidedOn).toBe('2026-11-08');
  });

  it('refuses correcting a correction, a voided event, a registration void, an attestation', () => {
    const voided = playStepRecorded(held, correct(held, bamf.litigation, { correctsTxId: URGENT_APPLICATION, reasonCode: 'WRONG_CASE' }), bamf.litigation);
    const reasons = [
      refusal(() => correct(voided, bamf.litigation, { correctsTxId: TX_ID, reasonCode: 'WRONG_CASE' })),
      refusal(() => correct(voided, bamf.litigation, { correctsTxId: URGENT_APPLICATION, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-11' } })),
      refusal(() => correct(held, lds.reception, { correctsTxId: stepTxId(1), reasonCode: 'WRONG_CASE' })),
      refusal(() => correct(held, lds.reception, { correctsTxId: 'f'.repeat(64), reasonCode: 'WRONG_CASE' })),
    ];
    expect(reasons.map((reason) => (reason === 'NO_ERROR' ? reason : reason.details.reason))).toEqual([
      'NOT_CORRECTABLE',
      'EVENT_VOIDED',
      'NOT_CORRECTABLE',
      'NOT_AN_EVENT_OF_THIS_CASE',
    ]);
  });

  it('lets a federal ADMIN correct another org’s event only under a governance reason', () => {
    const fields = { correctsTxId: DISTRIBUTION, corrected: { effectiveOn: '2026-11-02' } };
    expect(refusal(() => correct(held, bamf.admin, { ...fields, reasonCode: 'DATA_ENTRY_ERROR' }))).toMatchObject({ code: 'CORRECTION_NOT_ALLOWED' });
    expect(refusal(() => correct(held, lds.admin, { ...fields, reasonCode: 'GOVERNANCE_DECISION' }))).toMatchObject({ code: 'CORRECTION_NOT_ALLOWED' });
    expect(correct(held, bamf.admin, { ...fields, reasonCode: 'GOVERNANCE_DECISION' }).record).toMatchObject({ state: 'UNDER_APPEAL', updatedByRole: 'ADMIN' });
  });

  it('refuses a replacement that changes nothing, or a field the transaction does not have', () => {
    expect(
      refusal(() => correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-04' } })),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      refusal(() => correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { mode: 'REMOVAL' } })),
    ).toEqual({ code: 'VALIDATION_FAILED', details: { fields: ['mode'], transaction: 'confirmArrival' } });
  });

  it('refuses moving the case to another Land by correction', () => {
    const federal = playCase([
      ['registerCase', bamf.registration, { procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-02' }, '2026-11-02'],
      ['recordDistribution', bamf.registration, { landCode: 'DE-SN', effectiveOn: '2026-11-03' }, '2026-11-03'],
    ]);
    expect(
      refusal(() => correct(federal, bamf.registration, { correctsTxId: stepTxId(2), reasonCode: 'DATA_ENTRY_ERROR', corrected: { landCode: 'DE-BY' } })),
    ).toEqual({ code: 'CORRECTION_NOT_ALLOWED', details: { reason: 'MOVES_LAND' } });
  });

  it('replays events of an authority that has since retired', () => {
    const retired: AuthorityDirectory = {
      authorities: DIRECTORY.authorities.map((entry) => (entry.mspId === 'ABHMSP' ? { ...entry, active: false } : entry)),
    };
    const outcome = correct(held, lds.reception, { correctsTxId: ARRIVAL, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-03' } }, retired);
    expect(outcome.record).toMatchObject({ responsible: 'ABHMSP', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
  });
});

/** A record without the fields that say which transaction wrote it. */
function factsOf(record: PlayedCase['record']): Record<string, unknown> {
  const bookkeeping = ['seq', 'lastTxId', 'lastTransaction', 'lastInput', 'updatedByMsp', 'updatedByRole', 'correctsTxId', 'reasonCode'];
  return Object.fromEntries(Object.entries(record).filter(([name]) => !bookkeeping.includes(name)));
}

/** Records a correction outcome as the next event of a played case. */
function playStepRecorded(played: PlayedCase, outcome: TransitionOutcome, who: ReturnType<typeof actor>): PlayedCase {
  const event = { txId: TX_ID, type: 'correctEvent', input: outcome.record.lastInput, actorMsp: who.mspId, actorRole: who.role, day: TODAY };
  return { record: outcome.record, history: [...played.history, event], outcome };
}

describe('the correction schema', () => {
  it('offers exactly the own input fields of the correctable transactions', () => {
    const correctable = TRANSITION_TYPES.filter((type) => !UNCORRECTABLE_TRANSACTIONS.includes(type));
    const union = [...new Set(correctable.flatMap((type) => ownInputFieldNames(type)))].sort();
    expect(Object.keys(CorrectedFields.shape).sort()).toEqual(union);
  });
});

describe('recording inputs', () => {
  it('stores the own input fields of every event, never the request id or caseRef', () => {
    const played = playStep(undefined, UNDER_URGENT_APPLICATION[0]!);
    expect(played.record.lastInput).toEqual({ procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-02' });
  });
});
