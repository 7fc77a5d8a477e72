import type { Actor } from './authorities';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { decideTransition, parseTransitionInput, type TransitionOutcome } from './decide-transition';
import { actor, CASE_REF, caseIn, contextFor, DIRECTORY, finalSince, FIXTURES, requestId, SALT, TODAY } from './test-support/fixtures';
import type { TransitionType } from './transitions';
import { DEPARTURE_MODES, PRE_FINAL_STATES, CASE_STATES } from './vocabulary';

const bamf = {
  registration: actor('BAMF_REGISTRATION', 'FEDERAL'),
  caseworker: actor('BAMF_CASEWORKER', 'FEDERAL'),
  dublin: actor('BAMF_DUBLIN', 'FEDERAL'),
  litigation: actor('BAMF_LITIGATION', 'FEDERAL'),
  admin: actor('ADMIN', 'FEDERAL'),
};
const lds = {
  reception: actor('LAND_RECEPTION', 'LAND'),
  distribution: actor('LAND_DISTRIBUTION', 'LAND'),
  zab: actor('LAND_ZAB', 'LAND'),
};
const abh = actor('ABH', 'ABH');
/** A case the Ausländerbehörde is responsible for. */
const abhCase = (state: CaseRecord['state'], overrides: Partial<CaseRecord> = {}) => caseIn(state, { responsible: 'ABHMSP', ...overrides });

/**
 * Runs a sequence of steps from no case, returning every outcome. Each step is recorded on the day
 * it says something happened (effectiveOn or servedOn), or on the day of the step before.
 */
function run(steps: [TransitionType, Actor, Record<string, unknown>][]): TransitionOutcome[] {
  let current: CaseRecord | undefined;
  let today = TODAY;
  return steps.map(([type, who, fields], index) => {
    const day = fields['effectiveOn'] ?? fields['servedOn'];
    if (typeof day === 'string') today = day;
    const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(index + 1), ...fields });
    const outcome = decideTransition(type, current, input, contextFor(who, { txId: index.toString(16).padStart(64, '0'), today }));
    current = outcome.record;
    return outcome;
  });
}

function codeOf(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    if (error instanceof ChaincodeError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

const on = { effectiveOn: '2026-11-20' };
const untilFinal: [TransitionType, Actor, Record<string, unknown>][] = [
  ['registerCase', lds.reception, { procedureKind: 'ERSTANTRAG', ...on }],
  ['recordDistribution', bamf.registration, { landCode: 'DE-SN', ...on }],
  ['confirmArrival', lds.reception, on],
  ['lodgeApplication', bamf.caseworker, on],
  ['scheduleHearing', bamf.caseworker, { dueBy: '2026-12-01' }],
  ['recordHearingHeld', bamf.caseworker, on],
  ['allocateToMunicipality', lds.distribution, { ...on, responsible: 'ABHMSP' }],
];

describe('the whole process', () => {
  it('runs from registration to a residence title and closure', () => {
    const outcomes = run([
      ...untilFinal,
      ['recordDecision', bamf.caseworker, { ...on, outcomeClass: 'PROTECTION', track: 'REGULAR' }],
      // served on a Saturday: the two weeks end on Saturday 2026-12-05, so with Monday 2026-12-07
      ['recordService', abh, { servedOn: '2026-11-21' }],
      ['markFinal', bamf.caseworker, { effectiveOn: '2026-12-08' }],
      ['recordTitleIssued', abh, { effectiveOn: '2026-12-09' }],
      ['closeCase', abh, { effectiveOn: '2026-12-10' }],
    ]);
    expect(outcomes.map((outcome) => outcome.record.state)).toEqual([
      'REGISTERED',
      'DISTRIBUTED',
      'ARRIVED',
      'APPLICATION_LODGED',
      'HEARING_SCHEDULED',
      'HEARING_HELD',
      'HEARING_HELD',
      'DECIDED',
      'SERVED',
      'FINAL',
      'TITLE_ISSUED',
      'CLOSED',
    ]);
    const last = outcomes.at(-1)!.record;
    expect(last).toMatchObject({ seq: 12, responsible: 'ABHMSP', placement: 'MUNICIPALITY', retainUntil: '2036-12-08' });
    expect(last.participants).toEqual(['ABHMSP', 'BAMFMSP', 'LDSMSP']);
    expect(outcomes[0]!.event.targets).toEqual(['BAMFMSP']);
    expect(outcomes[8]!.record.dueBy).toBe('2026-12-07');
    expect(outcomes[3]!.record).toMatchObject({ procedureRegime: 'GEAS', responsibilityRegime: 'AMMR' });
  });

  it('runs from a rejection through toleration to departure', () => {
    const outcomes = run([
      ...untilFinal,
      ['recordDecision', bamf.caseworker, { ...on, outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED' }],
      ['recordService', bamf.caseworker, { servedOn: '2026-11-23' }],
      ['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-11-25' }],
      ['recordAppeal', bamf.litigation, { effectiveOn: '2026-11-25' }],
      ['recordCourtOutcome', bamf.litigation, { effectiveOn: '2026-12-02', result: 'URGENT_APPLICATION_REJECTED' }],
      ['declareDepartureRequired', abh, { effectiveOn: '2026-12-03' }],
      ['recordToleration', abh, { effectiveOn: '2026-12-04' }],
      ['endToleration', abh, { effectiveOn: '2026-12-11' }],
      ['recordDeparture', lds.zab, { effectiveOn: '2026-12-14', mode: 'REMOVAL' }],
      ['closeCase', abh, { effectiveOn: '2026-12-15' }],
    ]);
    // accelerated and manifestly unfounded: one week to sue (§ 74 (1) sentence 3 AsylG, Art. 67 (7) (a) APR)
    expect(outcomes[8]!.record.dueBy).toBe('2026-11-30');
    expect(outcomes[9]!.record.holds).toEqual(['REMOVAL_SUSPENDED_URGENT_APPLICATION']);
    expect(outcomes[9]!.record.removal).toMatchObject({ lawfulFrom: null, waitingFor: 'URGENT_APPLICATION_DECISION' });
    expect(outcomes[10]!.record.state).toBe('UNDER_APPEAL');
    // § 38 (1) sentence 3: the week to leave starts with service of the rejection on Wednesday 2026-12-02
    expect(outcomes[11]!.record).toMatchObject({ holds: [], removal: { lawfulFrom: '2026-12-10', departureDueOn: '2026-12-09', basis: 'ASYLG_38_1_WEEK' } });
    // enforceable is not final: the obligation to leave is declared while the suit is pending
    expect(outcomes[12]!.record).toMatchObject({ state: 'DEPARTURE_REQUIRED', dueBy: '2026-12-09' });
    expect(outcomes[12]!.record.dates.finalOn).toBeNull();
    expect(outcomes[13]!.record.holds).toEqual(['REMOVAL_SUSPENDED_DULDUNG']);
    expect(outcomes[15]!.record).toMatchObject({ state: 'LEFT', departureMode: 'REMOVAL', holds: [] });
    expect(outcomes.at(-1)!.record.state).toBe('CLOSED');
  });

  it('ends a Dublin case with a transfer decision (AMMR, not inadmissibility) and a transfer', () => {
    const outcomes = run([
      ...untilFinal.slice(0, 4),
      ['startResponsibilityCheck', bamf.dublin, on],
      ['recordDublinRequest', bamf.dublin, { ...on, kind: 'TAKE_CHARGE_REQUEST' }],
      ['concludeResponsibilityCheck', bamf.dublin, { ...on, dublin: 'ACCEPTED' }],
      ['recordService', bamf.caseworker, { servedOn: '2026-11-20' }],
      ['recordDeparture', lds.zab, { effectiveOn: '2026-11-30', mode: 'DUBLIN_TRANSFER' }],
      ['closeCase', bamf.caseworker, { effectiveOn: '2026-12-01' }],
    ]);
    // request Friday 2026-11-20: one month to reply ends Sunday 2026-12-20, so Monday 2026-12-21 (Art. 40 (1) AMMR)
    expect(outcomes[5]!.record).toMatchObject({ dublin: 'REQUEST_SENT', dueBy: '2026-12-21' });
    expect(outcomes[6]!.record).toMatchObject({ state: 'DECIDED', outcomeClass: 'TRANSFER', dublin: 'ACCEPTED' });
    // served Friday 2026-11-20: the week for the urgent application ends Friday 2026-11-27 (§ 34a (3) AsylG)
    expect(outcomes[7]!.record.removal).toEqual({ lawfulFrom: '2026-11-28', basis: 'ASYLG_34A_TRANSFER', waitingFor: null, departureDueOn: null });
    // no final decision recorded: the retention runs from the closing
    expect(outcomes.at(-1)!.record).toMatchObject({ state: 'CLOSED', retainUntil: '2036-12-01' });
  });

  it('returns to the national procedure when the other state refuses', () => {
    const outcomes = run([
      ...untilFinal.slice(0, 4),
      ['startResponsibilityCheck', bamf.dublin, on],
      ['concludeResponsibilityCheck', bamf.dublin, { ...on, dublin: 'REJECTED' }],
    ]);
    expect(outcomes.at(-1)!.record).toMatchObject({ state: 'APPLICATION_LODGED', dublin: 'REJECTED' });
  });

  it('moves a missed hearing to a new date and keeps the state', () => {
    const outcomes = run([
      ...untilFinal.slice(0, 5),
      ['recordHearingMissed', bamf.caseworker, on],
      ['scheduleHearing', bamf.caseworker, { dueBy: '2026-12-15' }],
    ]);
    expect(outcomes[5]!.record).toMatchObject({ state: 'HEARING_SCHEDULED', hearing: 'MISSED' });
    expect(outcomes[6]!.record).toMatchObject({ state: 'HEARING_SCHEDULED', hearing: 'SCHEDULED', dueBy: '2026-12-15' });
  });

  it('annuls a decision in court and sends it back to DECIDED with the new outcome', () => {
    const current = caseIn('UNDER_APPEAL', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_COURT_ORDER'] });
    const input = parseTransitionInput('recordCourtOutcome', {
      caseRef: CASE_REF,
      requestId: requestId(),
      ...on,
      result: 'DECISION_ANNULLED',
      outcomeClass: 'PROTECTION',
    });
    const outcome = decideTransition('recordCourtOutcome', current, input, contextFor(bamf.litigation));
    expect(outcome.record).toMatchObject({ state: 'DECIDED', outcomeClass: 'PROTECTION', holds: [], servedOn: null });
  });

  it('replaces an urgent-application hold by a court-order hold when suspensive effect is ordered', () => {
    const current = caseIn('UNDER_APPEAL', { holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
    const input = parseTransitionInput('recordCourtOutcome', {
      caseRef: CASE_REF,
      requestId: requestId(),
      ...on,
      result: 'SUSPENSIVE_EFFECT_ORDERED',
    });
    const outcome = decideTransition('recordCourtOutcome', current, input, contextFor(bamf.litigation));
    expect(outcome.record.holds).toEqual(['REMOVAL_SUSPENDED_COURT_ORDER']);
    expect(outcome.record.state).toBe('UNDER_APPEAL');
  });

  it('dismisses an appeal into FINAL and starts retention', () => {
    const current = caseIn('UNDER_APPEAL', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_COURT_ORDER'] });
    const input = parseTransitionInput('recordCourtOutcome', { caseRef: CASE_REF, requestId: requestId(), ...on, result: 'APPEAL_DISMISSED' });
    const outcome = decideTransition('recordCourtOutcome', current, input, contextFor(bamf.litigation));
    expect(outcome.record).toMatchObject({ state: 'FINAL', holds: [], retainUntil: '2036-11-20' });
  });
});

describe('the removal-hold invariant', () => {
  const holds = ['REMOVAL_SUSPENDED_URGENT_APPLICATION', 'REMOVAL_SUSPENDED_COURT_ORDER', 'REMOVAL_SUSPENDED_DULDUNG'] as const;
  const enforced = DEPARTURE_MODES.filter((mode) => mode !== 'VOLUNTARY');
  const cases = holds.flatMap((hold) => enforced.flatMap((mode) => CASE_STATES.map((state) => [hold, mode, state] as const)));

  it.each(cases)('with %s, %s is refused in state %s (hold check before state check)', (hold, mode, state) => {
    const current = caseIn(state, { outcomeClass: 'INADMISSIBLE', holds: [hold], responsible: 'ABHMSP' });
    const input = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode });
    expect(codeOf(() => decideTransition('recordDeparture', current, input, contextFor(abh)))).toBe('REMOVAL_HOLD_ACTIVE');
  });

  it('still allows a voluntary departure under a hold', () => {
    const current = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_COURT_ORDER'], responsible: 'ABHMSP' });
    const input = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode: 'VOLUNTARY' });
    expect(decideTransition('recordDeparture', current, input, contextFor(abh)).record.state).toBe('LEFT');
  });

  it('allows removal once the hold is gone', () => {
    // served Thursday 2026-10-01, no suit: two weeks to sue (to 2026-10-15), then 30 days to leave (§ 38 (2)
    // AsylG), which end on Saturday 2026-11-14 and so with Monday 2026-11-16: lawful from 2026-11-17
    const current = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', servedOn: '2026-10-01' });
    expect(current.removal.lawfulFrom).toBe('2026-11-17');
    const input = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode: 'REMOVAL' });
    expect(decideTransition('recordDeparture', current, input, contextFor(lds.zab)).record.departureMode).toBe('REMOVAL');
  });
});

describe('guards and preconditions', () => {
  function attempt(type: TransitionType, current: CaseRecord | undefined, fields: Record<string, unknown>, who: Actor, extra = {}) {
    return codeOf(() =>
      decideTransition(type, current, parseTransitionInput(type, { ...FIXTURES[type].input, ...fields }), contextFor(who, extra)),
    );
  }

  it('refuses a title after a negative decision, and departure after a positive one', () => {
    expect(attempt('recordTitleIssued', abhCase('FINAL', { outcomeClass: 'REJECTED' }), {}, abh)).toBe('INVALID_TRANSITION');
    expect(attempt('declareDepartureRequired', abhCase('FINAL', { outcomeClass: 'PROTECTION' }), {}, abh)).toBe('INVALID_TRANSITION');
    expect(attempt('recordDeparture', abhCase('DECIDED', { outcomeClass: 'REJECTED' }), { mode: 'REMOVAL' }, abh)).toBe('INVALID_TRANSITION');
    expect(attempt('recordDeparture', abhCase('FINAL', { outcomeClass: 'PROTECTION' }), { mode: 'REMOVAL' }, abh)).toBe('INVALID_TRANSITION');
    expect(attempt('closeCase', abhCase('FINAL', { outcomeClass: 'REJECTED' }), {}, abh)).toBe('INVALID_TRANSITION');
  });

  it('closes a discontinued case straight from FINAL', () => {
    expect(attempt('closeCase', abhCase('FINAL', { outcomeClass: 'DISCONTINUED' }), {}, abh)).toBe('NO_ERROR');
  });

  it('allows withdrawal in every pre-final state and never after', () => {
    for (const state of CASE_STATES) {
      const expected = PRE_FINAL_STATES.includes(state) ? 'NO_ERROR' : 'INVALID_TRANSITION';
      expect([state, attempt('recordWithdrawal', caseIn(state), {}, bamf.caseworker)]).toEqual([state, expected]);
    }
  });

  it('refuses a new case under an existing caseRef and a transition on an unknown one', () => {
    expect(attempt('registerCase', caseIn('REGISTERED'), {}, lds.reception)).toBe('CASE_EXISTS');
    expect(attempt('confirmArrival', undefined, {}, lds.reception)).toBe('CASE_NOT_FOUND');
  });

  it('reports a stale expectedSeq as VERSION_CONFLICT and accepts the current one', () => {
    const current = caseIn('DISTRIBUTED', { seq: 7 });
    expect(attempt('confirmArrival', current, { expectedSeq: 6 }, lds.reception)).toBe('VERSION_CONFLICT');
    expect(attempt('confirmArrival', current, { expectedSeq: 7 }, lds.reception)).toBe('NO_ERROR');
  });

  it('refuses dates of things done that lie after the transaction day, but accepts future deadlines', () => {
    expect(attempt('confirmArrival', caseIn('DISTRIBUTED'), { effectiveOn: '2026-11-26' }, lds.reception)).toBe('DATE_IN_FUTURE');
    expect(attempt('confirmArrival', caseIn('DISTRIBUTED'), { effectiveOn: TODAY }, lds.reception)).toBe('NO_ERROR');
    expect(attempt('recordService', abhCase('DECIDED'), { servedOn: '2027-01-01' }, abh)).toBe('DATE_IN_FUTURE');
    expect(attempt('scheduleHearing', caseIn('APPLICATION_LODGED'), { dueBy: '2027-03-01' }, bamf.caseworker)).toBe('NO_ERROR');
  });

  it('moves responsibility only to a fitting authority of the same Land', () => {
    const current = caseIn('ARRIVED');
    expect(attempt('allocateToMunicipality', current, { responsible: 'LBYMSP' }, lds.distribution)).toBe('VALIDATION_FAILED');
    expect(attempt('allocateToMunicipality', current, { responsible: 'LDSMSP' }, lds.distribution)).toBe('VALIDATION_FAILED');
    expect(attempt('transferResponsibility', current, { responsible: 'BAMFMSP' }, lds.zab)).toBe('VALIDATION_FAILED');
    expect(attempt('transferResponsibility', current, { responsible: 'UNKNOWNMSP' }, lds.zab)).toBe('VALIDATION_FAILED');
  });

  it('names the previous and new responsible org and BAMF on a transfer', () => {
    const outcome = decideTransition(
      'transferResponsibility',
      FIXTURES.transferResponsibility.current,
      parseTransitionInput('transferResponsibility', FIXTURES.transferResponsibility.input),
      contextFor(abh),
    );
    expect(outcome.event.targets).toEqual(['BAMFMSP', 'LDSMSP']);
    expect(outcome.record.responsible).toBe('LDSMSP');
    expect(outcome.responsibleChanged).toBe(true);
  });

  it('distributes to the Land authority of the target Land, and needs one to exist', () => {
    const outcome = decideTransition(
      'recordDistribution',
      caseIn('REGISTERED', { responsible: 'BAMFMSP', landCode: null }),
      parseTransitionInput('recordDistribution', { ...FIXTURES.recordDistribution.input, landCode: 'DE-BY' }),
      contextFor(bamf.registration),
    );
    expect(outcome.record).toMatchObject({ landCode: 'DE-BY', responsible: 'LBYMSP' });
    expect(outcome.event.targets).toEqual(['LBYMSP']);
    expect(attempt('recordDistribution', caseIn('REGISTERED'), { landCode: 'DE-HH' }, bamf.registration)).toBe('VALIDATION_FAILED');
    expect(attempt('recordDistribution', caseIn('REGISTERED'), { landCode: 'DE-BY', responsible: 'LDSMSP' }, bamf.registration)).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('erasure', () => {
  const input = (ground: string) => parseTransitionInput('eraseCase', { caseRef: CASE_REF, requestId: requestId(), ground });

  it('collects attestations of participants only', () => {
    const closed = FIXTURES.attestMappingDeleted.current!;
    const attest = (who: Actor, current: CaseRecord) =>
      decideTransition('attestMappingDeleted', current, parseTransitionInput('attestMappingDeleted', FIXTURES.attestMappingDeleted.input), contextFor(who)).record;
    const once = attest(abh, closed);
    const twice = attest(abh, once);
    expect(twice.erasureAttestations).toEqual(['ABHMSP']);
    expect(twice.state).toBe('CLOSED');
    expect(codeOf(() => attest({ mspId: 'LBYMSP', role: 'ADMIN', kind: 'LAND', landCode: 'DE-BY' }, { ...closed, landCode: null }))).toBe(
      'FORBIDDEN_ORG',
    );
  });

  it('writes a tombstone and asks for purge once retention ended and everyone attested', () => {
    const outcome = decideTransition('eraseCase', FIXTURES.eraseCase.current, input('RETENTION_EXPIRED'), contextFor(bamf.admin));
    expect(outcome.record).toMatchObject({ state: 'ERASED', outcomeClass: null, effectiveOn: null, docRef: null, holds: [] });
    expect(outcome.purgePrivateData).toBe(true);
    expect(outcome.event.targets).toEqual(['AUDMSP']);
  });

  it('waits for retention unless governance decided, and always for every attestation', () => {
    const early = { ...FIXTURES.eraseCase.current!, dates: finalSince('2026-01-01') };
    expect(codeOf(() => decideTransition('eraseCase', early, input('RETENTION_EXPIRED'), contextFor(bamf.admin)))).toBe('ERASURE_NOT_ALLOWED');
    expect(decideTransition('eraseCase', early, input('GOVERNANCE_DECISION'), contextFor(bamf.admin)).record.state).toBe('ERASED');
    const missing = { ...FIXTURES.eraseCase.current!, erasureAttestations: ['BAMFMSP'] };
    expect(codeOf(() => decideTransition('eraseCase', missing, input('GOVERNANCE_DECISION'), contextFor(bamf.admin)))).toBe(
      'ERASURE_NOT_ALLOWED',
    );
  });

  it('is reserved to an ADMIN of the federal office', () => {
    const ldsAdmin = actor('ADMIN', 'LAND');
    expect(codeOf(() => decideTransition('eraseCase', FIXTURES.eraseCase.current, input('RETENTION_EXPIRED'), contextFor(ldsAdmin)))).toBe(
      'FORBIDDEN_ROLE',
    );
  });
});

describe('private fields', () => {
  const decide = (type: TransitionType, privateInput: unknown, current = FIXTURES[type].current) =>
    decideTransition(type, current, parseTransitionInput(type, FIXTURES[type].input), contextFor(bamf.caseworker, { privateInput }));

  it('accepts the fields a transition declares', () => {
    expect(decide('recordDecision', { protectionType: 'PAR3', salt: SALT }).privateFields).toEqual({ protectionType: 'PAR3', salt: SALT });
    expect(decide('recordDecision', undefined).privateFields).toBeUndefined();
  });

  it('refuses fields the transition does not declare, unknown fields, and empty objects', () => {
    expect(codeOf(() => decide('recordDecision', { titleType: 'AE_25_1', salt: SALT }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide('recordDecision', { name: 'Max Mustermann', salt: SALT }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide('recordDecision', { salt: SALT }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide('recordDecision', { protectionType: 'ASYL', salt: SALT }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide('recordDecision', { protectionType: 'PAR3' }))).toBe('VALIDATION_FAILED');
  });

  it('needs a case that has a Land', () => {
    const noLand = { ...FIXTURES.lodgeApplication.current!, landCode: null };
    expect(codeOf(() => decide('lodgeApplication', { responsibleUnit: 'AE-01', salt: SALT }, noLand))).toBe('VALIDATION_FAILED');
  });
});

describe('directory effects on targets', () => {
  it('leaves inactive authorities out of the targets', () => {
    const directory = {
      authorities: DIRECTORY.authorities.map((entry) => (entry.mspId === 'LDSMSP' ? { ...entry, active: false } : entry)),
    };
    const fixture = FIXTURES.lodgeApplication;
    const allocated = { ...fixture.current!, responsible: 'ABHMSP' };
    const outcome = decideTransition('lodgeApplication', allocated, parseTransitionInput('lodgeApplication', fixture.input), {
      ...contextFor(bamf.caseworker),
      directory,
    });
    expect(outcome.event.targets).toEqual(['ABHMSP']);
  });
});

describe('closing the holes found in review', () => {
  it('keeps an Ausländerbehörde to the cases it is responsible for', () => {
    const otherAbhCase = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', responsible: 'LDSMSP' });
    const input = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode: 'REMOVAL' });
    expect(codeOf(() => decideTransition('recordDeparture', otherAbhCase, input, contextFor(abh)))).toBe('FORBIDDEN_ORG');
  });

  it('marks a decision final only after the suit period', () => {
    const served = caseIn('SERVED', { outcomeClass: 'REJECTED', servedOn: '2026-11-20', dueBy: '2026-12-04' });
    const input = parseTransitionInput('markFinal', { caseRef: CASE_REF, requestId: requestId(), ...on });
    expect(codeOf(() => decideTransition('markFinal', served, input, contextFor(bamf.caseworker)))).toBe('FINALITY_PREMATURE');
    const onTheLastDay = parseTransitionInput('markFinal', { caseRef: CASE_REF, requestId: requestId(), effectiveOn: '2026-12-04' });
    expect(codeOf(() => decideTransition('markFinal', served, onTheLastDay, contextFor(bamf.caseworker, { today: '2026-12-04' })))).toBe('FINALITY_PREMATURE');
    const dayAfter = parseTransitionInput('markFinal', { caseRef: CASE_REF, requestId: requestId(), effectiveOn: '2026-12-05' });
    expect(decideTransition('markFinal', served, dayAfter, contextFor(bamf.caseworker, { today: '2026-12-05' })).record.state).toBe('FINAL');
  });

  it('accepts an urgent application after finality, keeps the state, and lifts the hold by a court outcome', () => {
    const required = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', responsible: 'ABHMSP' });
    const urgent = decideTransition(
      'recordUrgentApplication',
      required,
      parseTransitionInput('recordUrgentApplication', { caseRef: CASE_REF, requestId: requestId(1), ...on }),
      contextFor(bamf.litigation),
    ).record;
    expect(urgent).toMatchObject({ state: 'DEPARTURE_REQUIRED', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
    const removal = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(2), ...on, mode: 'REMOVAL' });
    expect(codeOf(() => decideTransition('recordDeparture', urgent, removal, contextFor(abh)))).toBe('REMOVAL_HOLD_ACTIVE');
    const rejected = decideTransition(
      'recordCourtOutcome',
      urgent,
      parseTransitionInput('recordCourtOutcome', { caseRef: CASE_REF, requestId: requestId(3), ...on, result: 'URGENT_APPLICATION_REJECTED' }),
      contextFor(bamf.litigation),
    ).record;
    expect(rejected).toMatchObject({ state: 'DEPARTURE_REQUIRED', holds: [] });
    const dismissed = parseTransitionInput('recordCourtOutcome', { caseRef: CASE_REF, requestId: requestId(4), ...on, result: 'APPEAL_DISMISSED' });
    expect(codeOf(() => decideTransition('recordCourtOutcome', urgent, dismissed, contextFor(bamf.litigation)))).toBe('INVALID_TRANSITION');
  });

  it('records a decision after a missed hearing, not before the hearing', () => {
    const input = parseTransitionInput('recordDecision', { caseRef: CASE_REF, requestId: requestId(), ...on, outcomeClass: 'REJECTED', track: 'REGULAR' });
    const missed = caseIn('HEARING_SCHEDULED', { hearing: 'MISSED' });
    expect(decideTransition('recordDecision', missed, input, contextFor(bamf.caseworker)).record.state).toBe('DECIDED');
    const pending = caseIn('HEARING_SCHEDULED', { hearing: 'SCHEDULED' });
    expect(codeOf(() => decideTransition('recordDecision', pending, input, contextFor(bamf.caseworker)))).toBe('INVALID_TRANSITION');
  });

  it('lets a tolerated person leave voluntarily, and refuses enforcement of an unserved Dublin decision', () => {
    const tolerated = caseIn('TOLERATED', { outcomeClass: 'REJECTED', holds: [], responsible: 'ABHMSP' });
    const voluntary = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode: 'VOLUNTARY' });
    expect(decideTransition('recordDeparture', tolerated, voluntary, contextFor(abh)).record.state).toBe('LEFT');
    const removal = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode: 'REMOVAL' });
    expect(codeOf(() => decideTransition('recordDeparture', tolerated, removal, contextFor(abh)))).toBe('INVALID_TRANSITION');
    const unserved = caseIn('DECIDED', { outcomeClass: 'INADMISSIBLE' });
    const transfer = parseTransitionInput('recordDeparture', { caseRef: CASE_REF, requestId: requestId(), ...on, mode: 'DUBLIN_TRANSFER' });
    expect(codeOf(() => decideTransition('recordDeparture', unserved, transfer, contextFor(lds.zab)))).toBe('INVALID_TRANSITION');
  });

  it('lets a participant from another Land attest, and does not wait for retired participants', () => {
    const closed = caseIn('CLOSED', { outcomeClass: 'PROTECTION', participants: ['ABHMSP', 'BAMFMSP', 'LBYMSP', 'LDSMSP'] });
    const bavariaAdmin = { mspId: 'LBYMSP', role: 'ADMIN' as const, kind: 'LAND' as const, landCode: 'DE-BY' };
    const attest = parseTransitionInput('attestMappingDeleted', { caseRef: CASE_REF, requestId: requestId() });
    expect(decideTransition('attestMappingDeleted', closed, attest, contextFor(bavariaAdmin)).record.erasureAttestations).toEqual(['LBYMSP']);
    const retired = {
      authorities: DIRECTORY.authorities.map((entry) => (entry.mspId === 'LBYMSP' ? { ...entry, active: false } : entry)),
    };
    const attested = { ...closed, erasureAttestations: ['ABHMSP', 'BAMFMSP', 'LDSMSP'] };
    const erase = parseTransitionInput('eraseCase', { caseRef: CASE_REF, requestId: requestId(), ground: 'GOVERNANCE_DECISION' });
    expect(decideTransition('eraseCase', attested, erase, { ...contextFor(bamf.admin), directory: retired }).record.state).toBe('ERASED');
    expect(codeOf(() => decideTransition('eraseCase', attested, erase, contextFor(bamf.admin)))).toBe('ERASURE_NOT_ALLOWED');
  });

  it('does not make every Ausländerbehörde of the Land a participant before allocation', () => {
    const fixture = FIXTURES.lodgeApplication;
    const outcome = decideTransition('lodgeApplication', fixture.current, parseTransitionInput('lodgeApplication', fixture.input), contextFor(bamf.caseworker));
    expect(outcome.event.targets).toEqual(['LDSMSP']);
  });
});
