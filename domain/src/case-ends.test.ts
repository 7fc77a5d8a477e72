/**
 * How every case ends, as scenarios with literal dates: each expected day below was counted by hand
 * from the statute (calendar, §§ 187, 188 BGB, § 222 (2) ZPO, nationwide holidays), not derived
 * from the table. Weekdays are noted where a period ends on one.
 */
import type { Actor } from './authorities';
import { playCase, playMore, refusalOf, type PlayedCase, type PlayedStep } from './test-support/recorded-history';
import { abh, bamf, intake, lds } from './test-support/scenario-actors';
import type { TransitionType } from './transitions';

const on = (type: TransitionType, who: Actor, day: string, fields: Record<string, unknown> = {}): PlayedStep => [type, who, { effectiveOn: day, ...fields }, day];
const ask = (type: TransitionType, who: Actor, day: string, fields: Record<string, unknown> = {}): [TransitionType, Actor, Record<string, unknown>, string] => [
  type,
  who,
  { effectiveOn: day, ...fields },
  day,
];
const served = (day: string): PlayedStep => ['recordService', bamf.caseworker, { servedOn: day }, day];

/** A GEAS case (lodged 8 July 2026) rejected on 3 August, served Wednesday 5 August, final on 20 August, obliged to leave, tolerated. */
function toleratedGeasCase(): PlayedCase {
  return playCase([
    ...intake('2026-07-06', '2026-07-08'),
    on('recordDecision', bamf.caseworker, '2026-08-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }),
    served('2026-08-05'),
    on('markFinal', bamf.caseworker, '2026-08-20'),
    on('declareDepartureRequired', abh, '2026-08-21'),
    on('recordToleration', abh, '2026-09-21'),
  ]);
}

describe('the withdrawal of the application and the departure obligation that follows', () => {
  // LEGACY: lodged Wednesday 4 March 2026; withdrawn Monday 13 April, served Tuesday 14 April
  const withdrawn = () =>
    playCase([...intake('2026-03-02', '2026-03-04'), on('recordWithdrawal', bamf.caseworker, '2026-04-13'), served('2026-04-14')]);

  it('LEGACY: one week to leave after service (§ 38 (2) a.F.): due Tuesday 21 April, a removal lawful from 22 April', () => {
    const { record } = withdrawn();
    expect(record).toMatchObject({ procedureRegime: 'LEGACY', outcomeClass: 'DISCONTINUED' });
    expect(record.removal).toEqual({ lawfulFrom: '2026-04-22', basis: 'ASYLG_38_2_OLD', waitingFor: null, departureDueOn: '2026-04-21' });
    expect(record.dates.discontinuedOn).toBeNull();
  });

  it('LEGACY: the Ausländerbehörde declares the obligation with that week, not a shorter one; a removal on the last day is refused', () => {
    const declared = playMore(withdrawn(), on('declareDepartureRequired', abh, '2026-04-15'));
    expect(declared.record).toMatchObject({ state: 'DEPARTURE_REQUIRED', dueBy: '2026-04-21' });
    expect(refusalOf(withdrawn(), ask('declareDepartureRequired', abh, '2026-04-15', { dueBy: '2026-04-20' }))).toEqual({
      code: 'DEPARTURE_PERIOD_TOO_SHORT',
      details: { earliestDueBy: '2026-04-21', basis: 'ASYLG_38_2_OLD' },
    });
    expect(refusalOf(declared, ask('recordDeparture', lds.zab, '2026-04-21', { mode: 'REMOVAL' }))).toMatchObject({ code: 'REMOVAL_NOT_YET_LAWFUL' });
    expect(playMore(declared, on('recordDeparture', lds.zab, '2026-04-22', { mode: 'REMOVAL' })).record.state).toBe('LEFT');
  });

  it('LEGACY: an explicit withdrawal is not resumed (§ 33 (5) a.F. is for a discontinuation only)', () => {
    expect(refusalOf(withdrawn(), ask('resumeProcedure', bamf.caseworker, '2026-05-04'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('GEAS: an implicit withdrawal (Art. 41 APR) has no suspensive suit (Art. 68 (3) (c)): two weeks to sue, then one week to leave (§ 38 (1))', () => {
    // lodged 8 July 2026; discontinued Monday 24 August, served Wednesday 26 August; suit period ends Wednesday 9 September,
    // the week to leave on Wednesday 16 September
    const { record } = playCase([
      ...intake('2026-07-06', '2026-07-08'),
      on('recordDiscontinuation', bamf.caseworker, '2026-08-24'),
      served('2026-08-26'),
    ]);
    expect(record).toMatchObject({ procedureRegime: 'GEAS', state: 'SERVED', outcomeClass: 'DISCONTINUED', dueBy: '2026-09-09' });
    expect(record.dates.discontinuedOn).toBe('2026-08-24');
    expect(record.deadlines.map(({ kind }) => kind)).not.toContain('RESUMPTION');
    expect(record.removal).toEqual({ lawfulFrom: '2026-09-17', basis: 'ASYLG_38_1_WEEK', waitingFor: null, departureDueOn: '2026-09-16' });
  });
});

describe('resumption after a discontinuation (§ 33 (5) AsylG a.F.)', () => {
  // LEGACY: lodged 4 February 2026, hearing missed 2 March, discontinued Tuesday 10 March, served 12 March;
  // nine months end on Thursday 10 December 2026
  const discontinued = () =>
    playCase([
      ...intake('2026-02-02', '2026-02-04'),
      ['scheduleHearing', bamf.caseworker, { dueBy: '2026-03-02' }, '2026-02-10'],
      on('recordHearingMissed', bamf.caseworker, '2026-03-02'),
      on('recordDiscontinuation', bamf.caseworker, '2026-03-10'),
      served('2026-03-12'),
    ]);

  it('shows the nine months as a running deadline (RESUMPTION) until the procedure is resumed', () => {
    expect(discontinued().record.deadlines).toContainEqual({ kind: 'RESUMPTION', dueOn: '2026-12-10', basis: 'ASYLG_33_5_OLD' });
    const resumed = playMore(discontinued(), on('resumeProcedure', bamf.caseworker, '2026-06-01'));
    expect(resumed.record.deadlines.map(({ kind }) => kind)).not.toContain('RESUMPTION');
  });

  it('resumes on an application made on the last day of the nine months, Thursday 10 December 2026: the examination continues', () => {
    const { record } = playMore(discontinued(), on('resumeProcedure', bamf.caseworker, '2026-12-10'));
    expect(record).toMatchObject({ state: 'APPLICATION_LODGED', outcomeClass: null, servedOn: null, procedureRegime: 'LEGACY', holds: [] });
    expect(record.dates).toMatchObject({ resumedOn: '2026-12-10', discontinuedOn: null, decidedOn: null, lodgedOn: '2026-02-04' });
    expect(record.removal.waitingFor).toBe('ENFORCEABLE_DECISION');
  });

  it('refuses an application made one day later, Friday 11 December 2026: it is a follow-up application', () => {
    expect(refusalOf(discontinued(), ask('resumeProcedure', bamf.caseworker, '2026-12-11'))).toEqual({
      code: 'PERIOD_EXPIRED',
      details: { periodEndedOn: '2026-12-10', basis: 'ASYLG_33_5_OLD' },
    });
  });

  it('resumes even after the obligation to leave was declared, and only once', () => {
    const declared = playMore(discontinued(), on('declareDepartureRequired', abh, '2026-03-20'));
    expect(declared.record.state).toBe('DEPARTURE_REQUIRED');
    const resumed = playMore(declared, on('resumeProcedure', bamf.caseworker, '2026-06-01'));
    expect(resumed.record.state).toBe('APPLICATION_LODGED');
    const again = playMore(resumed, on('recordDiscontinuation', bamf.caseworker, '2026-09-01'), served('2026-09-03'));
    expect(refusalOf(again, ask('resumeProcedure', bamf.caseworker, '2026-10-01'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('does not exist in the reformed procedure: a later application is a subsequent application (NOT_IN_REGIME)', () => {
    const geas = playCase([...intake('2026-07-06', '2026-07-08'), on('recordDiscontinuation', bamf.caseworker, '2026-08-24'), served('2026-08-26')]);
    expect(refusalOf(geas, ask('resumeProcedure', bamf.caseworker, '2026-09-01'))).toMatchObject({
      code: 'NOT_IN_REGIME',
      details: { transaction: 'resumeProcedure', regime: 'GEAS' },
    });
  });
});

describe('unknown whereabouts (§ 66 AsylG) and return', () => {
  it('records the alert and the return without changing the state; BAMF may find an implicit withdrawal meanwhile', () => {
    const lodged = playCase(intake('2026-07-06', '2026-07-08'));
    const gone = playMore(lodged, on('recordWhereaboutsUnknown', lds.reception, '2026-08-03'));
    expect(gone.record).toMatchObject({ state: 'APPLICATION_LODGED', dates: { whereaboutsUnknownSince: '2026-08-03' } });
    expect(refusalOf(gone, ask('recordWhereaboutsUnknown', abh, '2026-08-04'))).toMatchObject({ code: 'INVALID_TRANSITION' });
    const discontinued = playMore(gone, on('recordDiscontinuation', bamf.caseworker, '2026-08-24'));
    const back = playMore(discontinued, on('recordReappearance', abh, '2026-09-01'));
    expect(back.record).toMatchObject({ state: 'DECIDED', outcomeClass: 'DISCONTINUED', dates: { whereaboutsUnknownSince: null } });
    expect(refusalOf(back, ask('recordReappearance', abh, '2026-09-02'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('refuses a return dated before the whereabouts became unknown', () => {
    const gone = playMore(playCase(intake('2026-07-06', '2026-07-08')), on('recordWhereaboutsUnknown', lds.reception, '2026-08-03'));
    expect(refusalOf(gone, ask('recordReappearance', abh, '2026-08-02'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});

describe('a tolerated person: title or death', () => {
  it('the tolerated case: final 20 August 2026, 30 days to leave from the end of the suit period (Wednesday 19 August): due Friday 18 September', () => {
    const { record } = toleratedGeasCase();
    expect(record).toMatchObject({ state: 'TOLERATED', holds: ['REMOVAL_SUSPENDED_DULDUNG'], dates: { finalOn: '2026-08-20' } });
  });

  it('a residence title after the toleration (§§ 25a, 25b, 104c AufenthG) lifts the toleration; the case then closes', () => {
    const titled = playMore(toleratedGeasCase(), on('recordTitleAfterToleration', abh, '2028-09-01'));
    expect(titled.record).toMatchObject({ state: 'TITLE_ISSUED', holds: [], outcomeClass: 'REJECTED', dueBy: null });
    const closed = playMore(titled, on('closeCase', abh, '2028-09-04'));
    // retention: ten years from finality (20 August 2026), not from the closing
    expect(closed.record).toMatchObject({ state: 'CLOSED', retainUntil: '2036-08-20', dates: { closedOn: '2028-09-04' } });
  });

  it('no title after toleration for a person merely obliged to leave', () => {
    const declared = playCase([
      ...intake('2026-07-06', '2026-07-08'),
      on('recordDecision', bamf.caseworker, '2026-08-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }),
      served('2026-08-05'),
      on('markFinal', bamf.caseworker, '2026-08-20'),
      on('declareDepartureRequired', abh, '2026-08-21'),
    ]);
    expect(declared.record.dueBy).toBe('2026-09-18');
    expect(refusalOf(declared, ask('recordTitleAfterToleration', abh, '2026-09-01'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('death closes the case from TOLERATED: holds go, the retention runs from finality', () => {
    const { record } = playMore(toleratedGeasCase(), on('recordDeath', abh, '2027-03-01'));
    expect(record).toMatchObject({ state: 'CLOSED', holds: [], dueBy: null, retainUntil: '2036-08-20', dates: { closedOn: '2027-03-01' } });
  });

  it('death before any final decision: the retention runs from the closing day', () => {
    const { record } = playMore(playCase(intake('2026-07-06', '2026-07-08')), on('recordDeath', lds.reception, '2026-07-20'));
    expect(record).toMatchObject({ state: 'CLOSED', retainUntil: '2036-07-20', dates: { finalOn: null, closedOn: '2026-07-20' } });
  });

  it('BAMF does not record a death (the Land or the Ausländerbehörde does)', () => {
    expect(refusalOf(toleratedGeasCase(), ask('recordDeath', bamf.caseworker, '2027-03-01'))).toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });
});

describe('withdrawal of protection reopens the case', () => {
  // GEAS: protection decided 3 August 2026, served 5 August, final 20 August, title 1 September
  const titled = () =>
    playCase([
      ...intake('2026-07-06', '2026-07-08'),
      on('recordDecision', bamf.caseworker, '2026-08-03', { outcomeClass: 'PROTECTION', track: 'REGULAR' }),
      served('2026-08-05'),
      on('markFinal', bamf.caseworker, '2026-08-20'),
      on('recordTitleIssued', abh, '2026-09-01'),
    ]);

  it('reopens as a decision PROTECTION_WITHDRAWN; served Wednesday 3 March 2027 its suit period ends Wednesday 17 March', () => {
    const withdrawn = playMore(titled(), on('withdrawProtection', bamf.caseworker, '2027-03-01'), served('2027-03-03'));
    expect(withdrawn.record).toMatchObject({
      state: 'SERVED',
      outcomeClass: 'PROTECTION_WITHDRAWN',
      dueBy: '2027-03-17',
      retainUntil: null,
      dates: { decidedOn: '2027-03-01', finalOn: null },
    });
    expect(withdrawn.record.removal).toEqual({ lawfulFrom: null, basis: 'ASYLG_73B_WITHDRAWAL', waitingFor: 'FINALITY', departureDueOn: null });
    expect(refusalOf(withdrawn, ask('declareDepartureRequired', abh, '2027-03-04'))).toMatchObject({
      code: 'DEPARTURE_NOT_YET_REQUIRED',
      details: { waitingFor: 'FINALITY', basis: 'ASYLG_73B_WITHDRAWAL' },
    });
  });

  it('suit, dismissal served Tuesday 1 June 2027, final after the month for leave (Thursday 1 July): 30 days end Sunday 1 August, so Monday 2 August', () => {
    const final = playMore(
      titled(),
      on('withdrawProtection', bamf.caseworker, '2027-03-01'),
      served('2027-03-03'),
      on('recordAppeal', bamf.litigation, '2027-03-10'),
      on('recordCourtOutcome', bamf.litigation, '2027-06-01', { result: 'SUIT_DISMISSED' }),
    );
    expect(final.record.state).toBe('UNDER_APPEAL');
    expect(refusalOf(final, ask('markFinal', bamf.litigation, '2027-07-01'))).toMatchObject({ code: 'FINALITY_PREMATURE' });
    const done = playMore(final, on('markFinal', bamf.litigation, '2027-07-02'));
    expect(done.record).toMatchObject({ state: 'FINAL', retainUntil: '2037-07-02' });
    expect(done.record.removal).toEqual({ lawfulFrom: '2027-08-03', basis: 'ASYLG_73B_WITHDRAWAL', waitingFor: null, departureDueOn: '2027-08-02' });
    const declared = playMore(done, on('declareDepartureRequired', abh, '2027-07-05'));
    expect(declared.record).toMatchObject({ state: 'DEPARTURE_REQUIRED', dueBy: '2027-08-02' });
  });

  it('a final withdrawal may also simply close the case (the person keeps a title on another ground: § 52 AufenthG is the Ausländerbehörde\'s)', () => {
    const done = playMore(titled(), on('withdrawProtection', bamf.caseworker, '2027-03-01'), served('2027-03-03'), on('markFinal', bamf.caseworker, '2027-03-18'));
    expect(playMore(done, on('closeCase', abh, '2027-04-01')).record).toMatchObject({ state: 'CLOSED', retainUntil: '2037-03-18' });
  });

  it('LEGACY: the old basis; withdrawn only where protection was granted', () => {
    const legacy = playCase([
      ...intake('2026-03-02', '2026-03-04'),
      on('recordDecision', bamf.caseworker, '2026-04-13', { outcomeClass: 'PROTECTION' }),
      served('2026-04-14'),
      on('markFinal', bamf.caseworker, '2026-04-29'),
      on('withdrawProtection', bamf.caseworker, '2026-11-02'),
    ]);
    expect(legacy.record).toMatchObject({ state: 'DECIDED', outcomeClass: 'PROTECTION_WITHDRAWN', procedureRegime: 'LEGACY' });
    const servedLegacy = playMore(legacy, served('2026-11-04'));
    expect(servedLegacy.record.removal).toMatchObject({ basis: 'ASYLG_73_WITHDRAWAL_OLD', waitingFor: 'FINALITY' });
    const rejected = playCase([
      ...intake('2026-07-06', '2026-07-08'),
      on('recordDecision', bamf.caseworker, '2026-08-03', { outcomeClass: 'REJECTED', track: 'REGULAR' }),
      served('2026-08-05'),
      on('markFinal', bamf.caseworker, '2026-08-20'),
    ]);
    expect(refusalOf(rejected, ask('withdrawProtection', bamf.caseworker, '2026-09-01'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});
