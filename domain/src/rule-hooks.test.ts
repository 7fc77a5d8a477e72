import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Actor } from './authorities';
import type { CaseRecord } from './case-record';
import { checkCaseScope } from './case-scope';
import { ChaincodeError } from './chaincode-error';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { checkErasureAllowed } from './erasure-precondition';
import { refuseEnforcedDepartureUnderHold } from './removal-hold-check';
import { newResponsibleOfKinds, resolveLandAuthority } from './responsible-authority';
import { actor, caseIn, contextFor, DIRECTORY, finalSince, FIXTURES, TODAY } from './test-support/fixtures';
import type { TransitionRule } from './transition-rule';
import { TRANSITIONS, TRANSITION_TYPES } from './transitions';
import { DEPARTURE_MODES, type ErasureGround } from './vocabulary';

const lds = actor('LAND_ZAB', 'LAND');
const abh = actor('ABH', 'ABH');
const bavaria: Actor = { mspId: 'LBYMSP', role: 'LAND_ZAB', kind: 'LAND', landCode: 'DE-BY' };
const context = contextFor(lds);

/** A refusal's code and details, or 'none'. */
function shape(error: ChaincodeError | undefined): { code: string; details: object } | 'none' {
  return error ? { code: error.code, details: error.details } : 'none';
}

describe('case scopes', () => {
  const saxon = caseIn('ARRIVED', { responsible: 'LDSMSP', participants: ['BAMFMSP', 'LDSMSP'] });

  it.each([
    ['CASE_LAND', lds, 'none'],
    ['CASE_LAND', bavaria, { code: 'FORBIDDEN_ORG', details: { mspId: 'LBYMSP', landCode: 'DE-SN' } }],
    ['CASE_LAND', abh, { code: 'FORBIDDEN_ORG', details: { mspId: 'ABHMSP', responsible: 'LDSMSP' } }],
    ['CASE_LAND', actor('BAMF_CASEWORKER', 'FEDERAL'), 'none'],
    ['PARTICIPANT', lds, 'none'],
    ['PARTICIPANT', bavaria, { code: 'FORBIDDEN_ORG', details: { mspId: 'LBYMSP' } }],
    ['PARTICIPANT', abh, { code: 'FORBIDDEN_ORG', details: { mspId: 'ABHMSP' } }],
    ['EVENT_WRITER', bavaria, 'none'],
    ['EVENT_WRITER', abh, 'none'],
  ] as const)('%s for %o: %o', (scope, who, expected) => {
    expect(shape(checkCaseScope(scope, saxon, who))).toEqual(expected);
  });

  it('lets the responsible ABH of the case Land act', () => {
    expect(shape(checkCaseScope('CASE_LAND', { ...saxon, responsible: 'ABHMSP' }, abh))).toBe('none');
  });
});

describe('the removal hold before the from-state (recordDeparture)', () => {
  const held = caseIn('ARRIVED', { holds: ['REMOVAL_SUSPENDED_DULDUNG'] });

  it.each(DEPARTURE_MODES.map((mode) => [mode] as const))('%s under a hold', (mode) => {
    const refusal = refuseEnforcedDepartureUnderHold(held, { mode });
    if (mode === 'VOLUNTARY') expect(refusal).toBeUndefined();
    else expect(shape(refusal)).toEqual({ code: 'REMOVAL_HOLD_ACTIVE', details: { mode, holds: ['REMOVAL_SUSPENDED_DULDUNG'] } });
  });

  it('lets every mode pass without a hold', () => {
    for (const mode of DEPARTURE_MODES) expect(refuseEnforcedDepartureUnderHold(caseIn('ARRIVED'), { mode })).toBeUndefined();
  });
});

describe('a new responsible within the Land (allocateToMunicipality, transferResponsibility)', () => {
  const arrived = caseIn('ARRIVED', { responsible: 'LDSMSP' });
  const refused = { code: 'VALIDATION_FAILED', details: { field: 'responsible' } };

  it.each([
    [['ABH'], 'ABHMSP', 'none'],
    [['ABH'], 'LDSMSP', refused],
    [['ABH'], 'LBYMSP', refused],
    [['ABH'], 'NOSUCHMSP', refused],
    [['LAND', 'ABH'], 'LBYMSP', refused],
    [['LAND', 'ABH'], 'LDSMSP', refused],
  ] as const)('of kinds %o: %s gives %o', (kinds, responsible, expected) => {
    expect(shape(newResponsibleOfKinds(kinds)(arrived, { responsible }, context))).toEqual(expected);
  });

  it('says which kinds and which Land, and tells "already responsible" apart', () => {
    expect(newResponsibleOfKinds(['LAND', 'ABH'])(arrived, { responsible: 'LBYMSP' }, context)?.message).toBe(
      'responsible must be an active LAND or ABH authority of DE-SN',
    );
    expect(newResponsibleOfKinds(['LAND', 'ABH'])(arrived, { responsible: 'LDSMSP' }, context)?.message).toBe(
      'the new responsible authority is already responsible',
    );
  });

  it('refuses a retired authority', () => {
    const retired = { ...context, directory: { authorities: DIRECTORY.authorities.map((entry) => ({ ...entry, active: entry.mspId !== 'ABHMSP' })) } };
    expect(shape(newResponsibleOfKinds(['ABH'])(arrived, { responsible: 'ABHMSP' }, retired))).toEqual(refused);
  });
});

describe('the Land authority of a distribution (recordDistribution)', () => {
  const twoInSaxony = {
    ...context,
    directory: { authorities: [...DIRECTORY.authorities, { mspId: 'LDS2MSP', kind: 'LAND' as const, landCode: 'DE-SN', active: true }] },
  };

  it('picks the only LAND authority of the Land, or the one named', () => {
    expect(resolveLandAuthority({ landCode: 'DE-SN' }, context)).toBe('LDSMSP');
    expect(resolveLandAuthority({ landCode: 'DE-BY', responsible: 'LBYMSP' }, context)).toBe('LBYMSP');
    expect(resolveLandAuthority({ landCode: 'DE-SN', responsible: 'LDS2MSP' }, twoInSaxony)).toBe('LDS2MSP');
  });

  it.each([
    ['no LAND authority in the Land', { landCode: 'DE-HH' }, context],
    ['two and none named', { landCode: 'DE-SN' }, twoInSaxony],
    ['a named one of another Land', { landCode: 'DE-SN', responsible: 'LBYMSP' }, context],
    ['a named one of another kind', { landCode: 'DE-SN', responsible: 'ABHMSP' }, context],
  ])('refuses %s', (_what, input, where) => {
    expect(() => resolveLandAuthority(input, where)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'responsible', landCode: input.landCode } }),
    );
  });
});

describe('the erasure precondition (eraseCase)', () => {
  const closed = caseIn('CLOSED', { dates: finalSince('2016-01-01'), participants: ['ABHMSP', 'LDSMSP'], erasureAttestations: ['ABHMSP', 'LDSMSP'] });
  const noDays = { ...closed.dates, finalOn: null, closedOn: null };

  it.each<[string, CaseRecord, ErasureGround, ReturnType<typeof shape>]>([
    ['retention expired, all attested', closed, 'RETENTION_EXPIRED', 'none'],
    ['retention running', { ...closed, dates: finalSince('2026-01-01') }, 'RETENTION_EXPIRED', { code: 'ERASURE_NOT_ALLOWED', details: { retainUntil: '2036-01-01' } }],
    ['retention unset', { ...closed, dates: noDays }, 'RETENTION_EXPIRED', { code: 'ERASURE_NOT_ALLOWED', details: { retainUntil: null } }],
    ['retention running, governance ground', { ...closed, dates: finalSince('2026-01-01') }, 'GOVERNANCE_DECISION', 'none'],
    ['an attestation missing', { ...closed, erasureAttestations: ['LDSMSP'] }, 'RETENTION_EXPIRED', { code: 'ERASURE_NOT_ALLOWED', details: { missing: ['ABHMSP'] } }],
  ])('%s', (_what, current, ground, expected) => {
    expect(shape(checkErasureAllowed(current, { ground }, { ...context, today: TODAY }))).toEqual(expected);
  });

  it('lets a governance override erase at once, retention running and attestations missing, only with its decision number', () => {
    const unattested = { ...closed, dates: finalSince('2026-01-01'), erasureAttestations: [] };
    const check = (input: { ground: ErasureGround; decisionRef?: string }) => shape(checkErasureAllowed(unattested, input, { ...context, today: TODAY }));
    expect(check({ ground: 'GOVERNANCE_OVERRIDE', decisionRef: '2026-17' })).toBe('none');
    expect(check({ ground: 'GOVERNANCE_OVERRIDE' })).toEqual({ code: 'VALIDATION_FAILED', details: { field: 'decisionRef' } });
    expect(check({ ground: 'GOVERNANCE_DECISION', decisionRef: '2026-17' })).toEqual({ code: 'VALIDATION_FAILED', details: { field: 'decisionRef' } });
    expect(check({ ground: 'GOVERNANCE_DECISION' })).toMatchObject({ code: 'ERASURE_NOT_ALLOWED', details: { missing: ['ABHMSP', 'LDSMSP'] } });
  });

  it('records the override as such: the tombstone keeps ground and decision number as its last input; a name is no decision number', () => {
    const unattested = { ...FIXTURES.eraseCase.current!, erasureAttestations: [] };
    const input = parseTransitionInput('eraseCase', { ...FIXTURES.eraseCase.input, ground: 'GOVERNANCE_OVERRIDE', decisionRef: '2026-17' });
    const erased = decideTransition('eraseCase', unattested, input, contextFor(actor('ADMIN', 'FEDERAL')));
    expect(erased.record).toMatchObject({ state: 'ERASED', lastInput: { ground: 'GOVERNANCE_OVERRIDE', decisionRef: '2026-17' } });
    expect(() => parseTransitionInput('eraseCase', { ...FIXTURES.eraseCase.input, ground: 'GOVERNANCE_OVERRIDE', decisionRef: 'MUELLER-1962' })).toThrow(/decisionRef/);
  });
});

describe('the participants of an erased case (freezesParticipants)', () => {
  it('lets no one join by erasing, while other transitions add the submitter', () => {
    const fixture = FIXTURES.eraseCase;
    const withoutBamf = { ...fixture.current!, participants: ['ABHMSP', 'LDSMSP'], erasureAttestations: ['ABHMSP', 'LDSMSP'] };
    const erased = decideTransition('eraseCase', withoutBamf, parseTransitionInput('eraseCase', fixture.input), contextFor(actor('ADMIN', 'FEDERAL')));
    expect(erased.record.participants).toEqual(['ABHMSP', 'LDSMSP']);
    const lodged = decideTransition(
      'lodgeApplication',
      { ...FIXTURES.lodgeApplication.current!, participants: ['LDSMSP'] },
      parseTransitionInput('lodgeApplication', FIXTURES.lodgeApplication.input),
      contextFor(actor('BAMF_CASEWORKER', 'FEDERAL')),
    );
    expect(lodged.record.participants).toEqual(['BAMFMSP', 'LDSMSP']);
  });
});

describe('the flags of the table', () => {
  const having = (flag: 'needsHistory' | 'freezesParticipants' | 'purgesPrivateData'): string[] =>
    TRANSITION_TYPES.filter((type) => (TRANSITIONS[type] as TransitionRule)[flag] === true);

  it('lets only a correction read the history, and only an erasure freeze participants and purge private data', () => {
    expect(having('needsHistory')).toEqual(['correctEvent']);
    expect(having('freezesParticipants')).toEqual(['eraseCase']);
    expect(having('purgesPrivateData')).toEqual(['eraseCase']);
  });

  it('gives a rule its own decision only together with the history it replays', () => {
    for (const type of TRANSITION_TYPES) {
      const rule = TRANSITIONS[type] as TransitionRule;
      expect([type, rule.decide !== undefined]).toEqual([type, rule.needsHistory === true]);
    }
  });
});

describe('the engine (decide-transition.ts)', () => {
  const source = readFileSync(path.join(__dirname, 'decide-transition.ts'), 'utf8');

  it('names no transaction: what a transition does of its own is a hook of its rule', () => {
    expect(TRANSITION_TYPES.filter((type) => source.includes(`'${type}'`) || source.includes(`"${type}"`))).toEqual([]);
  });

  it('casts no input through unknown', () => {
    expect(source).not.toContain('as unknown as');
  });
});
