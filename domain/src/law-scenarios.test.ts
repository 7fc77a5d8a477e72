/**
 * The process law as scenarios with literal dates: each expected day below was counted by hand
 * from the statute (calendar, §§ 187, 188 BGB, § 222 (2) ZPO, nationwide holidays), not derived
 * from the table. Weekdays are noted where a period ends on one.
 */
import type { Actor } from './authorities';
import type { CaseRecord } from './case-record';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { CASE_REF, DIRECTORY, requestId, TX_ID } from './test-support/fixtures';
import { playCase, playMore, refusalOf, type PlayedCase } from './test-support/recorded-history';
import { abh, bamf, intake, lds } from './test-support/scenario-actors';
import type { TransitionType } from './transitions';

/** A case decided and served on the given days. */
function decided(registeredOn: string, lodgedOn: string, decision: Record<string, unknown>, decidedOn: string, servedOn: string): PlayedCase {
  return playCase([
    ...intake(registeredOn, lodgedOn),
    ['recordDecision', bamf.caseworker, { ...decision, effectiveOn: decidedOn }, decidedOn],
    ['recordService', bamf.caseworker, { servedOn }, servedOn],
  ]);
}

const removalOn = (day: string): [TransitionType, Actor, Record<string, unknown>, string] => ['recordDeparture', lds.zab, { mode: 'REMOVAL', effectiveOn: day }, day];
const transferOn = (day: string): [TransitionType, Actor, Record<string, unknown>, string] => ['recordDeparture', lds.zab, { mode: 'DUBLIN_TRANSFER', effectiveOn: day }, day];
const kinds = (record: CaseRecord) => record.deadlines.map(({ kind, dueOn, basis }) => `${kind} ${dueOn} ${basis}`);

describe('two regimes, chosen by the case\'s own dates', () => {
  it('derives the procedure regime from the lodging day and the responsibility regime from the registration day', () => {
    const regimes = (registeredOn: string, lodgedOn: string) => {
      const { record } = playCase(intake(registeredOn, lodgedOn));
      return [record.procedureRegime, record.responsibilityRegime];
    };
    expect(regimes('2026-06-01', '2026-06-11')).toEqual(['LEGACY', 'DUBLIN_III']);
    expect(regimes('2026-06-01', '2026-06-12')).toEqual(['GEAS', 'DUBLIN_III']);
    expect(regimes('2026-06-30', '2026-07-02')).toEqual(['GEAS', 'DUBLIN_III']);
    expect(regimes('2026-07-01', '2026-07-02')).toEqual(['GEAS', 'AMMR']);
  });

  it('has no procedure regime before lodging, and one once lodged', () => {
    const registered = playCase(intake('2026-05-20', '2026-05-20').slice(0, 3));
    expect(registered.record).toMatchObject({ procedureRegime: null, responsibilityRegime: 'DUBLIN_III' });
  });

  it('changes the regime only through the replay of a corrected lodging day', () => {
    const lodged = playCase(intake('2026-06-01', '2026-06-12'));
    expect(lodged.record.procedureRegime).toBe('GEAS');
    const lodging = lodged.history[3]!.txId;
    const input = parseTransitionInput('correctEvent', {
      caseRef: CASE_REF,
      requestId: requestId(50),
      correctsTxId: lodging,
      reasonCode: 'DATA_ENTRY_ERROR',
      corrected: { effectiveOn: '2026-06-11' },
    });
    const corrected = decideTransition('correctEvent', lodged.record, input, {
      actor: bamf.caseworker,
      txId: TX_ID,
      today: '2026-06-20',
      directory: DIRECTORY,
      history: lodged.history,
    });
    expect(corrected.record.procedureRegime).toBe('LEGACY');
    expect(corrected.record.dates.lodgedOn).toBe('2026-06-11');
  });

  it('requires the procedure track with a decision in the reformed procedure, not in the old one', () => {
    const geas = playCase(intake('2026-11-02', '2026-11-05'));
    expect(refusalOf(geas, ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED', effectiveOn: '2026-11-20' }, '2026-11-20'])).toEqual({
      code: 'PROCEDURE_TRACK_REQUIRED',
      details: { procedureRegime: 'GEAS' },
    });
    const legacy = playMore(playCase(intake('2026-05-04', '2026-05-06')), ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED', effectiveOn: '2026-09-01' }, '2026-09-01']);
    expect(legacy.record).toMatchObject({ state: 'DECIDED', procedureRegime: 'LEGACY', procedureTrack: null });
  });

  it('shows the lodging and examination deadlines (Art. 28, 35 APR)', () => {
    const registered = playCase(intake('2026-11-02', '2026-11-05').slice(0, 3));
    // 21 days from Monday 2026-11-02: Monday 2026-11-23
    expect(kinds(registered.record)).toEqual(['LODGING 2026-11-23 APR_28_LODGING']);
    const lodged = playCase(intake('2026-11-02', '2026-11-05'));
    // six months from Thursday 2026-11-05: Wednesday 2027-05-05
    expect(kinds(lodged.record)).toEqual(['EXAMINATION 2027-05-05 APR_35_EXAMINATION']);
  });
});

describe('reformed procedure: enforceable is not final', () => {
  const accelerated = { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED' };

  it('the issue example: accelerated, manifestly unfounded, served Tuesday 2026-12-01, no urgent application', () => {
    const served = decided('2026-10-05', '2026-10-07', accelerated, '2026-11-30', '2026-12-01');
    // one week to sue and to apply (§ 74 (1) sentence 3, § 36 (2) AsylG): Tuesday 2026-12-08;
    // the week to leave starts when the suit period ends (§ 38 (1) sentence 2): Tuesday 2026-12-15
    expect(served.record.dueBy).toBe('2026-12-08');
    expect(kinds(served.record)).toEqual([
      'SUIT 2026-12-08 ASYLG_74_SUIT',
      'URGENT_APPLICATION 2026-12-08 ASYLG_36_URGENT',
      'DEPARTURE 2026-12-15 ASYLG_38_1_WEEK',
      'REMOVAL_LAWFUL_FROM 2026-12-16 ASYLG_38_1_WEEK',
    ]);
    expect(served.outcome.event.removalLawfulFrom).toBe('2026-12-16');
    expect(refusalOf(served, removalOn('2026-12-15'))).toEqual({
      code: 'REMOVAL_NOT_YET_LAWFUL',
      details: { lawfulFrom: '2026-12-16', waitingFor: null, basis: 'ASYLG_38_1_WEEK' },
    });
    const required = playMore(served, ['declareDepartureRequired', abh, { effectiveOn: '2026-12-09' }, '2026-12-09']);
    expect(required.record).toMatchObject({ state: 'DEPARTURE_REQUIRED', dueBy: '2026-12-15' });
    expect(playMore(required, removalOn('2026-12-16')).record).toMatchObject({ state: 'LEFT', departureMode: 'REMOVAL' });
  });

  it('after a timely urgent application: no removal until it is decided, then a week from service of the rejection', () => {
    const served = decided('2026-10-05', '2026-10-07', accelerated, '2026-11-30', '2026-12-01');
    const applied = playMore(served, ['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-12-04' }, '2026-12-04']);
    expect(applied.record.removal).toEqual({ lawfulFrom: null, basis: 'ASYLG_36_URGENT', waitingFor: 'URGENT_APPLICATION_DECISION', departureDueOn: null });
    expect(refusalOf(applied, removalOn('2026-12-20'))).toMatchObject({ code: 'REMOVAL_HOLD_ACTIVE' });
    expect(refusalOf(applied, ['declareDepartureRequired', abh, { effectiveOn: '2026-12-09' }, '2026-12-09'])).toEqual({
      code: 'DEPARTURE_NOT_YET_REQUIRED',
      details: { waitingFor: 'URGENT_APPLICATION_DECISION', basis: 'ASYLG_36_URGENT' },
    });
    // rejection served Thursday 2026-12-10: the week to leave runs to Thursday 2026-12-17 (§ 38 (1) sentence 3)
    const rejected = playMore(applied, ['recordCourtOutcome', bamf.litigation, { result: 'URGENT_APPLICATION_REJECTED', effectiveOn: '2026-12-10' }, '2026-12-10']);
    expect(rejected.record.removal).toEqual({ lawfulFrom: '2026-12-18', basis: 'ASYLG_38_1_WEEK', waitingFor: null, departureDueOn: '2026-12-17' });
  });

  it('a plain rejection: the suit suspends until the first-instance judgment, then § 78 (9) bars removal', () => {
    const served = decided('2026-09-01', '2026-09-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }, '2026-10-30', '2026-11-02');
    // served Monday 2026-11-02: two weeks to sue, Monday 2026-11-16; without a suit 30 days to leave from then: Wednesday 2026-12-16
    expect(served.record.removal).toEqual({ lawfulFrom: '2026-12-17', basis: 'ASYLG_38_2_30_DAYS', waitingFor: null, departureDueOn: '2026-12-16' });
    const sued = playMore(served, ['recordAppeal', bamf.litigation, { effectiveOn: '2026-11-10' }, '2026-11-10']);
    expect(sued.record).toMatchObject({ state: 'UNDER_APPEAL', removal: { lawfulFrom: null, waitingFor: 'FIRST_INSTANCE_JUDGMENT' } });
    expect(refusalOf(sued, ['declareDepartureRequired', abh, { effectiveOn: '2026-12-20' }, '2026-12-20'])).toMatchObject({
      code: 'DEPARTURE_NOT_YET_REQUIRED',
    });
    expect(refusalOf(sued, removalOn('2026-12-20'))).toEqual({
      code: 'REMOVAL_NOT_YET_LAWFUL',
      details: { lawfulFrom: null, waitingFor: 'FIRST_INSTANCE_JUDGMENT', basis: 'ASYLG_38_2_30_DAYS' },
    });
    // judgment served Friday 2027-01-15: the month for leave and for a request to remain ends Monday 2027-02-15;
    // 30 days to leave from the judgment end on Sunday 2027-02-14, so with Monday 2027-02-15
    const judged = playMore(sued, ['recordCourtOutcome', bamf.litigation, { result: 'SUIT_DISMISSED', effectiveOn: '2027-01-15' }, '2027-01-15']);
    expect(judged.record.removal).toEqual({ lawfulFrom: '2027-02-16', basis: 'ASYLG_38_2_30_DAYS', waitingFor: null, departureDueOn: '2027-02-15' });
    expect(kinds(judged.record)).toEqual([
      'LEAVE_TO_APPEAL 2027-02-15 ASYLG_78_LEAVE',
      'REMAIN_REQUEST 2027-02-15 ASYLG_78_9_REMAIN',
      'DEPARTURE 2027-02-15 ASYLG_38_2_30_DAYS',
      'REMOVAL_LAWFUL_FROM 2027-02-16 ASYLG_38_2_30_DAYS',
    ]);
    expect(refusalOf(judged, ['markFinal', bamf.litigation, { effectiveOn: '2027-02-15' }, '2027-02-15'])).toEqual({
      code: 'FINALITY_PREMATURE',
      details: { periodEndsOn: '2027-02-15', basis: 'ASYLG_78_LEAVE' },
    });
    // a timely request to remain: a hold, and no day until it is decided
    const requested = playMore(judged, ['recordRemainRequest', bamf.litigation, { effectiveOn: '2027-02-01' }, '2027-02-01']);
    expect(requested.record).toMatchObject({ holds: ['REMOVAL_SUSPENDED_REMAIN_REQUEST'], removal: { lawfulFrom: null, waitingFor: 'REMAIN_REQUEST_DECISION' } });
    // rejected on Wednesday 2027-02-24, after the month: removal from the day after
    const rejected = playMore(requested, ['recordCourtOutcome', bamf.litigation, { result: 'REMAIN_REQUEST_REJECTED', effectiveOn: '2027-02-24' }, '2027-02-24']);
    expect(rejected.record).toMatchObject({ holds: [], removal: { lawfulFrom: '2027-02-25', basis: 'ASYLG_38_2_30_DAYS' } });
    expect(playMore(rejected, removalOn('2027-02-25')).record.state).toBe('LEFT');
  });

  it('a request to remain allowed keeps the right to remain until the appeal is decided', () => {
    const judged = playMore(
      decided('2026-09-01', '2026-09-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }, '2026-10-30', '2026-11-02'),
      ['recordAppeal', bamf.litigation, { effectiveOn: '2026-11-10' }, '2026-11-10'],
      ['recordCourtOutcome', bamf.litigation, { result: 'SUIT_DISMISSED', effectiveOn: '2027-01-15' }, '2027-01-15'],
      ['recordRemainRequest', bamf.litigation, { effectiveOn: '2027-02-01' }, '2027-02-01'],
      ['recordCourtOutcome', bamf.litigation, { result: 'REMAINING_ALLOWED', effectiveOn: '2027-02-10' }, '2027-02-10'],
    );
    expect(judged.record).toMatchObject({ holds: ['REMOVAL_SUSPENDED_COURT_ORDER'], removal: { lawfulFrom: null } });
    // appeal dismissed, final on Friday 2027-06-04: 30 days to leave end Sunday 2027-07-04, so with Monday 2027-07-05
    const final = playMore(judged, ['recordCourtOutcome', bamf.litigation, { result: 'APPEAL_DISMISSED', effectiveOn: '2027-06-04' }, '2027-06-04']);
    expect(final.record).toMatchObject({ state: 'FINAL', holds: [], removal: { lawfulFrom: '2027-07-06', departureDueOn: '2027-07-05' } });
  });

  it('refuses a request to remain after the month, and where the right to remain ended with the decision', () => {
    const judged = playMore(
      decided('2026-09-01', '2026-09-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }, '2026-10-30', '2026-11-02'),
      ['recordAppeal', bamf.litigation, { effectiveOn: '2026-11-10' }, '2026-11-10'],
      ['recordCourtOutcome', bamf.litigation, { result: 'SUIT_DISMISSED', effectiveOn: '2027-01-15' }, '2027-01-15'],
    );
    expect(refusalOf(judged, ['recordRemainRequest', bamf.litigation, { effectiveOn: '2027-02-16' }, '2027-02-16'])).toEqual({
      code: 'PERIOD_EXPIRED',
      details: { periodEndedOn: '2027-02-15', basis: 'ASYLG_78_9_REMAIN' },
    });
    const withoutRight = playMore(
      decided('2026-10-05', '2026-10-07', accelerated, '2026-11-30', '2026-12-01'),
      ['recordAppeal', bamf.litigation, { effectiveOn: '2026-12-03' }, '2026-12-03'],
      ['recordCourtOutcome', bamf.litigation, { result: 'SUIT_DISMISSED', effectiveOn: '2027-01-15' }, '2027-01-15'],
    );
    expect(refusalOf(withoutRight, ['recordRemainRequest', bamf.litigation, { effectiveOn: '2027-01-20' }, '2027-01-20'])).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('does not make a decision final before the suit period, and records a timely suit learned after finality', () => {
    const served = decided('2026-09-01', '2026-09-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }, '2026-10-30', '2026-11-02');
    expect(refusalOf(served, ['markFinal', bamf.caseworker, { effectiveOn: '2026-11-16' }, '2026-11-16'])).toEqual({
      code: 'FINALITY_PREMATURE',
      details: { periodEndsOn: '2026-11-16', basis: 'ASYLG_74_SUIT' },
    });
    const final = playMore(served, ['markFinal', bamf.caseworker, { effectiveOn: '2026-11-17' }, '2026-11-17']);
    expect(final.record).toMatchObject({ state: 'FINAL', retainUntil: '2036-11-17' });
    const reopened = playMore(final, ['recordAppeal', bamf.litigation, { effectiveOn: '2026-11-12' }, '2026-11-20']);
    expect(reopened.record).toMatchObject({ state: 'UNDER_APPEAL', retainUntil: null, removal: { waitingFor: 'FIRST_INSTANCE_JUDGMENT' } });
    expect(reopened.record.dates.finalOn).toBeNull();
    expect(refusalOf(final, ['recordAppeal', bamf.litigation, { effectiveOn: '2026-11-17' }, '2026-11-20'])).toEqual({
      code: 'PERIOD_EXPIRED',
      details: { periodEndedOn: '2026-11-16', basis: 'ASYLG_74_SUIT' },
    });
  });

  it('moves a period that ends on a public holiday to the next working day', () => {
    // served Friday 2026-12-11: two weeks end on Christmas Day; St Stephen's Day and a Sunday follow
    const served = decided('2026-09-01', '2026-09-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }, '2026-12-10', '2026-12-11');
    expect(served.record.dueBy).toBe('2026-12-28');
  });
});

describe('the old AsylG for applications lodged before 12 June 2026', () => {
  it('a plain rejection: 30 days after service, with a suit 30 days after finality (§ 38 (1) a.F.)', () => {
    const served = decided('2026-05-04', '2026-05-06', { outcomeClass: 'REJECTED' }, '2026-09-01', '2026-09-03');
    // 30 days from Thursday 2026-09-03 end on Saturday 2026-10-03, German Unity Day: with Monday 2026-10-05
    expect(served.record.removal).toEqual({ lawfulFrom: '2026-10-06', basis: 'ASYLG_38_1_OLD', waitingFor: null, departureDueOn: '2026-10-05' });
    expect(served.record.dueBy).toBe('2026-09-17');
    const sued = playMore(served, ['recordAppeal', bamf.litigation, { effectiveOn: '2026-09-10' }, '2026-09-10']);
    expect(sued.record.removal).toMatchObject({ lawfulFrom: null, waitingFor: 'FINALITY', basis: 'ASYLG_38_1_OLD' });
    // the judgment is final on Friday 2026-11-20: 30 days end Sunday 2026-12-20, so with Monday 2026-12-21
    const final = playMore(sued, ['recordCourtOutcome', bamf.litigation, { result: 'APPEAL_DISMISSED', effectiveOn: '2026-11-20' }, '2026-11-20']);
    expect(final.record.removal).toEqual({ lawfulFrom: '2026-12-22', basis: 'ASYLG_38_1_OLD', waitingFor: null, departureDueOn: '2026-12-21' });
  });

  it('has no request to remain (§ 78 (9) is new law)', () => {
    const judged = playMore(
      decided('2026-05-04', '2026-05-06', { outcomeClass: 'REJECTED' }, '2026-09-01', '2026-09-03'),
      ['recordAppeal', bamf.litigation, { effectiveOn: '2026-09-10' }, '2026-09-10'],
      ['recordCourtOutcome', bamf.litigation, { result: 'SUIT_DISMISSED', effectiveOn: '2026-11-02' }, '2026-11-02'],
    );
    expect(refusalOf(judged, ['recordRemainRequest', bamf.litigation, { effectiveOn: '2026-11-10' }, '2026-11-10'])).toMatchObject({
      code: 'NOT_IN_REGIME',
      details: { transaction: 'recordRemainRequest', regime: 'LEGACY' },
    });
    expect(judged.record.removal).toMatchObject({ lawfulFrom: null, waitingFor: 'FINALITY' });
  });

  it('manifestly unfounded: one week after service, not before a timely urgent application is decided (§ 36 a.F.)', () => {
    const served = decided('2026-05-04', '2026-05-06', { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED' }, '2026-09-01', '2026-09-03');
    expect(served.record.removal).toEqual({ lawfulFrom: '2026-09-11', basis: 'ASYLG_36_1_OLD', waitingFor: null, departureDueOn: '2026-09-10' });
    expect(served.record.dueBy).toBe('2026-09-10');
    const applied = playMore(served, ['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-09-08' }, '2026-09-08']);
    expect(applied.record.removal).toMatchObject({ lawfulFrom: null, waitingFor: 'URGENT_APPLICATION_DECISION', basis: 'ASYLG_36_URGENT_OLD' });
    const rejected = playMore(applied, ['recordCourtOutcome', bamf.litigation, { result: 'URGENT_APPLICATION_REJECTED', effectiveOn: '2026-09-24' }, '2026-09-24']);
    expect(rejected.record.removal).toMatchObject({ lawfulFrom: '2026-09-25', basis: 'ASYLG_36_1_OLD' });
  });

  it('after the court ordered suspensive effect: 30 days after the final conclusion (§ 37 (2) a.F.)', () => {
    const ordered = playMore(
      decided('2026-05-04', '2026-05-06', { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED' }, '2026-09-01', '2026-09-03'),
      ['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-09-08' }, '2026-09-08'],
      ['recordAppeal', bamf.litigation, { effectiveOn: '2026-09-08' }, '2026-09-08'],
      ['recordCourtOutcome', bamf.litigation, { result: 'SUSPENSIVE_EFFECT_ORDERED', effectiveOn: '2026-09-24' }, '2026-09-24'],
      ['recordCourtOutcome', bamf.litigation, { result: 'APPEAL_DISMISSED', effectiveOn: '2026-11-20' }, '2026-11-20'],
    );
    expect(ordered.record.removal).toEqual({ lawfulFrom: '2026-12-22', basis: 'ASYLG_37_2_OLD', waitingFor: null, departureDueOn: '2026-12-21' });
  });
});

describe('transfer decisions', () => {
  function transferCase(registeredOn: string, lodgedOn: string, acceptedOn: string, servedOn: string): PlayedCase {
    return playCase([
      ...intake(registeredOn, lodgedOn),
      ['startResponsibilityCheck', bamf.dublin, { effectiveOn: lodgedOn }, lodgedOn],
      ['concludeResponsibilityCheck', bamf.dublin, { dublin: 'ACCEPTED', effectiveOn: acceptedOn }, acceptedOn],
      ['recordService', bamf.caseworker, { servedOn }, servedOn],
    ]);
  }

  it('no transfer within the week for the urgent application (§ 34a (3) AsylG), and only as a transfer', () => {
    // served Wednesday 2026-09-16: the week ends Wednesday 2026-09-23
    const served = transferCase('2026-07-10', '2026-07-20', '2026-09-15', '2026-09-16');
    expect(served.record).toMatchObject({ responsibilityRegime: 'AMMR', dueBy: '2026-09-23' });
    expect(served.record.removal).toEqual({ lawfulFrom: '2026-09-24', basis: 'ASYLG_34A_TRANSFER', waitingFor: null, departureDueOn: null });
    expect(refusalOf(served, transferOn('2026-09-23'))).toMatchObject({ code: 'REMOVAL_NOT_YET_LAWFUL', details: { lawfulFrom: '2026-09-24' } });
    expect(refusalOf(served, removalOn('2026-09-30'))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(playMore(served, transferOn('2026-09-24')).record).toMatchObject({ state: 'LEFT', departureMode: 'DUBLIN_TRANSFER' });
  });

  it('a Dublin III case cites the old § 34a (2)', () => {
    const served = transferCase('2026-05-04', '2026-05-06', '2026-09-15', '2026-09-16');
    expect(served.record.removal).toMatchObject({ lawfulFrom: '2026-09-24', basis: 'ASYLG_34A_TRANSFER_OLD' });
  });
});
